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

package dev.tracetools.flamegraph.profiling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.tracetools.flamegraph.ScopeRecorder;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The per-thread record of when each span's scope was open, which lets a JDK Flight
 * Recorder sample read a second later find the span that was open on its thread at its
 * time: the flamegraph layer's {@link ScopeRecorder} that, at every scope opened or
 * closed, writes the layer's time for it ({@link System#nanoTime()}) and the innermost
 * span then open on the thread into a ring of that thread.
 * <p>
 * Give it to the layer only while profiling: it is the whole cost profiling adds to a
 * task. Each event takes no lock, reads no clock and allocates nothing: a thread-local
 * lookup, a volatile read, two array writes and a release store. A ring holds
 * {@code capacity} events, so a sample older than a thread's last {@code capacity} scope
 * events cannot be attributed (it is counted as lost, see
 * {@link JfrProfiler#lostSamples()}).
 * <p>
 * A ring lets go of a span once the profiler has read every event that could fall in its
 * interval ({@link #forgetBefore}): held until its slot came round again (tens of
 * seconds, minutes on a large pool), every span would outlive several young collections
 * and be promoted with all it references. A thread forgets at its next scope event; the
 * profiler forgets for a thread that has had none since, but for its newest event.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ScopeHistory implements ScopeRecorder {

	/** The default number of scope events kept per thread. */
	public static final int DEFAULT_CAPACITY = 1024;

	/**
	 * What {@link #spanAt} answers when the thread's record no longer goes back that far.
	 */
	static final Observation.Context UNKNOWN = new Observation.Context();

	/** What a ring holds in place of a span it let go of. */
	private static final Observation.Context FORGOTTEN = new Observation.Context();

	private final int capacity;

	private final Map<Long, ThreadScopes> byThread = new ConcurrentHashMap<>();

	private final ThreadLocal<ThreadScopes> threads = ThreadLocal.withInitial(this::register);

	/**
	 * The time before which no event is left to attribute: an interval between two scope
	 * events that ended before it is no longer needed. Far in the past until the profiler
	 * says otherwise.
	 */
	private volatile long forgetBefore = System.nanoTime() - (1L << 62);

	/**
	 * Create a record of the scopes of the spans the flamegraph layer counts.
	 * @param capacity the number of scope events kept per thread, rounded up to a power
	 * of two
	 */
	public ScopeHistory(int capacity) {
		if (capacity <= 0) {
			throw new IllegalArgumentException("capacity must be positive but was " + capacity);
		}
		this.capacity = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
	}

	private ThreadScopes register() {
		Thread thread = Thread.currentThread();
		ThreadScopes scopes = new ThreadScopes(thread, this.capacity);
		this.byThread.put(thread.getId(), scopes);
		return scopes;
	}

	@Override
	public void scopeOpened(Observation.Context context, long nanoTime) {
		this.threads.get().opened(context, nanoTime, this.forgetBefore);
	}

	@Override
	public void scopeClosed(Observation.Context context, long nanoTime) {
		this.threads.get().closed(context, nanoTime, this.forgetBefore);
	}

	/**
	 * Say that every sample and wait that happened before the given time has been
	 * attributed, so that the rings may let go of the spans open only before it; a later
	 * lookup of such a time answers {@link #UNKNOWN}. Called by the profiler's thread,
	 * which forgets for the threads idle since.
	 * @param nanoTime the time, on the {@link System#nanoTime()} scale
	 */
	void forgetBefore(long nanoTime) {
		if (nanoTime - this.forgetBefore > 0) {
			this.forgetBefore = nanoTime;
		}
		for (ThreadScopes scopes : this.byThread.values()) {
			scopes.forgetIfIdle(this.forgetBefore);
		}
	}

	/**
	 * The innermost span open on the given thread at the given time.
	 * @param threadId the thread's id
	 * @param nanoTime the time, on the {@link System#nanoTime()} scale
	 * @return the span, {@code null} if none was open, or {@link #UNKNOWN} if the
	 * thread's record does not go back that far
	 */
	Observation.@Nullable Context spanAt(long threadId, long nanoTime) {
		ThreadScopes scopes = this.byThread.get(threadId);
		return (scopes != null) ? scopes.spanAt(nanoTime) : null;
	}

	/**
	 * Forget the records of threads found dead at the previous call: the samples they
	 * took before they died have been read by then.
	 */
	void forgetDeadThreads() {
		for (Iterator<ThreadScopes> it = this.byThread.values().iterator(); it.hasNext();) {
			ThreadScopes scopes = it.next();
			Thread thread = scopes.thread.get();
			if (thread == null || !thread.isAlive()) {
				if (scopes.dead) {
					it.remove();
				}
				scopes.dead = true;
			}
		}
	}

	/**
	 * The number of threads with a record.
	 * @return the number of threads
	 */
	int threads() {
		return this.byThread.size();
	}

	/**
	 * One thread's open spans (read and written by the thread only) and its ring of scope
	 * events (written by the thread, read by the profiler).
	 */
	static final class ThreadScopes {

		private static final VarHandle WRITTEN;

		static {
			try {
				WRITTEN = MethodHandles.lookup().findVarHandle(ThreadScopes.class, "written", long.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final WeakReference<Thread> thread;

		private final int mask;

		private final long[] times;

		private final Observation.@Nullable Context[] spans;

		private Observation.@Nullable Context[] open = new Observation.Context[8];

		private int depth;

		/**
		 * The oldest event whose span the ring still holds (read and written by the
		 * thread).
		 */
		private long kept;

		/**
		 * The newest event forgotten for the thread while it was idle (the profiler's).
		 */
		private long keptWhileIdle;

		@SuppressWarnings("unused") // through WRITTEN
		private volatile long written;

		volatile boolean dead;

		ThreadScopes(Thread thread, int capacity) {
			this.thread = new WeakReference<>(thread);
			this.mask = capacity - 1;
			this.times = new long[capacity];
			this.spans = new Observation.Context[capacity];
		}

		void opened(Observation.Context context, long now, long forgetBefore) {
			if (this.depth == this.open.length) {
				this.open = Arrays.copyOf(this.open, this.depth * 2);
			}
			this.open[this.depth++] = context;
			record(now, context, forgetBefore);
		}

		void closed(Observation.Context context, long now, long forgetBefore) {
			for (int i = this.depth - 1; i >= 0; i--) {
				if (this.open[i] == context) {
					System.arraycopy(this.open, i + 1, this.open, i, this.depth - i - 1);
					this.open[--this.depth] = null;
					record(now, (this.depth > 0) ? this.open[this.depth - 1] : null, forgetBefore);
					return;
				}
			}
		}

		private void record(long now, Observation.@Nullable Context innermost, long forgetBefore) {
			long index = (long) WRITTEN.getOpaque(this);
			int slot = (int) (index & this.mask);
			this.times[slot] = now;
			this.spans[slot] = innermost;
			WRITTEN.setRelease(this, index + 1);
			forget(index, forgetBefore);
		}

		/**
		 * Let go of the spans of the events whose interval ended before the given time
		 * (the next event came before it), up to the newest event, which is kept: each
		 * event is passed once, so this costs nothing per event on average.
		 */
		private void forget(long newest, long forgetBefore) {
			long event = Math.max(this.kept, newest - this.mask);
			while (event < newest && this.times[(int) ((event + 1) & this.mask)] - forgetBefore < 0) {
				this.spans[(int) (event & this.mask)] = FORGOTTEN;
				event++;
			}
			this.kept = event;
		}

		/**
		 * For a thread whose newest event came before the given time: let go of the spans
		 * of the events before that one, once. Should the thread write a whole ring's
		 * worth of events meanwhile, some of its new events are forgotten too: a sample
		 * in them counts as lost, none goes under a wrong span.
		 */
		void forgetIfIdle(long forgetBefore) {
			long newest = (long) WRITTEN.getAcquire(this) - 1;
			if (newest <= this.keptWhileIdle || this.times[(int) (newest & this.mask)] - forgetBefore >= 0) {
				return;
			}
			for (long event = Math.max(this.keptWhileIdle, newest - this.mask); event < newest; event++) {
				this.spans[(int) (event & this.mask)] = FORGOTTEN;
			}
			this.keptWhileIdle = newest;
		}

		Observation.@Nullable Context spanAt(long nanoTime) {
			long written = (long) WRITTEN.getAcquire(this);
			long oldest = Math.max(0, written - this.mask);
			// The last event at or before the time: binary search over the ring, oldest
			// first (times only grow).
			long low = oldest;
			long high = written - 1;
			long found = -1;
			while (low <= high) {
				long mid = (low + high) >>> 1;
				if (this.times[(int) (mid & this.mask)] - nanoTime <= 0) {
					found = mid;
					low = mid + 1;
				}
				else {
					high = mid - 1;
				}
			}
			Observation.Context span = (found >= 0) ? this.spans[(int) (found & this.mask)] : null;
			VarHandle.acquireFence();
			long now = (long) WRITTEN.getAcquire(this);
			if (found < 0) {
				// Before the first event kept: no span if none was ever dropped.
				return (oldest == 0 && now <= this.mask) ? null : UNKNOWN;
			}
			return (now - found < this.mask && span != FORGOTTEN) ? span : UNKNOWN;
		}

	}

}
