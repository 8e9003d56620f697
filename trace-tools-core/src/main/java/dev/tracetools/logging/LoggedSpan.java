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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What the logging layer keeps per span: the count of log events recorded so far and
 * whether the span stopped, in one int (16 bytes a span); {@link TimedSpan} adds the busy
 * time the {@code close} line prints, kept only when that line is on. The MDC values are
 * read from the span's context when they are written ({@link SpanMdc}): they are per call
 * site, and the task id's text is built once per task.
 *
 * @author trace-tools
 */
sealed class LoggedSpan permits TimedSpan {

	private static final VarHandle EVENTS;

	static {
		try {
			EVENTS = MethodHandles.lookup().findVarHandle(LoggedSpan.class, "events", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * The events reserved so far, or once the span stopped, a negative number: the stop
	 * writes {@link Integer#MIN_VALUE} with release semantics (no full fence per span),
	 * and a reservation racing it counts up from there, staying negative. A record that
	 * races the stop may still be recorded, as with a volatile flag.
	 */
	private volatile int events;

	/**
	 * Reserve the slot of the next log event.
	 * @param max the cap on events
	 * @return the index of the event, or {@code -1} once the cap and its marker were
	 * recorded, or once the span stopped
	 */
	int nextEvent(int max) {
		int reserved = this.events;
		if (reserved < 0 || reserved > max) {
			return -1;
		}
		int index = (int) EVENTS.getAndAdd(this, 1);
		return (index < 0 || index > max) ? -1 : index;
	}

	boolean isStopped() {
		return (int) EVENTS.getAcquire(this) < 0;
	}

	void stopped() {
		EVENTS.setRelease(this, Integer.MIN_VALUE);
	}

}
