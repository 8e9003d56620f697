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
import dev.tracetools.actuate.TimelineEndpoint;
import dev.tracetools.timeline.TimelineLayer;

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
 * Auto-configuration} for the {@link TimelineEndpoint}, {@code /actuator/timeline}, when
 * the timeline layer is on and the endpoint is exposed.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = { TraceToolsAutoConfiguration.class, TimelineAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.timeline.enabled", matchIfMissing = true)
public final class TimelineEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(TraceToolsLayers.class)
	@ConditionalOnAvailableEndpoint(TimelineEndpoint.class)
	TimelineEndpoint timelineEndpoint(TraceToolsLayers layers) {
		TimelineLayer timeline = layers.layer(TimelineLayer.class);
		if (timeline == null) {
			throw new IllegalStateException("The trace-tools layers have no timeline layer: add one with "
					+ "TraceToolsBuilder.timeline(...) or set management.endpoint.timeline.access=none");
		}
		return new TimelineEndpoint(timeline);
	}

}
