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

import java.util.Set;

import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsBuilder;
import dev.tracetools.TraceToolsLayers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.AsyncAnnotationAdvisor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for trace-tools: builds the layers with the
 * {@link TraceToolsBuilder} (each layer's auto-configuration contributes a
 * {@link TraceToolsBuilderCustomizer}), installs them on Boot's
 * {@link ObservationRegistry}, and turns executor tasks, {@code @Async} and
 * {@code @Observe} methods into observed spans.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = ObservationAutoConfiguration.class)
@ConditionalOnClass({ ObservationRegistry.class, ObservationRegistryCustomizer.class })
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceToolsProperties.class)
public final class TraceToolsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TraceToolsLayers traceToolsLayers(ObjectProvider<TraceToolsBuilderCustomizer> customizers) {
		TraceToolsBuilder builder = TraceTools.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	ObservationRegistryCustomizer<ObservationRegistry> traceToolsObservationRegistryCustomizer(
			ObjectProvider<TraceToolsLayers> layers) {
		return (registry) -> {
			layers.getObject().installOn(registry);
		};
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "trace-tools.executors.enabled", matchIfMissing = true)
	static ExecutorObservationBeanPostProcessor traceToolsExecutorObservationBeanPostProcessor(
			ObjectProvider<ObservationRegistry> registry, Environment environment) {
		TraceToolsProperties.Executors executors = Binder.get(environment)
			.bindOrCreate("trace-tools", TraceToolsProperties.class)
			.executors();
		return new ExecutorObservationBeanPostProcessor(registry, Set.copyOf(executors.exclude()),
				executors.propagateContext());
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "trace-tools.observe.enabled", matchIfMissing = true)
	static ObserveAnnotationBeanPostProcessor traceToolsObserveAnnotationBeanPostProcessor(
			ObjectProvider<ObservationRegistry> registry) {
		return new ObserveAnnotationBeanPostProcessor(registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DefaultMeterObservationHandler.class, MetricsProperties.class })
	static class MeterObservationHandlerConfiguration {

		@Bean
		static TaskMeterObservationHandlerBeanPostProcessor traceToolsTaskMeterObservationHandlerBeanPostProcessor(
				ObjectProvider<MeterRegistry> registry, ObjectProvider<MetricsProperties> properties,
				ObjectProvider<TraceToolsProperties> traceToolsProperties) {
			return new TaskMeterObservationHandlerBeanPostProcessor(registry, properties, traceToolsProperties);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AsyncAnnotationAdvisor.class)
	@ConditionalOnBooleanProperty(name = "trace-tools.async.enabled", matchIfMissing = true)
	static class AsyncConfiguration {

		@Bean
		static AsyncTaskNamingBeanPostProcessor traceToolsAsyncTaskNamingBeanPostProcessor(
				ObjectProvider<ObservationRegistry> registry) {
			return new AsyncTaskNamingBeanPostProcessor(registry);
		}

	}

}
