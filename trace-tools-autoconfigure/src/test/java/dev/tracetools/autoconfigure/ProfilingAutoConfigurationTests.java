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
import java.util.Map;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.flamegraph.profiling.JfrProfiler;
import dev.tracetools.flamegraph.profiling.ProfilingOptions;
import dev.tracetools.flamegraph.profiling.Sampler;
import dev.tracetools.flamegraph.profiling.ScopeHistory;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ProfilingAutoConfiguration}.
 *
 * @author trace-tools
 * @since 0.1.0
 */
class ProfilingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				FlamegraphAutoConfiguration.class, ProfilingAutoConfiguration.class));

	@Test
	void profilingIsOffByDefaultAndNothingIsAdded() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(JfrProfiler.class).doesNotHaveBean(ScopeHistory.class);
			assertThat(context.getBean(TraceToolsLayers.class).flamegrapher().spanSamples().isSampling()).isFalse();
		});
	}

	@Test
	void enabledStartsTheStreamAndClosingTheContextClosesIt() {
		JfrProfiler[] started = new JfrProfiler[1];
		this.contextRunner
			.withPropertyValues("trace-tools.profiling.enabled=true", "trace-tools.profiling.interval=10ms",
					"trace-tools.profiling.wait-events=ThreadPark,jdk.SocketRead",
					"trace-tools.profiling.wait-thresholds.thread-park=5ms")
			.run((context) -> {
				JfrProfiler profiler = context.getBean(JfrProfiler.class);
				started[0] = profiler;
				assertThat(profiler.isRunning()).isTrue();
				assertThat(profiler.options().interval()).isEqualTo(Duration.ofMillis(10));
				assertThat(profiler.options().waits()).isEqualTo(Map.of("ThreadPark", Duration.ofMillis(5),
						"SocketRead", ProfilingOptions.DEFAULT_WAIT_THRESHOLD));
				assertThat(context.getBean(TraceToolsLayers.class).flamegrapher().spanSamples().isSampling()).isTrue();
			});
		assertThat(started[0].isRunning()).isFalse();
		assertThat(FlightRecorder.getFlightRecorder().getRecordings()).extracting(Recording::getState)
			.doesNotContain(RecordingState.RUNNING);
	}

	@Test
	void theSamplerIsExecutionSamplesByDefaultAndAutoWhenAsked() {
		this.contextRunner.withPropertyValues("trace-tools.profiling.enabled=true")
			.run((context) -> assertThat(context.getBean(JfrProfiler.class).sampler()).isEqualTo(Sampler.EXECUTION));
		this.contextRunner
			.withPropertyValues("trace-tools.profiling.enabled=true", "trace-tools.profiling.sampler=auto")
			.run((context) -> {
				JfrProfiler profiler = context.getBean(JfrProfiler.class);
				assertThat(profiler.options().sampler()).isEqualTo(Sampler.AUTO);
				assertThat(profiler.sampler()).isIn(Sampler.CPU_TIME, Sampler.EXECUTION);
			});
	}

	@Test
	void anUnknownSamplerFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trace-tools.profiling.enabled=true", "trace-tools.profiling.sampler=wall-clock")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'trace-tools.profiling.sampler'"));
	}

	@Test
	void theStreamStartsOnlyOnceTheApplicationHasStartedSoStartUpIsNotSampled() {
		boolean[] runningDuringStartUp = new boolean[1];
		this.contextRunner.withPropertyValues("trace-tools.profiling.enabled=true")
			.withBean(StartUpProbe.class)
			.run((context) -> {
				assertThat(context.getBean(StartUpProbe.class).runningDuringStartUp).isFalse();
				assertThat(context.getBean(JfrProfiler.class).isRunning()).isTrue();
			});
	}

	@Test
	void anIntervalUnderTenMillisecondsFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trace-tools.profiling.enabled=true", "trace-tools.profiling.interval=5ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("trace-tools.profiling.interval must be between 10ms and 1s but was 5ms"));
	}

	@Test
	void anUnknownWaitEventFailsStartUpNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trace-tools.profiling.enabled=true", "trace-tools.profiling.wait-events=ThreadNap")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("trace-tools.profiling.wait-events has an unknown event 'ThreadNap'"));
	}

	/**
	 * A bean created after the profiler, like the application's own beans, that looks at
	 * it while the context starts.
	 */
	static final class StartUpProbe implements SmartInitializingSingleton {

		private final JfrProfiler profiler;

		boolean runningDuringStartUp;

		StartUpProbe(JfrProfiler profiler) {
			this.profiler = profiler;
		}

		@Override
		public void afterSingletonsInstantiated() {
			this.runningDuringStartUp = this.profiler.isRunning();
		}

	}

}
