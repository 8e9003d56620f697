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

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts a span's values into the MDC when one of its scopes opens and restores the values
 * they replaced when it closes. What was replaced is kept per thread, in a stack that
 * grows once and is then reused, so a scope allocates nothing here beyond what the MDC
 * itself does. Only the trace-tools keys are touched: Micrometer Tracing's
 * {@code traceId} and {@code spanId} are left alone.
 *
 * @author trace-tools
 */
final class SpanMdc {

	private static final int FRAME = 4;

	/** Marks a key the frame did not touch. */
	private static final String UNTOUCHED = new String("untouched");

	private static final ThreadLocal<SpanMdc> CURRENT = ThreadLocal.withInitial(SpanMdc::new);

	private @Nullable Object[] frames = new Object[FRAME * 8];

	private int size;

	private SpanMdc() {
	}

	static void open(LoggedSpan state) {
		CURRENT.get().push(state);
	}

	static void close(LoggedSpan state) {
		CURRENT.get().pop(state);
	}

	private void push(LoggedSpan state) {
		if (this.size + FRAME > this.frames.length) {
			Object[] grown = new Object[this.frames.length * 2];
			System.arraycopy(this.frames, 0, grown, 0, this.size);
			this.frames = grown;
		}
		this.frames[this.size] = state;
		this.frames[this.size + 1] = swap(LoggingLayer.MDC_OBSERVED_NAME, state.observedName());
		this.frames[this.size + 2] = swap(LoggingLayer.MDC_LOCATION, state.location());
		this.frames[this.size + 3] = swap(LoggingLayer.MDC_TASK_ID, state.taskId());
		this.size += FRAME;
	}

	private void pop(LoggedSpan state) {
		int frame = this.size - FRAME;
		// Scopes close in the reverse order they opened; if one was left open, look for
		// the frame of this span further down.
		while (frame >= 0 && this.frames[frame] != state) {
			frame -= FRAME;
		}
		if (frame < 0) {
			return;
		}
		restore(LoggingLayer.MDC_OBSERVED_NAME, this.frames[frame + 1]);
		restore(LoggingLayer.MDC_LOCATION, this.frames[frame + 2]);
		restore(LoggingLayer.MDC_TASK_ID, this.frames[frame + 3]);
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
