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

	private final CallSite callSite;

	private boolean storedLowCardinalityKeyValues;

	// The layers' state (see LayerSlot): owner and state of slot i at 2i and 2i + 1, not
	// entries of the context's map, which cost every span the map's table and a node per
	// layer, and a hash lookup per event. Allocated by the first layer that keeps state.
	private @Nullable Object @Nullable [] slots;

	private @Nullable ObservationRegistry registry;

	/**
	 * Create a context for a span created at the given call site, with the
	 * {@code observed.name}, {@code loc.file} and {@code loc.line} keys.
	 * @param callSite where the span was created, named as the span
	 */
	public ObservedSpanContext(CallSite callSite) {
		this.callSite = callSite;
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
		return this.registry;
	}

	void registry(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Nullable Object slotOwner(int index) {
		@Nullable Object[] slots = this.slots;
		int at = index << 1;
		return (slots != null && at < slots.length) ? slots[at] : null;
	}

	@Nullable Object slotState(int index) {
		@Nullable Object[] slots = this.slots;
		int at = (index << 1) + 1;
		return (slots != null && at < slots.length) ? slots[at] : null;
	}

	boolean claimSlot(int index, Object owner, Object state) {
		int at = index << 1;
		@Nullable Object[] slots = this.slots;
		if (slots == null || at >= slots.length) {
			// Sized for every slot created so far; a slot created later grows it once.
			int size = Math.max(LayerSlot.count(), index + 1) << 1;
			slots = (slots != null) ? Arrays.copyOf(slots, size) : new Object[size];
			this.slots = slots;
		}
		Object current = slots[at];
		if (current != null && current != owner) {
			return false;
		}
		slots[at] = owner;
		slots[at + 1] = state;
		return true;
	}

}
