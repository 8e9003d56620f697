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

package dev.tracetools;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.tracetools.flamegraph.Flamegrapher;
import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.observe.LayerDispatcher;
import dev.tracetools.tasks.ConsoleLayer;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The layers a {@link TraceToolsBuilder} built: the handles through which their data is
 * read (a flamegraph, the task table) and the handlers to install on a registry.
 * {@link #close() Closing} them takes their registries out of those the static
 * {@link TraceTools} wrappers fall back to (Spring closes the auto-configured layers with
 * their application context).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TraceToolsLayers implements AutoCloseable {

	private final List<ObservationHandler<?>> handlers;

	private final List<ObservationRegistry> registries = new CopyOnWriteArrayList<>();

	TraceToolsLayers(List<ObservationHandler<?>> handlers) {
		this.handlers = handlers;
	}

	/**
	 * The layers' observation handlers, in the order they are called (all behind one
	 * handler of the registry, see {@link #installOn(ObservationRegistry)}).
	 * @return the handlers
	 */
	public List<ObservationHandler<?>> handlers() {
		return this.handlers;
	}

	/**
	 * Return the layer of the given type, if it was built.
	 * @param <T> the type of the layer
	 * @param type the type of the layer
	 * @return the layer, or {@code null}
	 */
	public <T> @Nullable T layer(Class<T> type) {
		for (ObservationHandler<?> handler : this.handlers) {
			if (type.isInstance(handler)) {
				return type.cast(handler);
			}
		}
		return null;
	}

	/**
	 * The handle to the flamegraph layer's aggregate, if the layer was built: the
	 * counterpart of the {@code Flamegrapher} that trace-tools' builder returns.
	 * @return the handle, or {@code null} without a flamegraph layer
	 */
	public @Nullable Flamegrapher flamegrapher() {
		FlamegraphLayer flamegraph = layer(FlamegraphLayer.class);
		return (flamegraph != null) ? flamegraph.flamegrapher() : null;
	}

	/**
	 * Return the console layer, if it was built.
	 * @return the console layer, or {@code null}
	 */
	public @Nullable ConsoleLayer console() {
		return layer(ConsoleLayer.class);
	}

	/**
	 * Install the layers on the given registry behind one observation handler that
	 * dispatches each span to the layers, in order, and records the registry on each span
	 * (so that {@link TraceTools#observe} called under a span observes with its
	 * registry): Micrometer's bookkeeping per handler is then paid once per span, not
	 * once per layer. With no layer, nothing is registered: a registry without handlers
	 * keeps its observations no-ops.
	 * @param registry the registry
	 */
	public void installOn(ObservationRegistry registry) {
		if (!this.handlers.isEmpty()) {
			registry.observationConfig().observationHandler(new LayerDispatcher(registry, this.handlers));
		}
		this.registries.add(registry);
		TraceTools.installed(this);
	}

	List<ObservationRegistry> registries() {
		return this.registries;
	}

	/**
	 * Take the registries these layers are installed on out of those the static
	 * {@link TraceTools} wrappers fall back to. The handlers stay registered (Micrometer
	 * cannot remove them).
	 */
	@Override
	public void close() {
		TraceTools.closed(this);
		this.registries.clear();
	}

}
