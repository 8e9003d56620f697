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

package dev.tracetools.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tracetools.flamegraph.profiling.ProfilingOptions;
import dev.tracetools.flamegraph.profiling.Sampler;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Properties of in-process profiling: JDK Flight Recorder's samples and waits under the
 * flamegraph's spans.
 *
 * @param enabled Whether to stream JDK Flight Recorder's execution samples and waits (no
 * agent) and put them under the spans open at their time, in
 * /actuator/flamegraph?mode=cpu and mode=wait and in each task's hottest methods. Off by
 * default (JDK Flight Recorder's sampler costs about 1% of a core at 20ms); needs the
 * flamegraph layer. The stream starts once the application context has started, so
 * start-up is not sampled.
 * @param sampler Which JDK Flight Recorder event samples the threads: cpu-time
 * (jdk.CPUTimeSample, JDK 25 or later on Linux: a sample every interval of a thread's CPU
 * time, at most one per interval per CPU whatever the number of threads, none of an idle
 * or waiting thread), execution (jdk.ExecutionSample, every JDK: every interval of
 * wall-clock time, up to five threads in Java code, running or waiting for a CPU; the
 * default) or auto (cpu-time where the JVM has it, otherwise execution). cpu-time is
 * experimental in JDK 25 and costs no less under load, only when idle.
 * @param interval Time between two samples of a thread, from 10ms to 1s: of its CPU time
 * with the cpu-time sampler, of wall-clock time with the execution one. Each sample is
 * this wide in mode=cpu.
 * @param waitEvents JDK Flight Recorder wait events recorded for mode=wait, with or
 * without their jdk. prefix: ThreadPark, ThreadSleep, JavaMonitorEnter, JavaMonitorWait,
 * SocketRead, FileRead. Empty for none.
 * @param waitThreshold Shortest wait recorded, for every wait event without a threshold
 * of its own.
 * @param waitThresholds Shortest wait recorded per wait event, such as
 * wait-thresholds.ThreadPark=5ms.
 * @param samplesOutsideSpans Whether samples and waits of threads with no span open are
 * kept, under [no span] and their thread pool's name.
 * @param scopesPerThread Scope events (a span's scope opened or closed) remembered per
 * thread so that a sample, read about a second after it was taken, finds its span. A
 * sample older than a thread's remembered events is dropped and counted.
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.profiling")
public record ProfilingProperties(@DefaultValue("false") boolean enabled, @DefaultValue("execution") Sampler sampler,
		@DefaultValue("20ms") Duration interval, @DefaultValue( {
				"ThreadPark", "ThreadSleep", "JavaMonitorEnter", "JavaMonitorWait", "SocketRead",
				"FileRead" }) List<String> waitEvents,
		@DefaultValue("10ms") Duration waitThreshold, @DefaultValue Map<String, Duration> waitThresholds,
		@DefaultValue("true") boolean samplesOutsideSpans, @DefaultValue("1024") int scopesPerThread){

	public ProfilingProperties {
		if (interval.compareTo(ProfilingOptions.MIN_INTERVAL) < 0
				|| interval.compareTo(ProfilingOptions.MAX_INTERVAL) > 0) {
			throw new IllegalArgumentException(
					"trace-tools.profiling.interval must be between 10ms and 1s but was " + interval.toMillis() + "ms");
		}
		if (waitThreshold.isNegative()) {
			throw new IllegalArgumentException(
					"trace-tools.profiling.wait-threshold must not be negative but was " + waitThreshold);
		}
		for (String event : waitEvents) {
			if (eventOf(event) == null) {
				throw new IllegalArgumentException("trace-tools.profiling.wait-events has an unknown event '" + event
						+ "'; valid values are " + String.join(", ", ProfilingOptions.WAIT_EVENTS));
			}
		}
		for (Map.Entry<String, Duration> threshold : waitThresholds.entrySet()) {
			if (eventOf(threshold.getKey()) == null) {
				throw new IllegalArgumentException(
						"trace-tools.profiling.wait-thresholds has an unknown event '" + threshold.getKey()
								+ "'; valid values are " + String.join(", ", ProfilingOptions.WAIT_EVENTS));
			}
			if (threshold.getValue().isNegative()) {
				throw new IllegalArgumentException("trace-tools.profiling.wait-thresholds." + threshold.getKey()
						+ " must not be negative but was " + threshold.getValue());
			}
		}
		if (scopesPerThread <= 0) {
			throw new IllegalArgumentException(
					"trace-tools.profiling.scopes-per-thread must be positive but was " + scopesPerThread);
		}
	}

	/**
	 * The profiler options these properties describe.
	 * @return the options
	 */
	public ProfilingOptions toOptions() {
		Map<String, Duration> waits = new LinkedHashMap<>();
		for (String event : this.waitEvents) {
			String name = eventOf(event);
			if (name != null) {
				waits.put(name, this.waitThreshold);
			}
		}
		for (Map.Entry<String, Duration> threshold : this.waitThresholds.entrySet()) {
			String name = eventOf(threshold.getKey());
			if (name != null && waits.containsKey(name)) {
				waits.put(name, threshold.getValue());
			}
		}
		return ProfilingOptions.defaults()
			.withSampler(this.sampler)
			.withInterval(this.interval)
			.withWaits(waits)
			.withSamplesOutsideSpans(this.samplesOutsideSpans)
			.withScopesPerThread(this.scopesPerThread);
	}

	/**
	 * The wait event of a name as a user may write it: {@code jdk.ThreadPark},
	 * {@code ThreadPark}, {@code thread-park}.
	 */
	private static @Nullable String eventOf(String value) {
		String key = normalize(value.startsWith("jdk.") ? value.substring(4) : value);
		for (String event : ProfilingOptions.WAIT_EVENTS) {
			if (normalize(event).equals(key)) {
				return event;
			}
		}
		return null;
	}

	private static String normalize(String name) {
		return name.replace("-", "").trim().toLowerCase(Locale.ROOT);
	}

}
