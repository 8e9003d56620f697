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

import dev.tracetools.executor.TaskContext;
import dev.tracetools.observe.ObservedSpanContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the logging layer keeps per span: its MDC values, the log events recorded so far,
 * and tracing-subscriber's busy time arithmetic. Busy time is the wall time during which
 * at least one scope of the span was open, on any thread; overlapping scopes count once
 * (a count of open scopes, busy accumulating while it is above zero). Lock-free: the
 * opening of the first scope subtracts its start time from {@code busy}, the closing of
 * the last one adds its end time, so {@code busy} holds the sum of the busy intervals
 * whenever no scope is open.
 *
 * @author trace-tools
 */
final class LoggedSpan {

	private static final VarHandle OPEN_SCOPES;

	private static final VarHandle BUSY;

	private static final VarHandle EVENTS;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			OPEN_SCOPES = lookup.findVarHandle(LoggedSpan.class, "openScopes", int.class);
			BUSY = lookup.findVarHandle(LoggedSpan.class, "busy", long.class);
			EVENTS = lookup.findVarHandle(LoggedSpan.class, "events", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final LoggingLayer layer;

	private final Observation.Context context;

	/** The span's call site and task, for the MDC; {@code null} without MDC keys. */
	private final @Nullable ObservedSpanContext span;

	private final long startNanos;

	private volatile int openScopes;

	private volatile long busy;

	private volatile int events;

	private volatile boolean stopped;

	LoggedSpan(LoggingLayer layer, Observation.Context context, @Nullable ObservedSpanContext span, long startNanos) {
		this.layer = layer;
		this.context = context;
		this.span = span;
		this.startNanos = startNanos;
	}

	LoggingLayer layer() {
		return this.layer;
	}

	Observation.Context context() {
		return this.context;
	}

	// The MDC values are read from the span when a scope opens: they are per call site,
	// and the task id's text is built once per task, on its first poll.

	@Nullable String observedName() {
		return (this.span != null) ? this.span.getObservedName() : null;
	}

	@Nullable String location() {
		return (this.span != null) ? this.span.getCallSite().location() : null;
	}

	@Nullable String taskId() {
		return (this.span instanceof TaskContext task) ? task.getIdText() : null;
	}

	boolean hasMdc() {
		return this.span != null;
	}

	void enter() {
		// Count first, then read the clock: a later first scope never starts before an
		// earlier last scope ended.
		if ((int) OPEN_SCOPES.getAndAdd(this, 1) == 0) {
			BUSY.getAndAdd(this, -System.nanoTime());
		}
	}

	void exit() {
		long now = System.nanoTime();
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

	/**
	 * Reserve the slot of the next log event.
	 * @param max the cap on events
	 * @return the index of the event, or {@code -1} once the cap and its marker were
	 * recorded
	 */
	int nextEvent(int max) {
		if (this.events > max) {
			return -1;
		}
		int index = (int) EVENTS.getAndAdd(this, 1);
		return (index > max) ? -1 : index;
	}

	boolean isStopped() {
		return this.stopped;
	}

	void stopped() {
		this.stopped = true;
	}

}
