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

import dev.tracetools.flamegraph.profiling.JfrProfiler;
import dev.tracetools.flamegraph.profiling.Sampler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the profiler's stream last, once every other bean is created and every other
 * lifecycle (the web server among them) has started, and closes it first: the
 * application's start-up (bean creation, class loading, the server's start) is not
 * sampled, so that its samples do not stand as tall {@code [no span]} towers beside the
 * requests, and start-up pays nothing for profiling.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class ProfilerStarter implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ProfilerStarter.class);

	private final JfrProfiler profiler;

	ProfilerStarter(JfrProfiler profiler) {
		this.profiler = profiler;
	}

	@Override
	public void start() {
		try {
			this.profiler.start();
			String every = (this.profiler.sampler() == Sampler.CPU_TIME)
					? " ms of each thread's CPU time (jdk.CPUTimeSample)" : " ms (jdk.ExecutionSample)";
			logger.info("Profiling with JDK Flight Recorder every " + this.profiler.options().interval().toMillis()
					+ every + ": /actuator/flamegraph?mode=cpu and mode=wait");
		}
		catch (IllegalStateException ex) {
			logger.warn("trace-tools.profiling.enabled is true but " + ex.getMessage()
					+ ": no profiling, the flamegraph's cpu and wait modes stay empty");
		}
	}

	@Override
	public void stop() {
		this.profiler.close();
	}

	@Override
	public boolean isRunning() {
		return this.profiler.isRunning();
	}

	/**
	 * The last phase: started after every other lifecycle, stopped before them.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}
