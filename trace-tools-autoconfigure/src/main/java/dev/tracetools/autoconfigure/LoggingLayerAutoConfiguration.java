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

import ch.qos.logback.classic.LoggerContext;
import dev.tracetools.TraceToolsLayers;
import dev.tracetools.logging.LogbackSpanEventBridge;
import dev.tracetools.logging.LoggingLayer;
import dev.tracetools.logging.LoggingOptions;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.Assert;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the trace-tools logging layer: adds the {@link LoggingLayer} to
 * the layers, and attaches the {@link LogbackSpanEventBridge} that turns log records
 * written inside spans into span events. Needs Logback, Spring Boot's default logging
 * system.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@AutoConfiguration(after = TraceToolsAutoConfiguration.class)
@ConditionalOnClass({ LoggerContext.class, ObservationRegistry.class })
@ConditionalOnBooleanProperty(name = "trace-tools.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "trace-tools.logging.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LoggingLayerProperties.class)
public final class LoggingLayerAutoConfiguration {

	@Bean
	TraceToolsBuilderCustomizer traceToolsLoggingLayerCustomizer(LoggingLayerProperties properties) {
		LoggingOptions options = properties.toOptions();
		return (builder) -> builder.logging(options);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnBean({ TraceToolsLayers.class, ObservationRegistry.class })
	@ConditionalOnBooleanProperty(name = "trace-tools.logging.events", matchIfMissing = true)
	@Conditional(OnLogbackLoggerFactoryCondition.class)
	LogbackSpanEventBridge traceToolsLogbackSpanEventBridge(TraceToolsLayers layers, ObservationRegistry registry) {
		LoggingLayer layer = layers.layer(LoggingLayer.class);
		Assert.state(layer != null, "The trace-tools layers have no logging layer; "
				+ "set trace-tools.logging.enabled=false or add it with TraceToolsBuilder#logging");
		return LogbackSpanEventBridge.attach(layer, registry);
	}

	/**
	 * Matches when SLF4J is bound to Logback, not only when Logback is on the class path.
	 */
	static final class OnLogbackLoggerFactoryCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ILoggerFactory factory = LoggerFactory.getILoggerFactory();
			if (factory instanceof LoggerContext) {
				return ConditionOutcome.match("SLF4J is bound to Logback");
			}
			return ConditionOutcome.noMatch("SLF4J is bound to " + factory.getClass().getName());
		}

	}

}
