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
import dev.tracetools.actuate.FlamegraphEndpoint;
import dev.tracetools.flamegraph.Flamegrapher;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link FlamegraphEndpoint}: {@code /actuator/flamegraph},
 * once exposed ({@code management.endpoints.web.exposure.include=flamegraph}).
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = { TraceToolsAutoConfiguration.class, FlamegraphAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.flamegraph.enabled", matchIfMissing = true)
public final class FlamegraphEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TraceToolsLayers.class)
	@ConditionalOnAvailableEndpoint(FlamegraphEndpoint.class)
	FlamegraphEndpoint flamegraphEndpoint(TraceToolsLayers layers) {
		Flamegrapher flamegrapher = layers.flamegrapher();
		if (flamegrapher == null) {
			throw new IllegalStateException("The trace-tools layers have no flamegraph layer: add one with "
					+ "TraceToolsBuilder.flamegraph(...) or set management.endpoint.flamegraph.access=none");
		}
		return new FlamegraphEndpoint(flamegrapher);
	}

}
