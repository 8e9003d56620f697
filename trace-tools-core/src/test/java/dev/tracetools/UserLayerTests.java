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

import java.util.ArrayList;
import java.util.List;

import dev.tracetools.executor.TaskObservations;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.observe.LayerSlot;
import dev.tracetools.tasks.ConsoleOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for a layer written by a user: it keeps its state of each span in a slot of its
 * own, as the built-in layers do, beside them.
 */
class UserLayerTests {

	@Test
	void userLayerKeepsItsStateInASlotOfItsOwnBesideTheBuiltInLayers() {
		ObservationRegistry registry = ObservationRegistry.create();
		PollCounter counter = new PollCounter();
		try (TraceToolsLayers layers = TraceTools.builder()
			.flamegraph(FlamegraphOptions.defaults())
			.console(ConsoleOptions.defaults())
			.layer(counter)
			.install(registry)) {
			TaskObservations observations = new TaskObservations(registry, "pool", false);
			Runnable task = observations.observe(() -> {
			});
			task.run();
			WorkObserver observer = TraceTools.with(registry);
			observer.observe("twice", () -> {
			}).run();
			assertThat(counter.polls).containsExactly(1, 1);
			assertThat(counter.inMap).isZero();
			assertThat(layers.console()).isNotNull();
			assertThat(layers.console().seen()).isOne();
		}
	}

	static final class PollCounter implements ObservationHandler<Observation.Context> {

		private static final LayerSlot<int[]> POLLS = new LayerSlot<>(int[].class);

		final List<Integer> polls = new ArrayList<>();

		int inMap;

		@Override
		public void onStart(Observation.Context context) {
			POLLS.put(context, this, new int[1]);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			int[] polls = POLLS.get(context, this);
			if (polls != null) {
				polls[0]++;
			}
		}

		@Override
		public void onStop(Observation.Context context) {
			int[] polls = POLLS.get(context, this);
			if (context.get(this) != null) {
				this.inMap++;
			}
			this.polls.add((polls != null) ? polls[0] : -1);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
