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

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the profiler records: which event samples the threads and at what interval, which
 * wait events (and from which duration), whether samples outside spans are kept, and how
 * many scope events each thread's record keeps.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ProfilingOptions {

	/** The default sampling interval, as JDK Flight Recorder's own default profile. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(20);

	/** The shortest sampling interval allowed. */
	public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

	/** The longest sampling interval allowed. */
	public static final Duration MAX_INTERVAL = Duration.ofSeconds(1);

	/** The default threshold of wait events. */
	public static final Duration DEFAULT_WAIT_THRESHOLD = Duration.ofMillis(10);

	/**
	 * The wait events the profiler can record, without their {@code jdk.} prefix.
	 */
	public static final List<String> WAIT_EVENTS = List.of("ThreadPark", "ThreadSleep", "JavaMonitorEnter",
			"JavaMonitorWait", "SocketRead", "FileRead");

	private final Sampler sampler;

	private final Duration interval;

	private final Map<String, Duration> waits;

	private final boolean samplesOutsideSpans;

	private final int scopesPerThread;

	private ProfilingOptions(Sampler sampler, Duration interval, Map<String, Duration> waits,
			boolean samplesOutsideSpans, int scopesPerThread) {
		if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
			throw new IllegalArgumentException("interval must be between " + MIN_INTERVAL.toMillis() + " ms and "
					+ MAX_INTERVAL.toMillis() + " ms but was " + interval.toMillis() + " ms");
		}
		for (Map.Entry<String, Duration> wait : waits.entrySet()) {
			if (!WAIT_EVENTS.contains(wait.getKey())) {
				throw new IllegalArgumentException("Unknown wait event '" + wait.getKey() + "'; valid values are "
						+ String.join(", ", WAIT_EVENTS));
			}
			if (wait.getValue().isNegative()) {
				throw new IllegalArgumentException(
						"The threshold of " + wait.getKey() + " must not be negative but was " + wait.getValue());
			}
		}
		if (scopesPerThread <= 0) {
			throw new IllegalArgumentException("scopesPerThread must be positive but was " + scopesPerThread);
		}
		this.sampler = sampler;
		this.interval = interval;
		this.waits = Map.copyOf(waits);
		this.samplesOutsideSpans = samplesOutsideSpans;
		this.scopesPerThread = scopesPerThread;
	}

	/**
	 * The default options: execution samples ({@link Sampler#EXECUTION}) every
	 * {@code 20 ms}, every wait event from {@code 10 ms}, samples outside spans kept,
	 * {@value ScopeHistory#DEFAULT_CAPACITY} scope events per thread.
	 * @return the default options
	 */
	public static ProfilingOptions defaults() {
		Map<String, Duration> waits = new LinkedHashMap<>();
		for (String event : WAIT_EVENTS) {
			waits.put(event, DEFAULT_WAIT_THRESHOLD);
		}
		return new ProfilingOptions(Sampler.EXECUTION, DEFAULT_INTERVAL, waits, true, ScopeHistory.DEFAULT_CAPACITY);
	}

	/**
	 * Return a copy that samples with the given event.
	 * @param sampler the event, or {@link Sampler#AUTO} for the best this JVM has
	 * @return the new options
	 */
	public ProfilingOptions withSampler(Sampler sampler) {
		return new ProfilingOptions(sampler, this.interval, this.waits, this.samplesOutsideSpans, this.scopesPerThread);
	}

	/**
	 * Return a copy that samples at the given interval.
	 * @param interval the interval, from 10 ms to 1 s
	 * @return the new options
	 */
	public ProfilingOptions withInterval(Duration interval) {
		return new ProfilingOptions(this.sampler, interval, this.waits, this.samplesOutsideSpans, this.scopesPerThread);
	}

	/**
	 * Return a copy that records the given wait events, each from its threshold.
	 * @param waits the thresholds by event name ({@link #WAIT_EVENTS}); none records no
	 * waits
	 * @return the new options
	 */
	public ProfilingOptions withWaits(Map<String, Duration> waits) {
		return new ProfilingOptions(this.sampler, this.interval, waits, this.samplesOutsideSpans, this.scopesPerThread);
	}

	/**
	 * Return a copy that keeps or leaves out the samples taken while no span was open.
	 * @param samplesOutsideSpans whether to keep them under {@code [no span]}
	 * @return the new options
	 */
	public ProfilingOptions withSamplesOutsideSpans(boolean samplesOutsideSpans) {
		return new ProfilingOptions(this.sampler, this.interval, this.waits, samplesOutsideSpans, this.scopesPerThread);
	}

	/**
	 * Return a copy that keeps the given number of scope events per thread.
	 * @param scopesPerThread the number of events, positive
	 * @return the new options
	 */
	public ProfilingOptions withScopesPerThread(int scopesPerThread) {
		return new ProfilingOptions(this.sampler, this.interval, this.waits, this.samplesOutsideSpans, scopesPerThread);
	}

	/**
	 * The event that samples the threads, as asked: {@link JfrProfiler#sampler()} says
	 * which one {@link Sampler#AUTO} is on this JVM.
	 * @return the sampler
	 */
	public Sampler sampler() {
		return this.sampler;
	}

	/**
	 * The sampling interval: of wall-clock time for {@link Sampler#EXECUTION}, of each
	 * thread's CPU time for {@link Sampler#CPU_TIME}.
	 * @return the interval
	 */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * The wait events recorded, with their thresholds.
	 * @return the thresholds by event name
	 */
	public Map<String, Duration> waits() {
		return this.waits;
	}

	/**
	 * Whether samples taken while no span was open are kept.
	 * @return whether they are
	 */
	public boolean samplesOutsideSpans() {
		return this.samplesOutsideSpans;
	}

	/**
	 * The number of scope events kept per thread.
	 * @return the number
	 */
	public int scopesPerThread() {
		return this.scopesPerThread;
	}

}
