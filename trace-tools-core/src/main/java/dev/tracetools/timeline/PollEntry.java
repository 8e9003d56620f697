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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One poll: a scope of the span opened and closed on one thread (a busy section). A
 * span's first poll is its {@link SpanRecord} itself (most spans have one poll, which
 * then costs no object of its own); the others are entries of the span's poll stack.
 *
 * @author trace-tools
 */
class PollEntry extends Entry {

	static final long BYTES = 56;

	private static final int CARRIED = -1;

	private static final long NOT_ENDED = Long.MIN_VALUE;

	private static final VarHandle END;

	static {
		try {
			END = MethodHandles.lookup().findVarHandle(PollEntry.class, "endNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	// Written once before the poll is published (the span's open poll, a thread's
	// stack): by the constructor, or by begin for a span's first poll.

	long startNanos;

	ThreadLabel thread;

	/**
	 * When the task was last woken before this poll; 0 for spans that are not tasks.
	 */
	long wakeNanos;

	/**
	 * When the poll ended, {@link #NOT_ENDED} before (written last; set plainly at
	 * creation, before the entry is published, to spare a fence).
	 */
	private volatile long endNanos;

	/** How long the poll held its thread blocked on a future, at its end. */
	long blockedNanos;

	PollEntry(long startNanos, ThreadLabel thread, long wakeNanos) {
		END.set(this, NOT_ENDED);
		begin(startNanos, thread, wakeNanos);
	}

	/** A first poll not begun yet: a span's record. */
	PollEntry() {
		END.set(this, NOT_ENDED);
		this.thread = ThreadLabel.NONE;
	}

	final void begin(long startNanos, ThreadLabel thread, long wakeNanos) {
		this.startNanos = startNanos;
		this.thread = thread;
		this.wakeNanos = wakeNanos;
	}

	void end(long nanos, long blockedNanos) {
		this.blockedNanos = blockedNanos;
		// A release publishes the blocked time with the end to snapshots (which read the
		// end first, with an acquire); no read of this thread needs to wait for it.
		END.setRelease(this, nanos);
	}

	final boolean isEnded() {
		return this.endNanos != NOT_ENDED;
	}

	long endNanos() {
		return this.endNanos;
	}

	/**
	 * Mark this scope as only opened to carry the span into a child task on another
	 * thread (context propagation): not a poll of the span. Such a poll is never pushed,
	 * so its ordinal says so.
	 */
	final void markCarried() {
		this.ordinal = CARRIED;
	}

	final boolean isCarried() {
		return this.ordinal == CARRIED;
	}

	@Override
	final long bytes() {
		return BYTES;
	}

}
