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

package dev.tracetools.timeline;

/**
 * One event of the span: a log record, an error, any {@code Observation.Event}.
 *
 * @author trace-tools
 */
final class EventEntry extends Entry {

	final long timeNanos;

	final ThreadLabel thread;

	final String name;

	final String message;

	EventEntry(long timeNanos, ThreadLabel thread, String name, String message) {
		this.timeNanos = timeNanos;
		this.thread = thread;
		this.name = name;
		this.message = message;
	}

	@Override
	long bytes() {
		// The entry, and the message's String (two bytes per char at most).
		return 48 + 24 + 2L * this.message.length();
	}

}
