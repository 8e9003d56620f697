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
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.flamegraph.profiling.ScopeHistory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the flamegraph layer: adds it to the trace-tools layers with
 * the options of {@link FlamegraphProperties} (telling the profiler's scope record of
 * every scope event when profiling is on, see {@link ProfilingAutoConfiguration}), and
 * writes the flamegraph files when the context closes.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = TraceToolsAutoConfiguration.class)
@ConditionalOnClass(TraceToolsLayers.class)
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.flamegraph.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FlamegraphProperties.class)
public final class FlamegraphAutoConfiguration {

	@Bean
	TraceToolsBuilderCustomizer traceToolsFlamegraphBuilderCustomizer(FlamegraphProperties properties,
			ObjectProvider<ScopeHistory> profiling) {
		FlamegraphOptions options = properties.toOptions();
		ScopeHistory scopes = profiling.getIfAvailable();
		return (scopes != null) ? (builder) -> builder.flamegraph(options, scopes)
				: (builder) -> builder.flamegraph(options);
	}

	@Bean
	FlamegraphFiles traceToolsFlamegraphFiles(TraceToolsLayers layers) {
		return new FlamegraphFiles(layers);
	}

}
