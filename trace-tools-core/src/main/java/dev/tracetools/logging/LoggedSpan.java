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
 * What the logging layer keeps per span: the count of log events recorded so far and
 * whether the span stopped; {@link TimedSpan} adds the busy time the {@code close} line
 * prints, kept only when that line is on. The MDC values are read from the span when they
 * are written: they are per call site, and the task id's text is built once per task.
 *
 * @author trace-tools
 */
sealed class LoggedSpan permits TimedSpan {

	private static final VarHandle EVENTS;

	private static final VarHandle STOPPED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			EVENTS = lookup.findVarHandle(LoggedSpan.class, "events", int.class);
			STOPPED = lookup.findVarHandle(LoggedSpan.class, "stopped", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Observation.Context context;

	private volatile int events;

	/**
	 * Whether the span stopped: written with release semantics, read with acquire (a
	 * record that races the stop may still be recorded, as with a volatile field; no full
	 * fence per span).
	 */
	private boolean stopped;

	LoggedSpan(Observation.Context context) {
		this.context = context;
	}

	Observation.Context context() {
		return this.context;
	}

	/**
	 * Whether the span has MDC values: trace-tools' own spans have a call site.
	 * @return whether the span has MDC values
	 */
	boolean hasMdc() {
		return this.context instanceof ObservedSpanContext;
	}

	@Nullable String observedName() {
		return (this.context instanceof ObservedSpanContext span) ? span.getObservedName() : null;
	}

	@Nullable String location() {
		return (this.context instanceof ObservedSpanContext span) ? span.getCallSite().location() : null;
	}

	@Nullable String taskId() {
		return (this.context instanceof TaskContext task) ? task.getIdText() : null;
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
		return (boolean) STOPPED.getAcquire(this);
	}

	void stopped() {
		STOPPED.setRelease(this, true);
	}

}
