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

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Where a layer (an observation handler) keeps its state of each span: in an array slot
 * of trace-tools' own {@link ObservedSpanContext spans}, and in the context's map for
 * other observations. A map entry costs every span the map's table and a node, and every
 * scope event a hash lookup; the array slot costs an index. A layer class, built-in or
 * written by a user, declares one slot as a constant; each slot takes the next index when
 * it is created (when the layer class is loaded, so the number of slots is bounded by the
 * code, not by the number of registries or application contexts), with no limit. The
 * state is keyed by the layer instance, so two instances of a layer in one registry keep
 * apart (the second one's state goes to the map).
 *
 * @param <S> the type of the state
 * @author trace-tools
 * @since 0.1.0
 */
public final class LayerSlot<S> {

	private static final AtomicInteger COUNT = new AtomicInteger();

	private final int index;

	private final Class<S> type;

	/**
	 * Create a slot, taking the next index of every span's slots.
	 * @param type the type of the state
	 */
	public LayerSlot(Class<S> type) {
		this.index = COUNT.getAndIncrement();
		this.type = type;
	}

	/**
	 * The number of slots created so far: the size a span's slots need.
	 * @return the number of slots
	 */
	static int count() {
		return COUNT.get();
	}

	/**
	 * The state a layer keeps for a span.
	 * @param context the span's context
	 * @param layer the layer
	 * @return the state, or {@code null} if the layer keeps none for that span
	 */
	public @Nullable S get(Observation.ContextView context, Object layer) {
		if (context instanceof ObservedSpanContext span && span.slotOwner(this.index) == layer) {
			return this.type.cast(span.slotState(this.index));
		}
		Object state = context.get(layer);
		return this.type.isInstance(state) ? this.type.cast(state) : null;
	}

	/**
	 * Keep a layer's state for a span.
	 * @param context the span's context
	 * @param layer the layer
	 * @param state the state
	 */
	public void put(Observation.Context context, Object layer, S state) {
		if (context instanceof ObservedSpanContext span && span.claimSlot(this.index, layer, state)) {
			return;
		}
		context.put(layer, state);
	}

}
