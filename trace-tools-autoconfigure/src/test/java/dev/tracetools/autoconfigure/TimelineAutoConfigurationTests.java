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
import dev.tracetools.timeline.TimelineOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TimelineAutoConfiguration} and
 * {@link TimelineEndpointAutoConfiguration}.
 */
class TimelineAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				TimelineAutoConfiguration.class, EndpointAutoConfiguration.class,
				TimelineEndpointAutoConfiguration.class));

	@Test
	void timelineIsOnByDefaultAndExposingItIsEnough() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=timeline").run((context) -> {
			TimelineLayer layer = context.getBean(TraceToolsLayers.class).layer(TimelineLayer.class);
			assertThat(layer).isNotNull();
			assertThat(layer.options()).isEqualTo(TimelineOptions.defaults());
			assertThat(context).hasSingleBean(TimelineEndpoint.class);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("job", registry).contextualName("nightly job").observe(() -> {
			});
			assertThat(context.getBean(TimelineEndpoint.class).json(null, null, null, null).getStatus()).isEqualTo(200);
			assertThat(layer.timeline().spans()).extracting((span) -> span.name()).containsExactly("nightly job");
		});
	}

	@Test
	void timelineIsOffWhenDisabled() {
		this.contextRunner
			.withPropertyValues("trace-tools.timeline.enabled=false",
					"management.endpoints.web.exposure.include=timeline")
			.run((context) -> {
				assertThat(context.getBean(TraceToolsLayers.class).layer(TimelineLayer.class)).isNull();
				assertThat(context).doesNotHaveBean(TimelineEndpoint.class);
			});
	}

	@Test
	void enabledTimelineRecordsObservationsOfTheRegistryWithDefaultBounds() {
		this.contextRunner.withPropertyValues("trace-tools.timeline.enabled=true").run((context) -> {
			TimelineLayer layer = context.getBean(TraceToolsLayers.class).layer(TimelineLayer.class);
			assertThat(layer).isNotNull();
			assertThat(layer.options()).isEqualTo(TimelineOptions.defaults());
			assertThat(layer.options().maxSpans()).isEqualTo(10_000);
			assertThat(layer.options().maxBytes()).isEqualTo(32L * 1024 * 1024);
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation.createNotStarted("job", registry).contextualName("nightly job").observe(() -> {
			});
			assertThat(layer.timeline().spans()).singleElement()
				.satisfies((span) -> assertThat(span.name()).isEqualTo("nightly job"));
		});
	}

	@Test
	void propertiesConfigureTheLayer() {
		this.contextRunner
			.withPropertyValues("trace-tools.timeline.enabled=true", "trace-tools.timeline.max-spans=100",
					"trace-tools.timeline.max-memory=1MB", "trace-tools.timeline.max-polls-per-span=8",
					"trace-tools.timeline.max-events-per-span=4", "trace-tools.timeline.max-message-length=80",
					"trace-tools.timeline.sample-rate=0.25", "trace-tools.timeline.include=tracetools.",
					"trace-tools.timeline.exclude=tracetools.observe")
			.run((context) -> {
				TimelineOptions options = context.getBean(TraceToolsLayers.class).layer(TimelineLayer.class).options();
				assertThat(options.maxSpans()).isEqualTo(100);
				assertThat(options.maxBytes()).isEqualTo(1024 * 1024);
				assertThat(options.maxPollsPerSpan()).isEqualTo(8);
				assertThat(options.maxEventsPerSpan()).isEqualTo(4);
				assertThat(options.maxMessageLength()).isEqualTo(80);
				assertThat(options.sampleRate()).isEqualTo(0.25);
				assertThat(options.include()).containsExactly("tracetools.");
				assertThat(options.exclude()).containsExactly("tracetools.observe");
			});
	}

	@Test
	void invalidMaxSpansFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("trace-tools.timeline.enabled=true", "trace-tools.timeline.max-spans=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("trace-tools.timeline.max-spans must be positive but was 0"));
	}

	@Test
	void invalidSampleRateFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("trace-tools.timeline.enabled=true", "trace-tools.timeline.sample-rate=1.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("trace-tools.timeline.sample-rate must be greater than 0 and at most 1 but was 1.5"));
	}

	@Test
	void endpointIsNotAvailableUntilExposed() {
		this.contextRunner.withPropertyValues("trace-tools.timeline.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(TimelineEndpoint.class));
	}

	@Test
	void endpointIsAvailableWhenEnabledAndExposed() {
		this.contextRunner
			.withPropertyValues("trace-tools.timeline.enabled=true",
					"management.endpoints.web.exposure.include=timeline")
			.run((context) -> assertThat(context).hasSingleBean(TimelineEndpoint.class));
	}

	@Test
	void timelineIsOffWhenTraceToolsIsOff() {
		this.contextRunner
			.withPropertyValues("trace-tools.enabled=false", "trace-tools.timeline.enabled=true",
					"management.endpoints.web.exposure.include=timeline")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TraceToolsLayers.class);
				assertThat(context).doesNotHaveBean(TimelineEndpoint.class);
			});
	}

}
