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

package dev.tracetools;

import dev.tracetools.autoconfigure.TraceToolsAutoConfiguration;
import dev.tracetools.autoconfigure.TraceToolsBuilderCustomizer;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that two applications in one JVM keep their spans apart: the {@link TraceTools}
 * wrappers observe with the registry of the observation current on the calling thread,
 * and closing an application takes its registry out of the fallback.
 */
class TraceToolsRegistryIsolationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class))
		.withBean(TraceToolsBuilderCustomizer.class,
				() -> (builder) -> builder.layer(new RecordingObservationHandler()));

	@Test
	void eachApplicationsObserveSpansLandInItsOwnRegistry() {
		this.contextRunner.run((first) -> this.contextRunner.run((second) -> {
			observeInARequest(first, "first work");
			observeInARequest(second, "second work");
			assertThat(observedNames(first)).containsExactly("first work");
			assertThat(observedNames(second)).containsExactly("second work");
		}));
	}

	@Test
	void closingAnApplicationTakesItsRegistryOutOfTheFallback() {
		ObservationRegistry[] registries = new ObservationRegistry[2];
		this.contextRunner.run((first) -> {
			registries[0] = first.getBean(ObservationRegistry.class);
			this.contextRunner.run((second) -> {
				registries[1] = second.getBean(ObservationRegistry.class);
				assertThat(TraceTools.installedRegistries()).contains(registries[0], registries[1]);
				// Two applications: outside their observations, neither is chosen.
				assertThat(TraceTools.registry()).isNotSameAs(registries[0]).isNotSameAs(registries[1]);
			});
			assertThat(TraceTools.installedRegistries()).contains(registries[0]).doesNotContain(registries[1]);
		});
		assertThat(TraceTools.installedRegistries()).doesNotContain(registries[0], registries[1]);
	}

	private static void observeInARequest(AssertableApplicationContext context, String name) {
		Observation request = Observation.start("request", context.getBean(ObservationRegistry.class));
		try (Observation.Scope scope = request.openScope()) {
			TraceTools.observe(name, () -> {
			}).run();
		}
		request.stop();
	}

	private static Iterable<String> observedNames(AssertableApplicationContext context) {
		TraceToolsLayers layers = context.getBean(TraceToolsLayers.class);
		RecordingObservationHandler recorder = layers.layer(RecordingObservationHandler.class);
		assertThat(recorder).isNotNull();
		return recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)
			.stream()
			.map((span) -> value(span, SpanKeys.OBSERVED_NAME))
			.toList();
	}

}
