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

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.observe.SpanNames;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts a span's values into the MDC while one of its scopes is open and restores the
 * values they replaced when it closes. What was replaced is kept per thread, in a stack
 * of frames (one per open scope) that grows once and is then reused, so a scope allocates
 * nothing here. Only the trace-tools keys are touched: Micrometer Tracing's
 * {@code traceId} and {@code spanId} are left alone.
 * <p>
 * A frame is either written (its values are in the MDC) or pending: with Logback, the
 * {@link LogbackSpanEventBridge} writes the pending frames just before a record is made
 * ({@link #writePending()}), so a scope that logs nothing costs no MDC write, no removal
 * and no task id text; without it, frames are written when the scope opens. The written
 * frames are always the bottom of the stack, so writing the pending ones in order gives
 * the MDC the innermost span's values, and a key the innermost span leaves unset (the
 * task id of an {@code @Observe} span) its enclosing span's value. The values are read
 * from the span's context when they are written: they are per call site, and the task
 * id's text is built once per task.
 *
 * @author trace-tools
 */
final class SpanMdc {

	private static final int FRAME = 4;

	/** Marks a key the frame did not touch. */
	private static final String UNTOUCHED = new String("untouched");

	private static final ThreadLocal<@Nullable SpanMdc> CURRENT = new ThreadLocal<>();

	private @Nullable Object[] frames = new Object[FRAME * 8];

	/** The frames on the stack, times {@link #FRAME}. */
	private int size;

	/** The written frames, the bottom of the stack, times {@link #FRAME}. */
	private int written;

	private SpanMdc() {
	}

	/**
	 * Whether the span has MDC values: trace-tools' own spans have a call site, and a
	 * {@code @Scheduled} run is a task with a method.
	 * @param span the span
	 * @return whether the span has MDC values
	 */
	static boolean hasValues(Observation.Context span) {
		return span instanceof ObservedSpanContext || SpanKeys.SCHEDULED_OBSERVATION.equals(span.getName());
	}

	/**
	 * Push the frame of a scope that opens, its values written now.
	 * @param span the span
	 */
	static void open(Observation.Context span) {
		SpanMdc mdc = current();
		mdc.push(span);
		mdc.write();
	}

	/**
	 * Push the frame of a scope that opens, its values written before the next record
	 * logged on this thread.
	 * @param span the span
	 */
	static void openPending(Observation.Context span) {
		current().push(span);
	}

	/**
	 * Pop the frame of a scope that closes, restoring the values it replaced if it was
	 * written.
	 * @param span the span
	 */
	static void close(Observation.Context span) {
		SpanMdc mdc = CURRENT.get();
		if (mdc != null) {
			mdc.pop(span);
		}
	}

	/**
	 * Write the values of the pending frames of this thread, if any, into the MDC.
	 */
	static void writePending() {
		SpanMdc mdc = CURRENT.get();
		if (mdc != null && mdc.written < mdc.size) {
			mdc.write();
		}
	}

	private static SpanMdc current() {
		SpanMdc mdc = CURRENT.get();
		if (mdc == null) {
			mdc = new SpanMdc();
			CURRENT.set(mdc);
		}
		return mdc;
	}

	private void push(Observation.Context span) {
		if (this.size + FRAME > this.frames.length) {
			Object[] grown = new Object[this.frames.length * 2];
			System.arraycopy(this.frames, 0, grown, 0, this.size);
			this.frames = grown;
		}
		this.frames[this.size] = span;
		this.size += FRAME;
	}

	private void write() {
		for (int frame = this.written; frame < this.size; frame += FRAME) {
			if (this.frames[frame] instanceof ObservedSpanContext span) {
				this.frames[frame + 1] = swap(LoggingLayer.MDC_OBSERVED_NAME, span.getObservedName());
				this.frames[frame + 2] = swap(LoggingLayer.MDC_LOCATION, span.getCallSite().location());
				this.frames[frame + 3] = swap(LoggingLayer.MDC_TASK_ID,
						(span instanceof TaskContext task) ? task.getIdText() : null);
			}
			else if (this.frames[frame] instanceof Observation.Context run) {
				// A @Scheduled run: its name, its method and its id as the other views
				// show them.
				CallSite method = SpanNames.methodOf(run);
				long id = TaskTimes.idOf(run);
				this.frames[frame + 1] = swap(LoggingLayer.MDC_OBSERVED_NAME, SpanNames.nameOf(run));
				this.frames[frame + 2] = swap(LoggingLayer.MDC_LOCATION, (method != null) ? method.location() : null);
				this.frames[frame + 3] = swap(LoggingLayer.MDC_TASK_ID, (id != 0) ? Long.toString(id) : null);
			}
		}
		this.written = this.size;
	}

	private void pop(Observation.Context span) {
		int frame = this.size - FRAME;
		// Scopes close in the reverse order they opened; if one was left open, look for
		// the frame of this span further down.
		while (frame >= 0 && this.frames[frame] != span) {
			frame -= FRAME;
		}
		if (frame < 0) {
			return;
		}
		if (frame < this.written) {
			restore(LoggingLayer.MDC_OBSERVED_NAME, this.frames[frame + 1]);
			restore(LoggingLayer.MDC_LOCATION, this.frames[frame + 2]);
			restore(LoggingLayer.MDC_TASK_ID, this.frames[frame + 3]);
			this.written -= FRAME;
		}
		int above = this.size - frame - FRAME;
		if (above > 0) {
			System.arraycopy(this.frames, frame + FRAME, this.frames, frame, above);
		}
		this.size -= FRAME;
		for (int i = this.size; i < this.size + FRAME; i++) {
			this.frames[i] = null;
		}
	}

	private static @Nullable String swap(String key, @Nullable String value) {
		if (value == null) {
			return UNTOUCHED;
		}
		String previous = MDC.get(key);
		MDC.put(key, value);
		return previous;
	}

	@SuppressWarnings("ReferenceEquality")
	private static void restore(String key, @Nullable Object previous) {
		if (previous == UNTOUCHED) {
			return;
		}
		if (previous == null) {
			MDC.remove(key);
		}
		else {
			MDC.put(key, (String) previous);
		}
	}

}
