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

import dev.tracetools.executor.TaskTimes;
import org.jspecify.annotations.Nullable;

/**
 * The record of a span that is no task: it keeps its creation and stop times.
 *
 * @author trace-tools
 */
final class PlainSpanRecord extends SpanRecord {

	private static final VarHandle STOPPED_NANOS;

	static {
		try {
			STOPPED_NANOS = MethodHandles.lookup().findVarHandle(PlainSpanRecord.class, "stoppedNanos", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final long createdNanos;

	private volatile long stoppedNanos;

	PlainSpanRecord(long sequence, long parentId, String name, SpanSite site, long createdNanos, ThreadLabel thread) {
		super(sequence, parentId, name, site, thread);
		this.createdNanos = createdNanos;
	}

	@Override
	long taskId() {
		return 0;
	}

	@Override
	long createdNanos() {
		return this.createdNanos;
	}

	@Override
	long stoppedNanos() {
		return this.stoppedNanos;
	}

	@Override
	@Nullable TaskTimes times() {
		return null;
	}

	@Override
	void stopping(long stoppedNanos, @Nullable String name) {
		// A release: a snapshot reads the stop time only once it sees the stopped bit,
		// which markStopped sets after this write (its read-modify-write publishes it).
		// No fence is needed.
		STOPPED_NANOS.setRelease(this, stoppedNanos);
		super.stopping(stoppedNanos, name);
	}

}
