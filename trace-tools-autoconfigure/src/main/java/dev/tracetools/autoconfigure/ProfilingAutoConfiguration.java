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

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.flamegraph.Flamegrapher;
import dev.tracetools.flamegraph.profiling.JfrProfiler;
import dev.tracetools.flamegraph.profiling.ScopeHistory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of in-process profiling ({@code trace-tools.profiling.enabled}, off
 * by default): the per-thread record of the spans' scopes, given to the flamegraph layer
 * only then (see {@link FlamegraphAutoConfiguration}), and the JDK Flight Recorder stream
 * that feeds the flamegraph's {@code cpu} and {@code wait} modes, started once the
 * application's beans and web server have started (start-up is not sampled) and closed
 * with the context. On a JVM without JDK Flight Recorder, a warning says why and the rest
 * works.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = { TraceToolsAutoConfiguration.class, FlamegraphAutoConfiguration.class })
@ConditionalOnClass(TraceToolsLayers.class)
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.flamegraph.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.profiling.enabled")
@EnableConfigurationProperties(ProfilingProperties.class)
public final class ProfilingAutoConfiguration {

	@Bean
	ScopeHistory traceToolsScopeHistory(ProfilingProperties profiling) {
		return new ScopeHistory(profiling.scopesPerThread());
	}

	@Bean(destroyMethod = "close")
	JfrProfiler traceToolsJfrProfiler(ProfilingProperties properties, ScopeHistory scopes, TraceToolsLayers layers) {
		Flamegrapher flamegrapher = layers.flamegrapher();
		if (flamegrapher == null) {
			throw new IllegalStateException("trace-tools.profiling.enabled is true but the trace-tools layers have "
					+ "no flamegraph layer: add one with TraceToolsBuilder.flamegraph(...)");
		}
		return new JfrProfiler(properties.toOptions(), scopes, flamegrapher.spanSamples());
	}

	@Bean
	ProfilerStarter traceToolsProfilerStarter(JfrProfiler profiler) {
		return new ProfilerStarter(profiler);
	}

}
