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

package dev.tracetools.tasks;

import java.util.Locale;

import dev.tracetools.executor.TaskTimes;

/**
 * The state of a task, as tokio-console derives it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum TaskState {

	/** Woken (submitted, or its future completed) and waiting for a thread to poll it. */
	SCHEDULED,

	/** Being polled: its scope is open on a thread right now. */
	RUNNING,

	/**
	 * Being polled, but its thread waits for a future (Spring's {@code @Async}
	 * interceptor blocks on the future an {@code @Async} method returns): the thread is
	 * held, so the time counts as busy.
	 */
	BLOCKED,

	/** Between polls and not woken: waiting for a timer, or for a future to complete. */
	IDLE,

	/** Completed: its span was stopped. */
	DONE;

	/**
	 * The state of a task in the given phase of its {@link TaskTimes}.
	 * @param phase the phase
	 * @return the state
	 */
	static TaskState of(TaskTimes.Phase phase) {
		return switch (phase) {
			case SCHEDULED -> SCHEDULED;
			case RUNNING -> RUNNING;
			case BLOCKED -> BLOCKED;
			case IDLE -> IDLE;
			case DONE -> DONE;
		};
	}

	/**
	 * The state's name in query parameters and JSON, lower case.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
