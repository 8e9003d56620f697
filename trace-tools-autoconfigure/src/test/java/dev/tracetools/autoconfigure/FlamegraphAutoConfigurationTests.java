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

import java.nio.file.Files;
import java.nio.file.Path;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.actuate.FlamegraphEndpoint;
import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.FlamegraphOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FlamegraphAutoConfiguration} and
 * {@link FlamegraphEndpointAutoConfiguration}.
 */
class FlamegraphAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				FlamegraphAutoConfiguration.class, EndpointAutoConfiguration.class,
				FlamegraphEndpointAutoConfiguration.class));

	@Test
	void flamegraphLayerIsInstalledOnTheObservationRegistryByDefault() {
		this.contextRunner.run((context) -> {
			TraceToolsLayers layers = context.getBean(TraceToolsLayers.class);
			FlamegraphLayer layer = layers.layer(FlamegraphLayer.class);
			assertThat(layer).isNotNull();
			assertThat(layer.options().maxStacks()).isEqualTo(FlamegraphOptions.DEFAULT_MAX_STACKS);
			assertThat(layer.options().include()).isEmpty();
			assertThat(layer.options().exclude()).isEmpty();
			ObservationRegistry registry = context.getBean(ObservationRegistry.class);
			Observation observation = Observation.createNotStarted("job", registry).contextualName("nightly job");
			observation.observe(() -> spin(2));
			assertThat(layers.flamegrapher().flamegraph(FlamegraphMode.BUSY).foldedLines()).singleElement()
				.asString()
				.startsWith("nightly job ");
		});
	}

	@Test
	void propertiesConfigureTheLayer() {
		this.contextRunner
			.withPropertyValues("trace-tools.flamegraph.max-stacks=5", "trace-tools.flamegraph.include=tracetools.",
					"trace-tools.flamegraph.exclude=tracetools.observe", "trace-tools.flamegraph.file-and-line=true",
					"trace-tools.flamegraph.thread-frames=true", "trace-tools.flamegraph.title=Orders")
			.run((context) -> {
				FlamegraphOptions options = context.getBean(TraceToolsLayers.class)
					.layer(FlamegraphLayer.class)
					.options();
				assertThat(options.maxStacks()).isEqualTo(5);
				assertThat(options.include()).containsExactly("tracetools.");
				assertThat(options.exclude()).containsExactly("tracetools.observe");
				assertThat(options.fileAndLine()).isTrue();
				assertThat(options.threadFrames()).isTrue();
				assertThat(options.title()).isEqualTo("Orders");
			});
	}

	@Test
	void flamegraphCanBeTurnedOff() {
		this.contextRunner
			.withPropertyValues("trace-tools.flamegraph.enabled=false",
					"management.endpoints.web.exposure.include=flamegraph")
			.run((context) -> {
				assertThat(context.getBean(TraceToolsLayers.class).layer(FlamegraphLayer.class)).isNull();
				assertThat(context).doesNotHaveBean(FlamegraphEndpoint.class);
			});
	}

	@Test
	void invalidMaxStacksFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("trace-tools.flamegraph.max-stacks=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("trace-tools.flamegraph.max-stacks must be positive but was -1"));
	}

	@Test
	void blankIncludePrefixFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("trace-tools.flamegraph.include[0]= ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("trace-tools.flamegraph.include must not contain a blank prefix"));
	}

	@Test
	void endpointIsNotAvailableUntilExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(FlamegraphEndpoint.class));
	}

	@Test
	void endpointIsAvailableWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=flamegraph")
			.run((context) -> assertThat(context).hasSingleBean(FlamegraphEndpoint.class));
	}

	@Test
	void filesAreWrittenWhenTheContextCloses(@TempDir Path directory) throws Exception {
		Path folded = directory.resolve("trace.folded");
		Path html = directory.resolve("flamegraph.html");
		this.contextRunner
			.withPropertyValues("trace-tools.flamegraph.folded-file=" + folded,
					"trace-tools.flamegraph.html-file=" + html)
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation.createNotStarted("batch", registry).observe(() -> spin(2));
				assertThat(folded).doesNotExist();
			});
		assertThat(folded).exists();
		assertThat(html).exists();
		assertThat(contentOf(folded)).matches("batch \\d+\n");
		assertThat(contentOf(html)).contains("batch'");
	}

	private static String contentOf(Path file) throws Exception {
		return Files.readString(file);
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

}
