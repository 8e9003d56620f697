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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.tracetools.executor.TaskTimes;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.SpanSamples;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * The in-process profiler: a JDK Flight Recorder stream ({@code RecordingStream}, no
 * agent) of execution samples and waits, each put under the span that was open on its
 * thread at its time ({@link ScopeHistory}) into the flamegraph's {@link SpanSamples},
 * and each task's hottest methods.
 * <p>
 * {@link #start()} fails with a message that says why on a JVM without JDK Flight
 * Recorder; {@link #close()} closes the stream. The stream's buffer is bounded (a few
 * seconds, a few megabytes), as is everything kept here.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class JfrProfiler implements AutoCloseable {

	private static final int MAX_TASKS = 4096;

	private static final int MAX_METHODS_PER_TASK = 64;

	private static final int HOT_METHODS = 10;

	private static final int MAX_PARENT_HOPS = 1024;

	/** What the span of a sample that is dropped or left out is. */
	static final Observation.Context LEFT_OUT = new Observation.Context();

	private final ProfilingOptions options;

	private final ScopeHistory scopes;

	private final SpanSamples samples;

	private final LongAdder sampled = new LongAdder();

	private final LongAdder lost = new LongAdder();

	private final LongAdder lostBytes = new LongAdder();

	private final LongAdder samplerLost = new LongAdder();

	private final Map<Long, Map<String, long[]>> taskMethods = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<Long, Map<String, long[]>> eldest) {
			return size() > MAX_TASKS;
		}

	};

	/** The samples' clears the task methods were last cleared with (under their lock). */
	private long taskMethodsClears;

	private @Nullable AutoCloseable stream;

	private volatile @Nullable Sampler sampler;

	/**
	 * Create a profiler.
	 * @param options what to record
	 * @param scopes the record of the spans' scopes, given to the flamegraph layer
	 * @param samples where samples go, the flamegraph's
	 */
	public JfrProfiler(ProfilingOptions options, ScopeHistory scopes, SpanSamples samples) {
		this.options = options;
		this.scopes = scopes;
		this.samples = samples;
	}

	/**
	 * Why JDK Flight Recorder cannot stream events on this JVM.
	 * @return the reason, or {@code null} if it can
	 */
	public static @Nullable String unavailableReason() {
		try {
			Class.forName("jdk.jfr.consumer.RecordingStream", false, JfrProfiler.class.getClassLoader());
		}
		catch (ClassNotFoundException | LinkageError ex) {
			return "JDK Flight Recorder is not in this Java runtime (no jdk.jfr module)";
		}
		return JfrStream.unavailableReason();
	}

	/**
	 * Start streaming samples.
	 * @throws IllegalStateException if JDK Flight Recorder is unavailable, or the options
	 * ask for {@link Sampler#CPU_TIME} on a JVM without it, with the reason
	 */
	public synchronized void start() {
		if (this.stream != null) {
			return;
		}
		String reason = unavailableReason();
		if (reason != null) {
			throw new IllegalStateException(reason);
		}
		Sampler resolved = JfrStream.resolve(this.options.sampler());
		try {
			this.stream = JfrStream.start(this.options, resolved, this);
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("JDK Flight Recorder could not start a stream: " + ex.getMessage(), ex);
		}
		this.sampler = resolved;
		this.samples.sampleEvery(this.options.interval());
	}

	/**
	 * Whether the stream is running.
	 * @return whether it is
	 */
	public synchronized boolean isRunning() {
		return this.stream != null;
	}

	/**
	 * Close the stream. Samples taken so far stay.
	 */
	@Override
	public synchronized void close() {
		AutoCloseable running = this.stream;
		this.stream = null;
		if (running != null) {
			try {
				running.close();
			}
			catch (Exception ex) {
				// Closing a stream that failed: nothing left to release.
			}
		}
	}

	/**
	 * The options.
	 * @return the options
	 */
	public ProfilingOptions options() {
		return this.options;
	}

	/**
	 * The event that samples the threads since {@link #start()}: the options'
	 * {@link ProfilingOptions#sampler()}, {@link Sampler#AUTO} resolved for this JVM.
	 * @return {@link Sampler#EXECUTION} or {@link Sampler#CPU_TIME}, {@code null} before
	 * the stream started
	 */
	public @Nullable Sampler sampler() {
		return this.sampler;
	}

	/**
	 * How many samples (execution or CPU-time) were read.
	 * @return the number of samples
	 */
	public long samples() {
		return this.sampled.sum();
	}

	/**
	 * How many samples and waits could not be attributed: their thread's scope record no
	 * longer went back to their time (see {@link ProfilingOptions#scopesPerThread()}), or
	 * they could not be read.
	 * @return the number of lost samples
	 */
	public long lostSamples() {
		return this.lost.sum();
	}

	/**
	 * How many bytes of events JDK Flight Recorder discarded ({@code jdk.DataLoss}: its
	 * buffers were full), samples and waits among them, which no count can name.
	 * @return the number of bytes lost
	 */
	public long lostBytes() {
		return this.lostBytes.sum();
	}

	/**
	 * How many samples JDK Flight Recorder's CPU-time sampler could not take, as the JVM
	 * counts them ({@code jdk.CPUTimeSamplesLost}); always 0 with execution samples.
	 * @return the number of samples the sampler lost
	 */
	public long samplerLostSamples() {
		return this.samplerLost.sum();
	}

	/**
	 * The methods where a task's threads were running when sampled (self samples), the
	 * hottest first.
	 * @param taskId the task's id ({@link TaskTimes#idOf})
	 * @return the hottest methods, at most ten, none if the task was not sampled
	 */
	public List<HotMethod> hotMethods(long taskId) {
		List<Map.Entry<String, long[]>> counts;
		synchronized (this.taskMethods) {
			clearTaskMethodsIfSamplesCleared();
			Map<String, long[]> methods = this.taskMethods.get(taskId);
			if (methods == null) {
				return List.of();
			}
			counts = new ArrayList<>(methods.entrySet());
		}
		counts.sort(Comparator.comparingLong((Map.Entry<String, long[]> entry) -> entry.getValue()[0])
			.reversed()
			.thenComparing(Map.Entry::getKey));
		long intervalMicros = this.options.interval().toNanos() / 1000;
		List<HotMethod> hot = new ArrayList<>();
		for (Map.Entry<String, long[]> entry : counts.subList(0, Math.min(HOT_METHODS, counts.size()))) {
			long count = entry.getValue()[0];
			hot.add(new HotMethod(entry.getKey(), count, count * intervalMicros));
		}
		return hot;
	}

	/**
	 * The span an execution sample goes under, looked up before its frames are named:
	 * {@link #LEFT_OUT} if it is dropped (counted) or left out.
	 */
	Observation.@Nullable Context spanOfSample(long threadId, long nanoTime) {
		this.sampled.increment();
		if (this.samples.isBeforeLastClear(nanoTime)) {
			return LEFT_OUT;
		}
		return attribute(threadId, nanoTime, FlamegraphMode.CPU);
	}

	/**
	 * The span a wait goes under: {@link #LEFT_OUT} if it is dropped (counted) or left
	 * out, or ended before the samples were last cleared.
	 * @param nanoTime the middle of the wait, in {@link System#nanoTime()} units
	 * @param endNanos the end of the wait
	 */
	Observation.@Nullable Context spanOfWait(long threadId, long nanoTime, long endNanos) {
		if (this.samples.isBeforeLastClear(endNanos)) {
			return LEFT_OUT;
		}
		return attribute(threadId, nanoTime, FlamegraphMode.WAIT);
	}

	private Observation.@Nullable Context attribute(long threadId, long nanoTime, FlamegraphMode mode) {
		Observation.Context span = this.scopes.spanAt(threadId, nanoTime);
		if (span == ScopeHistory.UNKNOWN) {
			dropped(mode);
			return LEFT_OUT;
		}
		if (span == null && !this.options.samplesOutsideSpans()) {
			return LEFT_OUT;
		}
		return span;
	}

	/**
	 * An execution sample under its span ({@link #spanOfSample}), read by the stream's
	 * thread.
	 */
	void sampled(Observation.@Nullable Context span, @Nullable String threadName, List<String> methods,
			@Nullable String self) {
		this.samples.addCpu(span, JavaFrames.pool(threadName), methods);
		long taskId = (span != null && self != null) ? taskIdOf(span) : 0;
		if (taskId != 0 && self != null) {
			countSelf(taskId, self);
		}
	}

	/**
	 * A wait under its span ({@link #spanOfWait}), read by the stream's thread.
	 */
	void waited(Observation.@Nullable Context span, @Nullable String threadName, List<String> methods, long nanos) {
		this.samples.addWait(span, JavaFrames.pool(threadName), methods, nanos);
	}

	/**
	 * An event the stream's handlers could not read: counted as dropped.
	 */
	void unreadable(FlamegraphMode mode) {
		dropped(mode);
	}

	/**
	 * JDK Flight Recorder discarded events ({@code jdk.DataLoss}): it cannot say which.
	 */
	void dataLost(long bytes) {
		this.lostBytes.add(bytes);
	}

	/**
	 * The CPU-time sampler could not take some samples ({@code jdk.CPUTimeSamplesLost}).
	 */
	void samplerLost(int samples) {
		this.samplerLost.add(samples);
	}

	private void dropped(FlamegraphMode mode) {
		this.lost.increment();
		this.samples.dropped(mode);
	}

	/**
	 * Every sample and wait that happened before the given time has been read: the scope
	 * record may let go of the spans it holds for earlier times. From the stream's
	 * thread.
	 * @param nanoTime the time, on the {@link System#nanoTime()} scale
	 */
	void attributedBefore(long nanoTime) {
		this.scopes.forgetBefore(nanoTime);
	}

	/**
	 * Once a second or so, from the stream's thread.
	 */
	void flushed() {
		this.scopes.forgetDeadThreads();
	}

	/**
	 * A task's hottest methods are part of the samples: forget them when the samples were
	 * cleared. Called under the task methods' lock.
	 */
	private void clearTaskMethodsIfSamplesCleared() {
		long clears = this.samples.clears();
		if (clears != this.taskMethodsClears) {
			this.taskMethods.clear();
			this.taskMethodsClears = clears;
		}
	}

	private void countSelf(long taskId, String method) {
		synchronized (this.taskMethods) {
			clearTaskMethodsIfSamplesCleared();
			Map<String, long[]> methods = this.taskMethods.computeIfAbsent(taskId, (id) -> new HashMap<>());
			long[] count = methods.get(method);
			if (count == null) {
				if (methods.size() >= MAX_METHODS_PER_TASK) {
					return;
				}
				count = new long[1];
				methods.put(method, count);
			}
			count[0]++;
		}
	}

	/** The id of the task the span is or is in (a @Scheduled run is one), or 0. */
	private static long taskIdOf(Observation.Context span) {
		Observation.ContextView view = span;
		for (int hops = 0; view != null && hops < MAX_PARENT_HOPS; hops++) {
			long id = TaskTimes.idOf(view);
			if (id != 0) {
				return id;
			}
			ObservationView parent = view.getParentObservation();
			view = (parent != null) ? parent.getContextView() : null;
		}
		return 0;
	}

}
