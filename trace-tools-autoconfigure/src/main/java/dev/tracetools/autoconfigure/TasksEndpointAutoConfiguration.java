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
import dev.tracetools.actuate.TasksEndpoint;
import dev.tracetools.flamegraph.profiling.JfrProfiler;
import dev.tracetools.tasks.ConsoleLayer;

import org.springframework.beans.factory.ObjectProvider;
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
 * Auto-configuration} of the {@link TasksEndpoint}.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = { ConsoleAutoConfiguration.class, ProfilingAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(TraceToolsLayers.class)
@ConditionalOnBooleanProperty(name = "trace-tools.console.enabled", matchIfMissing = true)
@ConditionalOnAvailableEndpoint(TasksEndpoint.class)
public final class TasksEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TasksEndpoint tasksEndpoint(TraceToolsLayers layers, ObjectProvider<JfrProfiler> profiler) {
		ConsoleLayer layer = layers.console();
		JfrProfiler hotMethods = profiler.getIfAvailable();
		ConsoleLayer console = (layer != null) ? layer : new ConsoleLayer();
		return (hotMethods != null) ? new TasksEndpoint(console, hotMethods::hotMethods) : new TasksEndpoint(console);
	}

}
