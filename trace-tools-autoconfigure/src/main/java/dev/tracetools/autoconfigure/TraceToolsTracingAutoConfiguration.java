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

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of trace-tools with Micrometer Tracing. Task and observe spans go
 * to the tracer as every observation does, each a child of the span that submitted it;
 * this configuration only matters when {@code trace-tools.tracing.include-tasks=false}
 * keeps tasks out of traces. Without Micrometer Tracing it adds nothing.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = TraceToolsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnClass({ Tracer.class, TracingObservationHandler.class })
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TraceToolsTracingProperties.class)
public final class TraceToolsTracingAutoConfiguration {

	/**
	 * Order of the handler that keeps tasks out of traces: ahead of Boot's tracing
	 * handlers (the first of which is ordered 1000), so that it takes every task.
	 */
	static final int UNTRACED_TASK_HANDLER_ORDER = 0;

	@Bean
	@Order(UNTRACED_TASK_HANDLER_ORDER)
	@ConditionalOnBean(Tracer.class)
	@ConditionalOnBooleanProperty(name = "trace-tools.tracing.include-tasks", havingValue = false)
	UntracedTaskObservationHandler traceToolsUntracedTaskObservationHandler(Tracer tracer) {
		return new UntracedTaskObservationHandler(tracer);
	}

}
