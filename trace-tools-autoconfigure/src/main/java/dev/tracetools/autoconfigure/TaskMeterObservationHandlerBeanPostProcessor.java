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

import dev.tracetools.executor.TaskMeterObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsProperties;

/**
 * Replaces the {@link DefaultMeterObservationHandler} that Spring Boot registers with a
 * {@link TaskMeterObservationHandler}: the same meters for every observation, with the
 * task spans' meters looked up once per call site. Handlers of any other class, such as
 * an application's own, are left alone.
 *
 * @author trace-tools
 */
final class TaskMeterObservationHandlerBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<MetricsProperties> properties;

	private final ObjectProvider<TraceToolsProperties> traceToolsProperties;

	TaskMeterObservationHandlerBeanPostProcessor(ObjectProvider<MeterRegistry> registry,
			ObjectProvider<MetricsProperties> properties, ObjectProvider<TraceToolsProperties> traceToolsProperties) {
		this.registry = registry;
		this.properties = properties;
		this.traceToolsProperties = traceToolsProperties;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean.getClass() != DefaultMeterObservationHandler.class) {
			return bean;
		}
		MeterRegistry registry = this.registry.getIfAvailable();
		MetricsProperties properties = this.properties.getIfAvailable();
		if (registry == null || properties == null) {
			// Not the handler Spring Boot configures: keep it.
			return bean;
		}
		TraceToolsProperties traceTools = this.traceToolsProperties.getIfAvailable();
		int maxNames = (traceTools != null) ? traceTools.metrics().maxNames()
				: TaskMeterObservationHandler.DEFAULT_MAX_NAMES;
		return new TaskMeterObservationHandler(registry, maxNames,
				properties.getObservations().getIgnoredMeters().toArray(IgnoredMeters[]::new));
	}

}
