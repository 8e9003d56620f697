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

import java.util.function.Function;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * The one walk up a span's logical parents
 * ({@link Observation.Context#getParentObservation()}), which every layer uses to find
 * the nearest span it keeps state for: an observation a layer does not keep (filtered
 * out, or started before the layer was installed) is transparent. The walk is bounded, so
 * that a chain of parents that never ends (a task that resubmits itself from inside its
 * own span, forever) costs a bounded time.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanParents {

	/** The most parents looked at. */
	static final int MAX_HOPS = 1024;

	private SpanParents() {
	}

	/**
	 * The state a layer keeps for the nearest parent of a span that has one.
	 * @param <S> the type of state
	 * @param span the span
	 * @param state the layer's state of a span, {@code null} if it keeps none (made once
	 * per layer: a lambda that captures the layer is an allocation)
	 * @return the nearest parent's state, or {@code null} if no parent has one
	 */
	public static <S> @Nullable S nearest(Observation.ContextView span,
			Function<Observation.ContextView, @Nullable S> state) {
		ObservationView parent = span.getParentObservation();
		for (int hops = 0; parent != null && hops < MAX_HOPS; hops++) {
			Observation.ContextView view = parent.getContextView();
			S found = state.apply(view);
			if (found != null) {
				return found;
			}
			parent = view.getParentObservation();
		}
		return null;
	}

	/**
	 * The state a layer keeps for a span, or else for its nearest parent that has one.
	 * @param <S> the type of state
	 * @param span the span
	 * @param state the layer's state of a span, {@code null} if it keeps none
	 * @return the state, or {@code null} if neither the span nor a parent has one
	 */
	public static <S> @Nullable S selfOrNearest(Observation.ContextView span,
			Function<Observation.ContextView, @Nullable S> state) {
		S own = state.apply(span);
		return (own != null) ? own : nearest(span, state);
	}

	/**
	 * The observation itself or its nearest parent that a layer keeps state for, for a
	 * layer that acts on the observation (records an event on it).
	 * @param span the observation
	 * @param kept whether the layer keeps state for a span
	 * @return the observation, or {@code null} if neither it nor a parent is kept
	 */
	public static @Nullable Observation selfOrNearest(Observation span, Predicate<Observation.ContextView> kept) {
		Observation current = span;
		for (int hops = 0; hops <= MAX_HOPS; hops++) {
			if (kept.test(current.getContext())) {
				return current;
			}
			if (!(current.getContext().getParentObservation() instanceof Observation parent)) {
				return null;
			}
			current = parent;
		}
		return null;
	}

}
