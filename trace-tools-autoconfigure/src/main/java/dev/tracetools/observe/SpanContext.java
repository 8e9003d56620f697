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

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The context of a span that trace-tools creates: an {@link Observation.Context} that
 * also knows its {@link CallSite}, so that layers read the name and location from a field
 * instead of looking up key values.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public class SpanContext extends Observation.Context {

	private final CallSite callSite;

	/**
	 * Create a context for a span created at the given call site, with the
	 * {@code observed.name}, {@code loc.file} and {@code loc.line} keys.
	 * @param callSite where the span was created, named as the span
	 */
	public SpanContext(CallSite callSite) {
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
		// Stored key values (from conventions, filters, the application) take precedence.
		return fixedLowCardinalityKeyValues().and(super.getLowCardinalityKeyValues());
	}

	@Override
	public @Nullable KeyValue getLowCardinalityKeyValue(String key) {
		KeyValue stored = super.getLowCardinalityKeyValue(key);
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

}
