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

package dev.tracetools.observe;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The time of the observation event (start, scope opened, scope closed, stop) that the
 * layers handle on this thread, read once for all of them: the flamegraph's widths, the
 * timeline's scopes and the {@code close} line's busy and idle time of a span then
 * measure the same instants, whatever the layers handled before spent, or however long
 * the thread waited for a core, in between. Outside such an event (a layer installed as a
 * handler of its own, a test), each read is a read of {@link System#nanoTime()}.
 * <p>
 * A task's polls are timed once by its own record ({@code TaskTimes}); the events of a
 * task span read no clock here.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class EventClock {

	private static final ThreadLocal<EventClock> CURRENT = ThreadLocal.withInitial(EventClock::new);

	/**
	 * The nesting of events handled on this thread (a layer's work may start another).
	 */
	private int depth;

	/** The time of the innermost event, or {@code 0} until a layer reads it. */
	private long nanos;

	private EventClock() {
	}

	/**
	 * The time of the event the layers handle now on this thread, read from
	 * {@link System#nanoTime()} by the first layer that asks; outside an event, the time
	 * now.
	 * @return the time, in {@link System#nanoTime()} units
	 */
	public static long nanoTime() {
		EventClock clock = CURRENT.get();
		if (clock.depth == 0) {
			return System.nanoTime();
		}
		long nanos = clock.nanos;
		if (nanos == 0) {
			nanos = System.nanoTime();
			clock.nanos = nanos;
		}
		return nanos;
	}

	/**
	 * The clock of this thread, which an event of the given span is about to be handed to
	 * the layers with, or {@code null} if the span's times are its task's.
	 */
	static @Nullable EventClock of(Observation.Context context) {
		return (context instanceof ObservedSpanContext span && span.timedByItsTask()) ? null : CURRENT.get();
	}

	/**
	 * An event starts: its time is read by the first layer that asks.
	 * @return the time of the event this one is nested in, restored by {@link #end}
	 */
	long begin() {
		long outer = this.nanos;
		this.depth++;
		this.nanos = 0;
		return outer;
	}

	/**
	 * The event ends.
	 * @param outer what {@link #begin()} answered
	 */
	void end(long outer) {
		this.depth--;
		this.nanos = outer;
	}

}
