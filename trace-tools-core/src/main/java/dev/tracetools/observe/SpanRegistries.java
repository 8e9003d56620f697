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
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * The registry each span was created by, recorded when it starts, so that code that finds
 * an observation current on its thread can create spans in the same registry without a
 * registry of its own (and without a global one that two applications in one JVM would
 * overwrite). A trace-tools span keeps it in a field; another observation (a request,
 * say) keeps it in its map, and only when it is a root: a child finds it on its parents.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanRegistries implements ObservationHandler<Observation.Context> {

	private final ObservationRegistry registry;

	/**
	 * Create the handler that records the given registry on the spans it starts.
	 * @param registry the registry this handler is installed on
	 */
	public SpanRegistries(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * The registry a span was created by, or that of its nearest parent that has one.
	 * @param context the span's context
	 * @return the registry, or {@code null} if no {@code SpanRegistries} handler saw the
	 * span or its parents start
	 */
	public static @Nullable ObservationRegistry registryOf(Observation.ContextView context) {
		Observation.ContextView current = context;
		while (current != null) {
			ObservationRegistry registry = (current instanceof ObservedSpanContext span) ? span.registry()
					: current.get(SpanRegistries.class);
			if (registry != null) {
				return registry;
			}
			ObservationView parent = current.getParentObservation();
			current = (parent != null) ? parent.getContextView() : null;
		}
		return null;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (context instanceof ObservedSpanContext span) {
			span.registry(this.registry);
		}
		else if (context.getParentObservation() == null) {
			context.put(SpanRegistries.class, this.registry);
		}
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

}
