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

	/** Between polls and not woken: waiting for a timer, or for a future to complete. */
	IDLE,

	/** Completed: its span was stopped. */
	DONE;

	/**
	 * The state's name in query parameters and JSON, lower case.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
