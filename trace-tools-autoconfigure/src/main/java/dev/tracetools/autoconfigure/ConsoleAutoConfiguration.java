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
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.TaskMeters;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the console layer: adds it to the layers, tells it about the
 * application's executor beans, and binds task meters where a {@link MeterRegistry}
 * exists.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = TraceToolsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.console.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConsoleProperties.class)
public final class ConsoleAutoConfiguration {

	@Bean
	TraceToolsBuilderCustomizer traceToolsConsoleLayer(ConsoleProperties properties, ListableBeanFactory beanFactory) {
		return (builder) -> {
			ConsoleLayer layer = new ConsoleLayer(properties.toOptions());
			layer.addExecutorStatsSource(new BeanExecutorStatsSource(beanFactory));
			builder.layer(layer);
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean({ MeterRegistry.class, TraceToolsLayers.class })
	@ConditionalOnBooleanProperty(name = "trace-tools.console.meters", matchIfMissing = true)
	static class TaskMetersConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TaskMeters traceToolsTaskMeters(ObjectProvider<TraceToolsLayers> layers) {
			ConsoleLayer layer = layers.getObject().console();
			return new TaskMeters((layer != null) ? layer : new ConsoleLayer());
		}

	}

}
