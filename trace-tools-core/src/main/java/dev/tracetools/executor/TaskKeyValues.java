/*
 * Copyright 2026 the original authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.tracetools.executor;

import dev.tracetools.observe.CallSite;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The low-cardinality key values of the tasks of one call site, kind and executor, while
 * they run and once they ended with each outcome: built once and shared by those tasks,
 * because handlers (Spring Boot's meter handler twice per task) ask a task for its key
 * values and merging them per task cost a sorted array and a {@code KeyValues} each time.
 *
 * @author trace-tools
 */
final class TaskKeyValues {

	/**
	 * The key values last built at each call site: the tasks of a call site nearly always
	 * go to one executor with one kind.
	 */
	private static final CallSite.Derived<Last> LAST = new CallSite.Derived<>((site) -> new Last());

	private final TaskKind kind;

	private final KeyValue executorKeyValue;

	private final KeyValues running;

	private final KeyValues[] ended;

	/** The meters of these tasks, for the last handler that recorded them. */
	volatile TaskMeterObservationHandler.@Nullable TaskTimers timers;

	private TaskKeyValues(TaskKind kind, KeyValue executorKeyValue, KeyValues siteKeyValues) {
		this.kind = kind;
		this.executorKeyValue = executorKeyValue;
		this.running = siteKeyValues.and(kind.keyValue(), executorKeyValue);
		TaskOutcome[] outcomes = TaskOutcome.values();
		this.ended = new KeyValues[outcomes.length];
		for (TaskOutcome outcome : outcomes) {
			this.ended[outcome.ordinal()] = this.running.and(outcome.keyValue());
		}
	}

	/**
	 * The key values of the tasks of a call site, kind and executor.
	 * @param site the call site
	 * @param siteKeyValues the call site's own key values
	 * @param kind the kind of task
	 * @param executorKeyValue the executor's {@code executor.name}
	 * @return the key values, usually shared with the previous task of the call site
	 */
	static TaskKeyValues of(CallSite site, KeyValues siteKeyValues, TaskKind kind, KeyValue executorKeyValue) {
		Last last = LAST.get(site);
		TaskKeyValues keyValues = last.value;
		if (keyValues == null || keyValues.kind != kind || keyValues.executorKeyValue != executorKeyValue) {
			keyValues = new TaskKeyValues(kind, executorKeyValue, siteKeyValues);
			last.value = keyValues;
		}
		return keyValues;
	}

	TaskKind kind() {
		return this.kind;
	}

	String executorName() {
		return this.executorKeyValue.getValue();
	}

	KeyValues of(@Nullable TaskOutcome outcome) {
		return (outcome != null) ? this.ended[outcome.ordinal()] : this.running;
	}

	private static final class Last {

		volatile @Nullable TaskKeyValues value;

	}

}
