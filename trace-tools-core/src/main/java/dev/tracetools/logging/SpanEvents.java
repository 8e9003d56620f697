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

/**
 * Which span lifecycle lines the logging layer writes through the
 * {@code dev.tracetools.span} logger: the counterpart of tracing-subscriber's
 * {@code FmtSpan}. A span's {@code new} line is written when its observation starts,
 * {@code enter} and {@code exit} when a scope of it opens and closes on some thread, and
 * {@code close} when it stops, with the time it was busy (at least one of its scopes was
 * open) and idle (the rest of its life).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum SpanEvents {

	/** No lifecycle lines. */
	NONE(0),

	/** One line when a span starts. */
	NEW(SpanEvents.NEW_BIT),

	/** One line each time a scope of a span opens. */
	ENTER(SpanEvents.ENTER_BIT),

	/** One line each time a scope of a span closes. */
	EXIT(SpanEvents.EXIT_BIT),

	/** One line when a span stops, with {@code time.busy} and {@code time.idle}. */
	CLOSE(SpanEvents.CLOSE_BIT),

	/** The {@code enter} and {@code exit} lines. */
	ACTIVE(SpanEvents.ENTER_BIT | SpanEvents.EXIT_BIT),

	/**
	 * Every lifecycle line: {@code new}, {@code enter}, {@code exit} and {@code close}.
	 */
	FULL(SpanEvents.NEW_BIT | SpanEvents.ENTER_BIT | SpanEvents.EXIT_BIT | SpanEvents.CLOSE_BIT);

	private static final int NEW_BIT = 1;

	private static final int ENTER_BIT = 2;

	private static final int EXIT_BIT = 4;

	private static final int CLOSE_BIT = 8;

	private final int bits;

	SpanEvents(int bits) {
		this.bits = bits;
	}

	boolean onNew() {
		return (this.bits & NEW_BIT) != 0;
	}

	boolean onEnter() {
		return (this.bits & ENTER_BIT) != 0;
	}

	boolean onExit() {
		return (this.bits & EXIT_BIT) != 0;
	}

	boolean onClose() {
		return (this.bits & CLOSE_BIT) != 0;
	}

}
