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
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of in-process profiling ({@code trace-tools.profiling.enabled}, off
 * by default): the per-thread record of the spans' scopes, given to the flamegraph layer
 * only then (see {@link FlamegraphAutoConfiguration}), and the JDK Flight Recorder stream
 * that feeds the flamegraph's {@code cpu} and {@code wait} modes, closed with the
 * context. On a JVM without JDK Flight Recorder, a warning says why and the rest works.
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

	private static final Log logger = LogFactory.getLog(ProfilingAutoConfiguration.class);

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
		JfrProfiler profiler = new JfrProfiler(properties.toOptions(), scopes, flamegrapher.spanSamples());
		try {
			profiler.start();
			logger.info("Profiling with JDK Flight Recorder every " + properties.interval().toMillis()
					+ " ms: /actuator/flamegraph?mode=cpu and mode=wait");
		}
		catch (IllegalStateException ex) {
			logger.warn("trace-tools.profiling.enabled is true but " + ex.getMessage()
					+ ": no profiling, the flamegraph's cpu and wait modes stay empty");
		}
		return profiler;
	}

}
