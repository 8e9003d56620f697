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

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Where a layer (an observation handler) keeps its state of each span: in a field of
 * trace-tools' own {@link ObservedSpanContext spans}, and in the context's map for other
 * observations. A map entry costs every span the map's table and a node, and every scope
 * event a hash lookup; the field costs neither. Each layer class declares one slot as a
 * constant, with the field reserved for it; the state is keyed by the layer instance, so
 * two instances of a layer in one registry keep apart (the second one's state goes to the
 * map).
 *
 * @param <S> the type of the state
 * @author trace-tools
 * @since 0.1.0
 */
public final class LayerSlot<S> {

	/** The field of the flamegraph layer's state. */
	public static final int FLAMEGRAPH = 0;

	/** The field of the console layer's state. */
	public static final int CONSOLE = 1;

	/** The field of the logging layer's state. */
	public static final int LOGGING = 2;

	/** The field of the timeline layer's state. */
	public static final int TIMELINE = 3;

	/** The field of the task meters' state. */
	public static final int METERS = 4;

	private static final int FIELDS = 5;

	private final int index;

	private final Class<S> type;

	/**
	 * Create a slot kept in the context's map of every span.
	 * @param type the type of the state
	 */
	public LayerSlot(Class<S> type) {
		this.index = -1;
		this.type = type;
	}

	/**
	 * Create a slot kept in one of the fields trace-tools' spans reserve for its layers.
	 * @param type the type of the state
	 * @param field the field: {@link #FLAMEGRAPH}, {@link #CONSOLE}, {@link #LOGGING},
	 * {@link #TIMELINE} or {@link #METERS}
	 */
	public LayerSlot(Class<S> type, int field) {
		if (field < 0 || field >= FIELDS) {
			throw new IllegalArgumentException("No span context field " + field);
		}
		this.index = field;
		this.type = type;
	}

	/**
	 * The state a layer keeps for a span.
	 * @param context the span's context
	 * @param layer the layer
	 * @return the state, or {@code null} if the layer keeps none for that span
	 */
	public @Nullable S get(Observation.ContextView context, Object layer) {
		if (this.index >= 0 && context instanceof ObservedSpanContext span && span.slotOwner(this.index) == layer) {
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
		if (this.index >= 0 && context instanceof ObservedSpanContext span) {
			Object owner = span.slotOwner(this.index);
			if (owner == null || owner == layer) {
				span.setSlot(this.index, layer, state);
				return;
			}
		}
		context.put(layer, state);
	}

}
