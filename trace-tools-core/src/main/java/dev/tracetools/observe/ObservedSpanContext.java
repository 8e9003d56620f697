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

import java.util.Arrays;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The context of a span that trace-tools creates: an {@link Observation.Context} that
 * also knows its {@link CallSite}, so that layers read the name and location from a field
 * instead of looking up key values.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public class ObservedSpanContext extends Observation.Context {

	private static final int FIELD_SLOTS = 6;

	private final CallSite callSite;

	private boolean storedLowCardinalityKeyValues;

	// The layers' state (see LayerSlot), not entries of the context's map, which cost
	// every
	// span the map's table and a node per layer, and a hash lookup per event: the first
	// slots in fields (no allocation), further ones in an array allocated when first
	// used.
	private @Nullable Object slot0;

	private @Nullable Object slot1;

	private @Nullable Object slot2;

	private @Nullable Object slot3;

	private @Nullable Object slot4;

	private @Nullable Object slot5;

	private @Nullable Object @Nullable [] moreSlots;

	// The dispatcher that first saw the span (its registry is the span's) and which of
	// its layers declined the span (a bit per layer, up to 32): read at every event
	// without a lookup in the context's map.
	private @Nullable LayerDispatcher dispatcher;

	private int declinedLayers;

	/**
	 * Create a context for a span created at the given call site, with the
	 * {@code observed.name}, {@code loc.file} and {@code loc.line} keys.
	 * @param callSite where the span was created, named as the span
	 */
	public ObservedSpanContext(CallSite callSite) {
		this.callSite = callSite;
	}

	/**
	 * Whether the times of this span's events are its task's, recorded once by the task
	 * itself, so that the layers read no clock of their own for it ({@link EventClock}).
	 * @return {@code false}: a span's events are timed by the {@link EventClock}
	 */
	protected boolean timedByItsTask() {
		return false;
	}

	/**
	 * The low-cardinality key values every span of this kind has, answered by
	 * {@link #getLowCardinalityKeyValues()} and
	 * {@link #getLowCardinalityKeyValue(String)} without being stored in the context's
	 * map: storing them costs the map's table and a node per key for every span, on the
	 * hot path of every task.
	 * @return the key values, by default those of the call site
	 */
	protected KeyValues fixedLowCardinalityKeyValues() {
		return this.callSite.keyValues();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues() {
		if (!this.storedLowCardinalityKeyValues) {
			// The usual case: no merge, no allocation.
			return fixedLowCardinalityKeyValues();
		}
		// Stored key values (from conventions, filters, the application) take precedence.
		return fixedLowCardinalityKeyValues().and(super.getLowCardinalityKeyValues());
	}

	@Override
	public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
		this.storedLowCardinalityKeyValues = true;
		return super.addLowCardinalityKeyValue(keyValue);
	}

	@Override
	public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
		if (keyValues.iterator().hasNext()) {
			this.storedLowCardinalityKeyValues = true;
		}
		return super.addLowCardinalityKeyValues(keyValues);
	}

	/**
	 * Whether low-cardinality key values were added to the context (by a convention, a
	 * filter or the application) besides the fixed ones of its kind of span.
	 * @return whether any were added
	 */
	public boolean hasStoredLowCardinalityKeyValues() {
		return this.storedLowCardinalityKeyValues;
	}

	@Override
	public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
		KeyValue stored = this.storedLowCardinalityKeyValues ? super.getLowCardinalityKeyValue(key) : null;
		if (stored != null) {
			return stored;
		}
		for (KeyValue keyValue : fixedLowCardinalityKeyValues()) {
			if (keyValue.getKey().equals(key)) {
				return keyValue;
			}
		}
		return null;
	}

	/**
	 * Where the span was created, and its name.
	 * @return the call site
	 */
	public CallSite getCallSite() {
		return this.callSite;
	}

	/**
	 * The span's {@code observed.name}.
	 * @return the name
	 */
	public String getObservedName() {
		return this.callSite.name();
	}

	@Nullable ObservationRegistry registry() {
		LayerDispatcher dispatcher = this.dispatcher;
		return (dispatcher != null) ? dispatcher.registry() : null;
	}

	@Nullable LayerDispatcher dispatcher() {
		return this.dispatcher;
	}

	int declinedLayers() {
		return this.declinedLayers;
	}

	void dispatcher(LayerDispatcher dispatcher, int declinedLayers) {
		this.dispatcher = dispatcher;
		this.declinedLayers = declinedLayers;
	}

	@Nullable Object slotState(int index) {
		return switch (index) {
			case 0 -> this.slot0;
			case 1 -> this.slot1;
			case 2 -> this.slot2;
			case 3 -> this.slot3;
			case 4 -> this.slot4;
			case 5 -> this.slot5;
			default -> {
				@Nullable Object[] more = this.moreSlots;
				int at = index - FIELD_SLOTS;
				yield (more != null && at < more.length) ? more[at] : null;
			}
		};
	}

	void setSlotState(int index, Object state) {
		switch (index) {
			case 0 -> this.slot0 = state;
			case 1 -> this.slot1 = state;
			case 2 -> this.slot2 = state;
			case 3 -> this.slot3 = state;
			case 4 -> this.slot4 = state;
			case 5 -> this.slot5 = state;
			default -> {
				int at = index - FIELD_SLOTS;
				@Nullable Object[] more = this.moreSlots;
				if (more == null || at >= more.length) {
					// Sized for every slot created so far; a slot created later grows it.
					int size = Math.max(LayerSlot.count() - FIELD_SLOTS, at + 1);
					more = (more != null) ? Arrays.copyOf(more, size) : new Object[size];
					this.moreSlots = more;
				}
				more[at] = state;
			}
		}
	}

}
