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
import dev.tracetools.timeline.TimelineOptions;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the timeline layer: adds it to the trace-tools layers unless
 * {@code trace-tools.timeline.enabled=false} (it is on by default, within its bounds).
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = TraceToolsAutoConfiguration.class)
@ConditionalOnClass(TraceToolsLayers.class)
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.timeline.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TimelineProperties.class)
public final class TimelineAutoConfiguration {

	@Bean
	TraceToolsBuilderCustomizer traceToolsTimelineBuilderCustomizer(TimelineProperties properties) {
		TimelineOptions options = properties.toOptions();
		return (builder) -> builder.timeline(options);
	}

}
