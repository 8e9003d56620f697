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

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Where a layer (an observation handler) keeps its state of each span: in a slot of
 * trace-tools' own {@link ObservedSpanContext spans}, and in the context's map for other
 * observations. A map entry costs every span the map's table and a node, and every scope
 * event a hash lookup; a slot costs a field or an array element. A layer class, built-in
 * or written by a user, declares one slot as a constant; each slot takes the next index
 * when it is created (when the layer class is loaded, so the number of slots is bounded
 * by the code, not by the number of registries or application contexts), with no limit:
 * the first few are fields of the span, the others elements of an array the span
 * allocates when one of them is first used.
 * <p>
 * The slot belongs to the first instance of the layer that keeps state in it, as long as
 * that instance lives (it is held weakly); the state of other instances of the same layer
 * (a second instance in one registry, or in a second application in the same JVM) goes to
 * the context's map, so that no span carries an owner per slot.
 *
 * @param <S> the type of the state
 * @author trace-tools
 * @since 0.1.0
 */
public final class LayerSlot<S> {

	private static final AtomicInteger COUNT = new AtomicInteger();

	private static final WeakReference<Object> NO_OWNER = new WeakReference<>(null);

	private static final AtomicReferenceFieldUpdater<LayerSlot, WeakReference> OWNER = AtomicReferenceFieldUpdater
		.newUpdater(LayerSlot.class, WeakReference.class, "owner");

	private final int index;

	private final Class<S> type;

	private volatile WeakReference<Object> owner = NO_OWNER;

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
	@SuppressWarnings("unchecked")
	public @Nullable S get(Observation.ContextView context, Object layer) {
		if (context instanceof ObservedSpanContext span && this.owner.get() == layer) {
			Object state = span.slotState(this.index);
			if (state != null) {
				// Only put(...) writes this slot, with an S: no check at every event.
				return (S) state;
			}
			// Kept in the map before this layer took the slot over.
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
		if (context instanceof ObservedSpanContext span && owns(layer)) {
			span.setSlotState(this.index, state);
			return;
		}
		context.put(layer, state);
	}

	@SuppressWarnings("unchecked")
	private boolean owns(Object layer) {
		WeakReference<Object> current = this.owner;
		Object owner = current.get();
		if (owner == layer) {
			return true;
		}
		if (owner != null) {
			return false;
		}
		// Free, or its owner is gone (with its registry, whose spans no other layer
		// sees).
		OWNER.compareAndSet(this, current, new WeakReference<>(layer));
		return this.owner.get() == layer;
	}

}
