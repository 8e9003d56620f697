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

import dev.tracetools.observe.EventClock;

/**
 * A {@link LoggedSpan} with tracing-subscriber's busy time arithmetic, for the
 * {@code close} line. Busy time is the wall time during which at least one scope of the
 * span was open, on any thread; overlapping scopes count once (a count of open scopes,
 * busy accumulating while it is above zero). Lock-free: the opening of the first scope
 * subtracts its start time from {@code busy}, the closing of the last one adds its end
 * time, so {@code busy} holds the sum of the busy intervals whenever no scope is open.
 *
 * @author trace-tools
 */
final class TimedSpan extends LoggedSpan {

	private static final VarHandle OPEN_SCOPES;

	private static final VarHandle BUSY;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OPEN_SCOPES = lookup.findVarHandle(TimedSpan.class, "openScopes", int.class);
			BUSY = lookup.findVarHandle(TimedSpan.class, "busy", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long startNanos;

	private volatile int openScopes;

	private volatile long busy;

	TimedSpan(long startNanos) {
		this.startNanos = startNanos;
	}

	void enter() {
		// Count first, then read the clock: a later first scope never starts before an
		// earlier last scope ended (the event's time, which a layer before this one may
		// have read a little earlier: by at most their work).
		if ((int) OPEN_SCOPES.getAndAdd(this, 1) == 0) {
			BUSY.getAndAdd(this, -EventClock.nanoTime());
		}
	}

	void exit() {
		long now = EventClock.nanoTime();
		if ((int) OPEN_SCOPES.getAndAdd(this, -1) == 1) {
			BUSY.getAndAdd(this, now);
		}
	}

	/**
	 * The busy time up to now: a scope still open counts up to now.
	 * @param now the current time
	 * @return the busy time in nanoseconds
	 */
	long busyNanos(long now) {
		long sum = this.busy;
		return (this.openScopes > 0) ? sum + now : sum;
	}

	long totalNanos(long now) {
		return now - this.startNanos;
	}

}
