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

package dev.tracetools.logging;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * A log record written while a span was current, as an event of that span. Every such
 * event has the same {@link #getName() name}, {@value #NAME}, so that a meter handler
 * counts them in one counter per span name; the record itself is in the
 * {@link #getContextualName() contextual name}, {@code LEVEL logger: message} (for
 * example {@code INFO com.example.Jobs: crunching 3 items}), which tracers record as the
 * span event's text; the parts are also available one by one.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanLogEvent implements Observation.Event {

	/** The name of every log event. */
	public static final String NAME = "log";

	private final Level level;

	private final String loggerName;

	private final String message;

	private final @Nullable String exception;

	private final String threadName;

	private final long wallTime;

	private final String contextualName;

	/**
	 * Create a log event.
	 * @param level the record's level
	 * @param loggerName the logger's name
	 * @param message the formatted message
	 * @param exception the class name of the record's exception, if it has one
	 * @param threadName the name of the thread that wrote the record
	 * @param wallTime when the record was written, in milliseconds since the epoch
	 */
	public SpanLogEvent(Level level, String loggerName, String message, @Nullable String exception, String threadName,
			long wallTime) {
		this.level = level;
		this.loggerName = loggerName;
		this.message = message;
		this.exception = exception;
		this.threadName = threadName;
		this.wallTime = wallTime;
		String text = level.name() + " " + loggerName + ": " + message;
		this.contextualName = (exception != null) ? text + " [" + exception + "]" : text;
	}

	@Override
	public String getName() {
		return NAME;
	}

	/**
	 * The record as one line: {@code LEVEL logger: message}, followed by
	 * {@code [exception class]} if the record has an exception.
	 * @return the record's text
	 */
	@Override
	public String getContextualName() {
		return this.contextualName;
	}

	@Override
	public long getWallTime() {
		return this.wallTime;
	}

	/**
	 * The record's level.
	 * @return the level
	 */
	public Level getLevel() {
		return this.level;
	}

	/**
	 * The name of the logger that wrote the record.
	 * @return the logger name
	 */
	public String getLoggerName() {
		return this.loggerName;
	}

	/**
	 * The record's formatted message.
	 * @return the message
	 */
	public String getMessage() {
		return this.message;
	}

	/**
	 * The class name of the record's exception.
	 * @return the class name, or {@code null} if the record has no exception
	 */
	public @Nullable String getException() {
		return this.exception;
	}

	/**
	 * The name of the thread that wrote the record.
	 * @return the thread name
	 */
	public String getThreadName() {
		return this.threadName;
	}

	@Override
	public String toString() {
		return this.contextualName;
	}

}
