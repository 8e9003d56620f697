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

import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * The one observation handler that trace-tools installs on a registry: it calls the
 * layers that are on, in order, as Micrometer would call them if each were a handler of
 * its own, and records on each span the registry that created it. Micrometer's
 * bookkeeping per handler and span (a slot in the span's handler deque, a
 * {@code supportsContext} call, an iteration step per event) is then paid once per span,
 * not once per layer; a layer written by a user is dispatched exactly like a built-in
 * one.
 * <p>
 * As Micrometer does, a layer is asked once per span, when the observation is created,
 * whether it supports the span's context; a layer that does not is never called for that
 * span. Start, scope opened, error, event and scope reset go to the layers in order,
 * scope closed and stop in reverse order. The layers read the time of a span's start,
 * scope events and stop from one {@link EventClock} reading, so that they measure the
 * same instants. The layers that declined a span are kept in a {@link LayerSlot} of the
 * span only when one did, which no built-in layer does for trace-tools' own spans.
 * <p>
 * The registry is recorded so that code that finds an observation current on its thread
 * can create spans in the same registry without a registry of its own (and without a
 * global one that two applications in one JVM would overwrite). A trace-tools span keeps
 * it in a field; another observation (a request, say) keeps it in its map, and only when
 * it is a root: a child finds it on its parents.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@SuppressWarnings({ "rawtypes", "unchecked" })
public final class LayerDispatcher implements ObservationHandler<Observation.Context> {

	/** A long's bits, one per layer, say which layers declined a span. */
	private static final int MAX_LAYERS = Long.SIZE;

	private static final LayerSlot<Long> DECLINED = new LayerSlot<>(Long.class);

	private final ObservationRegistry registry;

	private final ObservationHandler[] layers;

	/**
	 * Create the handler that dispatches to the given layers the spans of the given
	 * registry.
	 * @param registry the registry this handler is installed on
	 * @param layers the layers, in order
	 */
	public LayerDispatcher(ObservationRegistry registry, List<ObservationHandler<?>> layers) {
		if (layers.size() > MAX_LAYERS) {
			throw new IllegalArgumentException(
					"At most " + MAX_LAYERS + " layers can be installed together, not " + layers.size());
		}
		this.registry = registry;
		this.layers = layers.toArray(new ObservationHandler[0]);
	}

	/**
	 * The registry a span was created by, or that of its nearest parent that has one.
	 * @param context the span's context
	 * @return the registry, or {@code null} if no layers saw the span or its parents
	 * start
	 */
	public static @Nullable ObservationRegistry registryOf(Observation.ContextView context) {
		Observation.ContextView current = context;
		while (current != null) {
			ObservationRegistry registry = (current instanceof ObservedSpanContext span) ? span.registry()
					: current.get(LayerDispatcher.class);
			if (registry != null) {
				return registry;
			}
			ObservationView parent = current.getParentObservation();
			current = (parent != null) ? parent.getContextView() : null;
		}
		return null;
	}

	ObservationRegistry registry() {
		return this.registry;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Asked once, when the observation is created, as Micrometer asks its handlers.
		long declined = 0;
		ObservationHandler[] layers = this.layers;
		for (int i = 0; i < layers.length; i++) {
			if (!layers[i].supportsContext(context)) {
				declined |= 1L << i;
			}
		}
		boolean inSpan = false;
		if (context instanceof ObservedSpanContext span && (span.dispatcher() == null || span.dispatcher() == this)) {
			// Asked again (a composite handler asks at every event): the last answer.
			span.dispatcher(this, (int) declined);
			inSpan = layers.length <= Integer.SIZE;
		}
		if (!inSpan && declined != 0) {
			DECLINED.put(context, this, declined);
		}
		// Always: the registry is recorded on every span.
		return true;
	}

	private long declined(Observation.Context context) {
		if (context instanceof ObservedSpanContext span && span.dispatcher() == this
				&& this.layers.length <= Integer.SIZE) {
			return span.declinedLayers() & 0xFFFFFFFFL;
		}
		Long declined = DECLINED.get(context, this);
		return (declined != null) ? declined : 0;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (context instanceof ObservedSpanContext span) {
			if (span.dispatcher() == null) {
				// Not asked whether it supports the span: no layer declined it.
				span.dispatcher(this, 0);
			}
		}
		else if (context.getParentObservation() == null) {
			context.put(LayerDispatcher.class, this.registry);
		}
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		EventClock clock = EventClock.of(context);
		long outer = (clock != null) ? clock.begin() : 0;
		try {
			for (int i = 0; i < layers.length; i++) {
				if ((declined & (1L << i)) == 0) {
					layers[i].onStart(context);
				}
			}
		}
		finally {
			if (clock != null) {
				clock.end(outer);
			}
		}
	}

	@Override
	public void onError(Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		for (int i = 0; i < layers.length; i++) {
			if ((declined & (1L << i)) == 0) {
				layers[i].onError(context);
			}
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		for (int i = 0; i < layers.length; i++) {
			if ((declined & (1L << i)) == 0) {
				layers[i].onEvent(event, context);
			}
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		EventClock clock = EventClock.of(context);
		long outer = (clock != null) ? clock.begin() : 0;
		try {
			for (int i = 0; i < layers.length; i++) {
				if ((declined & (1L << i)) == 0) {
					layers[i].onScopeOpened(context);
				}
			}
		}
		finally {
			if (clock != null) {
				clock.end(outer);
			}
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		EventClock clock = EventClock.of(context);
		long outer = (clock != null) ? clock.begin() : 0;
		try {
			for (int i = layers.length - 1; i >= 0; i--) {
				if ((declined & (1L << i)) == 0) {
					layers[i].onScopeClosed(context);
				}
			}
		}
		finally {
			if (clock != null) {
				clock.end(outer);
			}
		}
	}

	@Override
	public void onScopeReset(Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		for (int i = 0; i < layers.length; i++) {
			if ((declined & (1L << i)) == 0) {
				layers[i].onScopeReset(context);
			}
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		long declined = declined(context);
		ObservationHandler[] layers = this.layers;
		EventClock clock = EventClock.of(context);
		long outer = (clock != null) ? clock.begin() : 0;
		try {
			for (int i = layers.length - 1; i >= 0; i--) {
				if ((declined & (1L << i)) == 0) {
					layers[i].onStop(context);
				}
			}
		}
		finally {
			if (clock != null) {
				clock.end(outer);
			}
		}
	}

}
