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

package dev.tracetools.flamegraph;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * What a flamegraph's widths measure.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum FlamegraphMode {

	/**
	 * Self busy time: per thread, the time between two consecutive scope events goes to
	 * the innermost span open on that thread. Shows where threads spend their time.
	 */
	BUSY,

	/**
	 * Scheduling delay: for each poll of a task, the time from its last wake (its
	 * submission, or the completion of a future it waited for) or the end of its previous
	 * poll, whichever is later, to the start of the poll. Shows where work waits for a
	 * thread.
	 */
	SCHEDULED,

	/**
	 * Sampled CPU: JDK Flight Recorder's execution samples, each under the span open on
	 * the sampled thread at the sample's time and continued with the sample's Java
	 * methods; a stack's width is its samples times the sampling interval. Needs
	 * profiling to be on.
	 */
	CPU,

	/**
	 * Waits: JDK Flight Recorder's park, monitor, sleep and I/O events over their
	 * thresholds, each under the span open on the waiting thread during the wait and
	 * continued with the blocking stack; a stack's width is the time waited. Needs
	 * profiling to be on.
	 */
	WAIT;

	/**
	 * Whether this mode's widths come from JDK Flight Recorder's samples rather than from
	 * the spans' scopes.
	 * @return whether the mode needs profiling
	 */
	public boolean isSampled() {
		return this == CPU || this == WAIT;
	}

	/**
	 * The mode's name in a query or a property: {@code busy}, {@code scheduled},
	 * {@code cpu} or {@code wait}.
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the mode of the given name, ignoring case.
	 * @param value the name
	 * @return the mode, or {@code null} if there is none of that name
	 */
	public static @Nullable FlamegraphMode of(String value) {
		for (FlamegraphMode mode : values()) {
			if (mode.value().equalsIgnoreCase(value.trim())) {
				return mode;
			}
		}
		return null;
	}

	/**
	 * The names of all modes, for messages: {@code busy, scheduled, cpu, wait}.
	 * @return the names, comma-separated
	 */
	public static String valuesAsText() {
		StringBuilder text = new StringBuilder();
		for (FlamegraphMode mode : values()) {
			text.append((text.length() > 0) ? ", " : "").append(mode.value());
		}
		return text.toString();
	}

}
