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

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the {@link TraceTools} wrappers and builder.
 */
class TraceToolsTests {

	private final RecordingObservationHandler recorder = new RecordingObservationHandler();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private TraceToolsLayers layers;

	@BeforeEach
	void install() {
		this.layers = TraceTools.builder().layer(this.recorder).install(this.registry);
	}

	@AfterEach
	void uninstall() {
		this.layers.close();
	}

	@Test
	void builderInstallsLayersAndExposesThem() {
		assertThat(this.layers.handlers()).containsExactly(this.recorder);
		assertThat(this.layers.layer(RecordingObservationHandler.class)).isSameAs(this.recorder);
		assertThat(TraceTools.installedRegistries()).contains(this.registry);
	}

	@Test
	void staticWrappersObserveWithTheRegistryOfTheCurrentObservation() {
		ObservationRegistry other = ObservationRegistry.create();
		RecordingObservationHandler otherRecorder = new RecordingObservationHandler();
		try (TraceToolsLayers otherLayers = TraceTools.builder().layer(otherRecorder).install(other)) {
			Observation request = Observation.start("request", other);
			try (Observation.Scope scope = request.openScope()) {
				assertThat(TraceTools.registry()).isSameAs(other);
				TraceTools.observe("in other", () -> {
					assertThat(TraceTools.registry()).isSameAs(other);
					TraceTools.observe("nested", () -> {
					}).run();
				}).run();
			}
			request.stop();
			assertThat(otherRecorder.stopped(SpanKeys.OBSERVE_OBSERVATION))
				.extracting((span) -> value(span, SpanKeys.OBSERVED_NAME))
				.containsExactly("nested", "in other");
			assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).isEmpty();
		}
	}

	@Test
	void withARegistryObservesWithItWhateverIsCurrent() {
		ObservationRegistry other = ObservationRegistry.create();
		Observation request = Observation.start("request", other);
		try (Observation.Scope scope = request.openScope()) {
			TraceTools.with(this.registry).observe("mine", () -> {
			}).run();
		}
		request.stop();
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).singleElement()
			.satisfies((span) -> assertThat(value(span, SpanKeys.OBSERVED_NAME)).isEqualTo("mine"));
	}

	@Test
	void closedLayersAreNoLongerAFallback() {
		assertThat(TraceTools.installedRegistries()).contains(this.registry);
		this.layers.close();
		assertThat(TraceTools.installedRegistries()).doesNotContain(this.registry);
		assertThat(TraceTools.registry()).isNotSameAs(this.registry);
		TraceTools.observe("quiet", () -> {
		}).run();
		assertThat(this.recorder.started(SpanKeys.OBSERVE_OBSERVATION)).isEmpty();
	}

	@Test
	void observedRunnableIsASpanAtTheCallersLocation() {
		Observation parent = Observation.start("parent", this.registry);
		int line;
		Runnable task;
		try (Observation.Scope scope = parent.openScope()) {
			line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
			task = TraceTools.observe("load",
					() -> assertThat(this.registry.getCurrentObservation()).isNotSameAs(parent));
		}
		task.run();
		parent.stop();
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).singleElement().satisfies((span) -> {
			assertThat(value(span, SpanKeys.OBSERVED_NAME)).isEqualTo("load");
			assertThat(value(span, SpanKeys.LOC_FILE)).isEqualTo("TraceToolsTests.java");
			assertThat(value(span, SpanKeys.LOC_LINE)).isEqualTo(Integer.toString(line));
			assertThat(value(span, SpanKeys.OUTCOME)).isEqualTo("SUCCESS");
			assertThat(span.getParentObservation()).isSameAs(parent);
		});
	}

	@Test
	void observedSupplierAndCallableReturnTheirValue() throws Exception {
		Supplier<Integer> supplier = TraceTools.with(this.registry).observeSupplier("supply", () -> 42);
		Callable<String> callable = TraceTools.with(this.registry).observeCallable("call", () -> "x");
		assertThat(supplier.get()).isEqualTo(42);
		assertThat(callable.call()).isEqualTo("x");
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION))
			.extracting((span) -> value(span, SpanKeys.OBSERVED_NAME))
			.containsExactly("supply", "call");
	}

	@Test
	void throwingWorkRecordsTheError() {
		Runnable task = TraceTools.with(this.registry).observe("fails", () -> {
			throw new IllegalStateException("no");
		});
		assertThatIllegalStateException().isThrownBy(task::run);
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).singleElement().satisfies((span) -> {
			assertThat(value(span, SpanKeys.OUTCOME)).isEqualTo("ERROR");
			assertThat(span.getError()).hasMessage("no");
		});
	}

	@Test
	void observedFutureStaysOpenUntilItCompletes() {
		CompletableFuture<String> future = TraceTools.with(this.registry).observe("pending", new CompletableFuture<>());
		assertThat(this.recorder.started(SpanKeys.OBSERVE_OBSERVATION)).hasSize(1);
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).isEmpty();
		future.cancel(true);
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).singleElement()
			.satisfies((span) -> assertThat(value(span, SpanKeys.OUTCOME)).isEqualTo("CANCELLED"));
	}

	@Test
	void supplierOfAFutureKeepsItsSpanOpenUntilTheFutureCompletes() {
		CompletableFuture<String> pending = new CompletableFuture<>();
		Supplier<CompletableFuture<String>> supplier = TraceTools.with(this.registry)
			.observeSupplier("chain", () -> pending);
		supplier.get();
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).isEmpty();
		pending.complete("done");
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).hasSize(1);
	}

}
