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
import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsLayers;
import dev.tracetools.logging.LogbackSpanEventBridge;
import dev.tracetools.logging.LoggingLayer;
import dev.tracetools.logging.LoggingOptions;
import dev.tracetools.logging.SpanEvents;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoggingLayerAutoConfiguration}.
 *
 * @author trace-tools
 */
class LoggingLayerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				LoggingLayerAutoConfiguration.class));

	@Test
	void addsTheLoggingLayerAndAttachesTheLogbackBridge() {
		LogbackSpanEventBridge[] bridge = new LogbackSpanEventBridge[1];
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LogbackSpanEventBridge.class);
			LoggingLayer layer = context.getBean(TraceToolsLayers.class).layer(LoggingLayer.class);
			assertThat(layer).isNotNull();
			LoggingOptions options = layer.options();
			assertThat(options.spanEvents()).isEqualTo(SpanEvents.NONE);
			assertThat(options.mdc()).isTrue();
			assertThat(options.events()).isTrue();
			assertThat(options.maxEventsPerSpan()).isEqualTo(100);
			bridge[0] = context.getBean(LogbackSpanEventBridge.class);
			assertThat(bridge[0].isAttached()).isTrue();
			String[] seen = new String[1];
			TraceTools.with(context.getBean(ObservationRegistry.class)).observe("wired", () -> {
				LoggerFactory.getLogger(LoggingLayerAutoConfigurationTests.class).info("wired");
				seen[0] = MDC.get(LoggingLayer.MDC_OBSERVED_NAME);
			}).run();
			assertThat(seen[0]).isEqualTo("wired");
		});
		// Closing the context detaches the bridge.
		assertThat(bridge[0].isAttached()).isFalse();
	}

	@Test
	void bindsTheProperties() {
		this.contextRunner
			.withPropertyValues("trace-tools.logging.span-events=close", "trace-tools.logging.mdc=false",
					"trace-tools.logging.max-events-per-span=7", "trace-tools.logging.targets.com.example=debug",
					"trace-tools.logging.targets.com.example.noisy=off",
					"trace-tools.logging.exclusions=com.example.quiet", "trace-tools.logging.exclude=http.")
			.run((context) -> {
				LoggingOptions options = context.getBean(TraceToolsLayers.class).layer(LoggingLayer.class).options();
				assertThat(options.spanEvents()).isEqualTo(SpanEvents.CLOSE);
				assertThat(options.mdc()).isFalse();
				assertThat(options.maxEventsPerSpan()).isEqualTo(7);
				assertThat(options.targets().isEnabled("com.example.Jobs", Level.DEBUG)).isTrue();
				assertThat(options.targets().isEnabled("com.example.Jobs", Level.TRACE)).isFalse();
				assertThat(options.targets().isEnabled("com.example.noisy.Poller", Level.ERROR)).isFalse();
				assertThat(options.targets().isEnabled("com.example.quiet.Poller", Level.ERROR)).isFalse();
				assertThat(options.targets().isEnabled("org.example.Other", Level.ERROR)).isFalse();
				assertThat(options.exclude()).containsExactly("http.");
			});
	}

	@Test
	void eventsOffKeepsTheLayerWithoutTheBridge() {
		this.contextRunner.withPropertyValues("trace-tools.logging.events=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LogbackSpanEventBridge.class);
			assertThat(context.getBean(TraceToolsLayers.class).layer(LoggingLayer.class)).isNotNull();
		});
	}

	@Test
	void canBeDisabled() {
		this.contextRunner.withPropertyValues("trace-tools.logging.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LogbackSpanEventBridge.class);
			assertThat(context.getBean(TraceToolsLayers.class).layer(LoggingLayer.class)).isNull();
		});
	}

	@Test
	void isOffWhenTraceToolsIsOff() {
		this.contextRunner.withPropertyValues("trace-tools.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LogbackSpanEventBridge.class)
				.doesNotHaveBean(LoggingLayerProperties.class));
	}

	@Test
	void backsOffWithoutLogback() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(LoggerContext.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LogbackSpanEventBridge.class)
				.doesNotHaveBean(LoggingLayerProperties.class));
	}

	@Test
	void negativeCapFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("trace-tools.logging.max-events-per-span=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("trace-tools.logging.max-events-per-span must not be negative but was -1"));
	}

	@Test
	void unknownSpanEventsValueFailsStartup() {
		this.contextRunner.withPropertyValues("trace-tools.logging.span-events=sometimes")
			.run((context) -> assertThat(context).hasFailed());
	}

}
