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

package dev.tracetools.observe;

import java.util.ArrayList;
import java.util.List;

import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsLayers;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LayerDispatcher}: the layers behind one observation handler, called as
 * Micrometer calls handlers of their own.
 */
class LayerDispatcherTests {

	private final List<String> calls = new ArrayList<>();

	@Test
	void layersAreCalledInTheOrderMicrometerCallsHandlers() {
		ObservationRegistry registry = ObservationRegistry.create();
		try (TraceToolsLayers layers = TraceTools.builder()
			.layer(new Recording("a", true))
			.layer(new Recording("b", true))
			.install(registry)) {
			assertThat(layers.handlers()).hasSize(2);
			Observation observation = Observation.start("work", registry);
			try (Observation.Scope scope = observation.openScope()) {
				observation.event(Observation.Event.of("tick"));
			}
			observation.error(new IllegalStateException());
			observation.stop();
			assertThat(this.calls).containsExactly("a start", "b start", "a open", "b open", "a event", "b event",
					"b close", "a close", "a error", "b error", "b stop", "a stop");
		}
	}

	@Test
	void layerThatDeclinedASpanWhenItWasCreatedIsNeverCalledForIt() {
		ObservationRegistry registry = ObservationRegistry.create();
		Recording declining = new Recording("no", false);
		try (TraceToolsLayers layers = TraceTools.builder()
			.layer(declining)
			.layer(new Recording("yes", true))
			.install(registry)) {
			Observation observation = Observation.createNotStarted("work", registry);
			// Micrometer asks once, when the observation is created.
			declining.supports = true;
			observation.start();
			observation.openScope().close();
			observation.stop();
			assertThat(this.calls).containsExactly("yes start", "yes open", "yes close", "yes stop");
		}
	}

	@Test
	void registryIsRecordedOnRootObservationsAndFoundFromTheirChildren() {
		ObservationRegistry registry = ObservationRegistry.create();
		try (TraceToolsLayers layers = TraceTools.builder().layer(new Recording("a", true)).install(registry)) {
			Observation parent = Observation.start("request", registry);
			Observation child = Observation.createNotStarted("child", registry).parentObservation(parent).start();
			assertThat(LayerDispatcher.registryOf(child.getContext())).isSameAs(registry);
			child.stop();
			parent.stop();
		}
	}

	private final class Recording implements ObservationHandler<Observation.Context> {

		private final String name;

		private boolean supports;

		Recording(String name, boolean supports) {
			this.name = name;
			this.supports = supports;
		}

		@Override
		public void onStart(Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " start");
		}

		@Override
		public void onError(Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " error");
		}

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " event");
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " open");
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " close");
		}

		@Override
		public void onStop(Observation.Context context) {
			LayerDispatcherTests.this.calls.add(this.name + " stop");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return this.supports;
		}

	}

}
