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

import java.util.concurrent.atomic.AtomicLong;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code tracetools.task} observation: the task's id, kind, executor and
 * call site as fields, and its {@link TaskTimes times} (wakes and polls), recorded by the
 * code that runs the task and read by every layer. The task is woken once when it is
 * submitted (or when its delay expires), and again for each run of a periodic task.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskContext extends ObservedSpanContext {

	private static final AtomicLong IDS = new AtomicLong();

	private final long id;

	private final TaskTimes times;

	private volatile @Nullable TaskOutcome outcome;

	private @Nullable ObservedTask<?> task;

	private final TaskKeyValues keyValues;

	private @Nullable String idText;

	TaskContext(CallSite callSite, TaskKind kind, KeyValue executorKeyValue, long delayNanos) {
		super(callSite);
		this.id = IDS.incrementAndGet();
		long now = System.nanoTime();
		this.times = new TaskTimes(now, now + Math.max(delayNanos, 0));
		// Neither the low-cardinality keys (task.kind, executor.name, outcome and the
		// call site's) nor task.id are stored in the context's maps: the getters below
		// answer them from key values shared by the tasks of the call site, so a task
		// does not pay the maps' tables, nodes and key values (~400 B).
		this.keyValues = TaskKeyValues.of(callSite, super.fixedLowCardinalityKeyValues(), kind, executorKeyValue);
	}

	TaskKeyValues keyValues() {
		return this.keyValues;
	}

	@Override
	protected KeyValues fixedLowCardinalityKeyValues() {
		return this.keyValues.of(this.outcome);
	}

	@Override
	protected boolean timedByItsTask() {
		return true;
	}

	/**
	 * The task's id, unique within the JVM ({@code task.id}).
	 * @return the id
	 */
	public long getId() {
		return this.id;
	}

	/**
	 * The task's id as text, as logs and traces show it (built once per task).
	 * @return the id
	 */
	public String getIdText() {
		String text = this.idText;
		if (text == null) {
			// Racing threads build equal strings: no need for more than a plain field.
			text = Long.toString(this.id);
			this.idText = text;
		}
		return text;
	}

	/**
	 * The kind of task ({@code task.kind}).
	 * @return the kind
	 */
	public TaskKind getKind() {
		return this.keyValues.kind();
	}

	/**
	 * The bean name of the executor the task was submitted to ({@code executor.name}).
	 * @return the name
	 */
	public String getExecutorName() {
		return this.keyValues.executorName();
	}

	/**
	 * The task's times: its wakes and polls, as the code that runs it recorded them.
	 * @return the times
	 */
	public TaskTimes times() {
		return this.times;
	}

	/**
	 * When the task was submitted, in {@link System#nanoTime()} units.
	 * @return the submission time
	 */
	public long getCreatedNanos() {
		return this.times.createdNanos();
	}

	/**
	 * Reserve a task id from the sequence of {@code task.id}s, for layers that treat
	 * other observations (Spring's {@code tasks.scheduled.execution}) as tasks.
	 * @return a new id, unique within the JVM
	 */
	public static long nextId() {
		return IDS.incrementAndGet();
	}

	/**
	 * How the task ended, once it has.
	 * @return the outcome, or {@code null} while the task is not done
	 */
	public @Nullable TaskOutcome getOutcome() {
		return this.outcome;
	}

	void setOutcome(TaskOutcome outcome) {
		this.outcome = outcome;
	}

	void setTask(ObservedTask<?> task) {
		this.task = task;
	}

	/**
	 * Record that the task's thread, from now until the end of the current poll, is held
	 * waiting for a future: Spring's {@code @Async} interceptor blocks its pool thread on
	 * the future a method returns. The time counts as busy (the thread is not free) and
	 * as {@code blocked}.
	 * @return whether the task is running on this thread (otherwise nothing is recorded)
	 */
	public boolean blockedOnFuture() {
		ObservedTask<?> current = this.task;
		return current != null && current.blocked();
	}

	/**
	 * Record a failure that the task's code caught before it reached the task, so that
	 * the task ends with {@code outcome=ERROR} and this exception: Spring's
	 * {@code @Async} interceptor hands the exception of a {@code void} method to its
	 * {@code AsyncUncaughtExceptionHandler}, and the task returns normally.
	 * @param failure the exception the task's code threw
	 */
	public void failed(Throwable failure) {
		ObservedTask current = this.task;
		if (current != null) {
			current.caught(failure);
		}
	}

	@Override
	public KeyValues getHighCardinalityKeyValues() {
		KeyValues stored = super.getHighCardinalityKeyValues();
		return (super.getHighCardinalityKeyValue(SpanKeys.TASK_ID) != null) ? stored
				: stored.and(new TaskIdKeyValue(this));
	}

	@Override
	public @Nullable KeyValue getHighCardinalityKeyValue(String key) {
		KeyValue stored = super.getHighCardinalityKeyValue(key);
		return (stored == null && SpanKeys.TASK_ID.equals(key)) ? new TaskIdKeyValue(this) : stored;
	}

	private static final class TaskIdKeyValue implements KeyValue {

		private final TaskContext task;

		TaskIdKeyValue(TaskContext task) {
			this.task = task;
		}

		@Override
		public String getKey() {
			return SpanKeys.TASK_ID;
		}

		@Override
		public String getValue() {
			return this.task.getIdText();
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof KeyValue keyValue && getKey().equals(keyValue.getKey())
					&& getValue().equals(keyValue.getValue());
		}

		@Override
		public int hashCode() {
			return 31 * getKey().hashCode() + getValue().hashCode();
		}

		@Override
		public String toString() {
			return "tag(" + getKey() + "=" + getValue() + ")";
		}

	}

}
