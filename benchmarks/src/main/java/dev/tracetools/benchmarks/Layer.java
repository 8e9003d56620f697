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

package dev.tracetools.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The three trace-tools layers, created with their default options. They are looked up by
 * name so that the suite compiles and runs on any branch: a variant whose layer is not
 * there yet is simply left out of the run (see {@link Variant#available()}).
 *
 * @author trace-tools
 */
enum Layer {

	/** Folded stacks of self busy time per span path. */
	FLAMEGRAPH("dev.tracetools.flamegraph.FlamegraphLayer", "dev.tracetools.flamegraph.FlamegraphOptions"),

	/** Live per-task stats, histograms and warnings. */
	CONSOLE("dev.tracetools.tasks.ConsoleLayer", "dev.tracetools.tasks.ConsoleOptions"),

	/** Span fields in the MDC, log records as span events, lifecycle lines. */
	LOGGING("dev.tracetools.logging.LoggingLayer", "dev.tracetools.logging.LoggingOptions"),

	/**
	 * A bounded recorder of recent spans (on by default, but not in "all": the suite's
	 * "all" stays the three layers its earlier results measured; TT_ALL_TIMELINE adds
	 * it).
	 */
	TIMELINE("dev.tracetools.timeline.TimelineLayer", "dev.tracetools.timeline.TimelineOptions"),

	/**
	 * A handler that does nothing: what Micrometer charges for each handler a task's
	 * observation notifies, the floor under every layer.
	 */
	EMPTY(null, null);

	/** The layers on by default: what "all layers" means in this suite. */
	static final List<Layer> DEFAULT_ON = List.of(FLAMEGRAPH, CONSOLE, LOGGING);

	private final @Nullable String layerClass;

	private final @Nullable String optionsClass;

	Layer(@Nullable String layerClass, @Nullable String optionsClass) {
		this.layerClass = layerClass;
		this.optionsClass = optionsClass;
	}

	/**
	 * Whether this layer exists on the classpath.
	 * @return whether it can be created
	 */
	boolean isAvailable() {
		if (this.layerClass == null || this.optionsClass == null) {
			return true;
		}
		try {
			Class.forName(this.layerClass, false, Layer.class.getClassLoader());
			Class.forName(this.optionsClass, false, Layer.class.getClassLoader());
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	/**
	 * Create the layer with its default options ({@code XOptions.defaults()}), as the
	 * auto-configuration does without properties.
	 * @return the layer's observation handler
	 */
	ObservationHandler<?> create() {
		if (this.layerClass == null || this.optionsClass == null) {
			return new EmptyHandler();
		}
		try {
			Class<?> options = Class.forName(this.optionsClass);
			Object defaults = options.getMethod("defaults").invoke(null);
			return (ObservationHandler<?>) Class.forName(this.layerClass).getConstructor(options).newInstance(defaults);
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The " + name().toLowerCase() + " layer is not on this branch yet", ex);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException("Could not create the " + name().toLowerCase() + " layer",
					ex.getTargetException());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create the " + name().toLowerCase() + " layer", ex);
		}
	}

	/**
	 * Create the given layers and install them on a registry, through the trace-tools
	 * builder.
	 * @param registry the registry
	 * @param layers the layers
	 * @return the installed handlers, in order
	 */
	static List<ObservationHandler<?>> install(ObservationRegistry registry, List<Layer> layers) {
		dev.tracetools.TraceToolsBuilder builder = dev.tracetools.TraceTools.builder();
		List<ObservationHandler<?>> handlers = new ArrayList<>();
		for (Layer layer : layers) {
			ObservationHandler<?> handler = layer.create();
			handlers.add(handler);
			builder.layer(handler);
		}
		builder.install(registry);
		for (ObservationHandler<?> handler : handlers) {
			if (handler instanceof dev.tracetools.logging.LoggingLayer logging) {
				// As the auto-configuration does with Logback: the bridge turns records
				// into
				// span events and writes the span fields into the MDC when a record is
				// made.
				dev.tracetools.logging.LogbackSpanEventBridge.attach(logging, registry);
			}
		}
		return handlers;
	}

	/**
	 * Supports every observation and does nothing with it.
	 */
	static final class EmptyHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
