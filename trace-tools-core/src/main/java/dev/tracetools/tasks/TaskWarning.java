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

import org.jspecify.annotations.Nullable;

/**
 * A warning about a task or an executor: the JVM counterparts of tokio-console's lints.
 * Each has a threshold and can be switched off ({@link ConsoleOptions}).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum TaskWarning {

	/** One poll was busy for longer than the threshold. */
	LONG_POLL("long-poll",
			"A single poll ran longer than the threshold, blocking an executor thread: move blocking work "
					+ "to a dedicated executor or split it into shorter steps."),

	/**
	 * Not done and idle (not polled), or blocked on a future, for longer than the
	 * threshold.
	 */
	STUCK("stuck", "The task is not done and has waited (idle, or blocked on a future) for longer than the threshold: "
			+ "a future it waits for may never complete, so check that every path completes it or add a " + "timeout."),

	/** The p99 time from wake to poll exceeded the threshold. */
	SCHEDULING_DELAY("scheduling-delay",
			"Tasks waited longer than the threshold (p99) between being woken and being polled, so the "
					+ "executor is saturated: add threads, bound the producers, or move slow tasks elsewhere."),

	/** Tasks of one name failed at least the threshold number of times. */
	FAILED("failed",
			"The task ended with an exception: look at the error and the task's events, and handle "
					+ "or log the failure where it happens."),

	/** An executor rejected at least the threshold number of tasks. */
	REJECTED("rejected", "The executor rejected the task, so it never ran: its queue is full or it is shutting down, "
			+ "so enlarge the queue or pool, or slow down the producers.");

	private final String value;

	private final String meaning;

	TaskWarning(String value, String meaning) {
		this.value = value;
		this.meaning = meaning;
	}

	/**
	 * The warning's name in properties, query parameters and JSON.
	 * @return the name, such as {@code long-poll}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * What the warning means and what to do about it, in one sentence.
	 * @return the sentence
	 */
	public String meaning() {
		return this.meaning;
	}

	/**
	 * Return the warning of the given name.
	 * @param value a name such as {@code long-poll} (case-insensitive)
	 * @return the warning
	 * @throws IllegalArgumentException if no warning has that name
	 */
	public static TaskWarning of(String value) {
		TaskWarning warning = find(value.trim().toLowerCase(Locale.ROOT));
		if (warning == null) {
			throw new IllegalArgumentException("Unknown warning '" + value + "': valid values are " + names());
		}
		return warning;
	}

	/**
	 * Return the warning of the given name.
	 * @param value a lower-case name such as {@code long-poll}
	 * @return the warning, or {@code null} if none has that name
	 */
	static @Nullable TaskWarning find(String value) {
		for (TaskWarning warning : values()) {
			if (warning.value.equals(value)) {
				return warning;
			}
		}
		return null;
	}

	static String names() {
		StringBuilder names = new StringBuilder();
		for (TaskWarning warning : values()) {
			names.append((names.length() > 0) ? ", " : "").append(warning.value);
		}
		return names.toString();
	}

}
