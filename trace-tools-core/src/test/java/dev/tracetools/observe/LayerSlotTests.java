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

import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LayerSlot}: each layer's state of a span, kept apart per layer.
 */
class LayerSlotTests {

	// A slot per test: a slot belongs to the first layer that keeps state in it.
	private final LayerSlot<String> slot = new LayerSlot<>(String.class);

	private final Object layer = new Object();

	private final Object other = new Object();

	@Test
	void spanContextKeepsTheStateInAnArraySlotNotInItsMap() {
		ObservedSpanContext context = new ObservedSpanContext(
				new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12));
		this.slot.put(context, this.layer, "state");
		assertThat(this.slot.get(context, this.layer)).isEqualTo("state");
		assertThat((Object) context.get(this.layer)).isNull();
	}

	@Test
	void twoInstancesOfALayerKeepTheirOwnState() {
		ObservedSpanContext context = new ObservedSpanContext(
				new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12));
		this.slot.put(context, this.layer, "first");
		this.slot.put(context, this.other, "second");
		assertThat(this.slot.get(context, this.layer)).isEqualTo("first");
		assertThat(this.slot.get(context, this.other)).isEqualTo("second");
		// The first instance has the slot; the second keeps its state in the map.
		assertThat((Object) context.get(this.layer)).isNull();
		assertThat((Object) context.get(this.other)).isEqualTo("second");
	}

	@Test
	void slotCreatedAfterASpanStartedStillKeepsItsStateOutOfTheMap() {
		ObservedSpanContext context = new ObservedSpanContext(
				new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12));
		this.slot.put(context, this.layer, "early");
		List<LayerSlot<String>> later = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			later.add(new LayerSlot<>(String.class));
		}
		for (int i = 0; i < later.size(); i++) {
			later.get(i).put(context, this.layer, "late " + i);
		}
		assertThat(this.slot.get(context, this.layer)).isEqualTo("early");
		for (int i = 0; i < later.size(); i++) {
			assertThat(later.get(i).get(context, this.layer)).isEqualTo("late " + i);
		}
		assertThat((Object) context.get(this.layer)).isNull();
	}

	@Test
	void otherObservationsKeepTheStateInTheirMap() {
		Observation.Context context = new Observation.Context();
		this.slot.put(context, this.layer, "state");
		assertThat(this.slot.get(context, this.layer)).isEqualTo("state");
		assertThat((Object) context.get(this.layer)).isEqualTo("state");
		assertThat(this.slot.get(context, this.other)).isNull();
	}

	@Test
	void derivedValueIsComputedOncePerCallSite() {
		CallSite site = new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12);
		int[] computed = new int[1];
		CallSite.Derived<String> derived = new CallSite.Derived<>((callSite) -> {
			computed[0]++;
			return callSite.location();
		});
		assertThat(derived.get(site)).isEqualTo("Jobs.java:12");
		assertThat(derived.get(site)).isSameAs(derived.get(site));
		assertThat(computed[0]).isOne();
	}

	@Test
	void anyNumberOfDerivedValuesFitOnACallSite() {
		CallSite site = new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12);
		assertThat(site.location()).isEqualTo("Jobs.java:12");
		List<CallSite.Derived<String>> derived = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			String suffix = "#" + i;
			derived.add(new CallSite.Derived<>((callSite) -> callSite.location() + suffix));
		}
		for (int i = 0; i < derived.size(); i++) {
			assertThat(derived.get(i).get(site)).isEqualTo("Jobs.java:12#" + i);
		}
	}

}
