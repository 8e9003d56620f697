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

import java.util.ArrayList;
import java.util.List;

import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.flamegraph.ScopeRecorder;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.ConsoleOptions;
import dev.tracetools.logging.LoggingLayer;
import dev.tracetools.logging.LoggingOptions;
import dev.tracetools.timeline.TimelineLayer;
import dev.tracetools.timeline.TimelineOptions;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;

/**
 * Builds the trace-tools layers and installs them as {@link ObservationHandler}s on an
 * {@link ObservationRegistry}: the counterpart of
 * {@code trace_tools::subscriber::build()}. It is the one way layers are wired, by a
 * plain Java program and by the Spring Boot auto-configuration alike. <pre class="code">
 * ObservationRegistry registry = ObservationRegistry.create();
 * TraceToolsLayers layers = TraceTools.builder()
 *     .flamegraph(FlamegraphOptions.defaults())
 *     .install(registry);
 * </pre>
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TraceToolsBuilder {

	private final List<ObservationHandler<?>> handlers = new ArrayList<>();

	TraceToolsBuilder() {
	}

	/**
	 * Add a layer of one's own, called for every observation it supports, after the
	 * trace-tools layers added before it.
	 * @param handler the handler
	 * @return this builder
	 */
	public TraceToolsBuilder layer(ObservationHandler<?> handler) {
		this.handlers.add(handler);
		return this;
	}

	/**
	 * Add the flamegraph layer: folded stacks of self busy time per span path.
	 * @param options the layer's options
	 * @return this builder
	 * @see TraceToolsLayers#flamegrapher()
	 */
	public TraceToolsBuilder flamegraph(FlamegraphOptions options) {
		return layer(new FlamegraphLayer(options));
	}

	/**
	 * Add the flamegraph layer, telling the given recorder of every scope event it
	 * counts: how a profiler ({@code JfrProfiler}) finds the span a sample was taken in.
	 * @param options the layer's options
	 * @param scopeRecorder the recorder, such as a {@code ScopeHistory}
	 * @return this builder
	 */
	public TraceToolsBuilder flamegraph(FlamegraphOptions options, ScopeRecorder scopeRecorder) {
		return layer(new FlamegraphLayer(options, scopeRecorder));
	}

	/**
	 * Add the console layer: live per-task stats, histograms and warnings (the
	 * counterpart of tokio-console).
	 * @param options the layer's options
	 * @return this builder
	 */
	public TraceToolsBuilder console(ConsoleOptions options) {
		return layer(new ConsoleLayer(options));
	}

	/**
	 * Add the logging layer: span fields in the MDC, log records as span events (attach a
	 * bridge such as {@code LogbackSpanEventBridge} to feed it), span lifecycle lines.
	 * @param options the layer's options
	 * @return this builder
	 */
	public TraceToolsBuilder logging(LoggingOptions options) {
		return layer(new LoggingLayer(options));
	}

	/**
	 * Add the timeline layer: a bounded recorder of recent spans, their polls and events,
	 * for the timeline page and the Chrome Trace Event export.
	 * @param options the layer's options
	 * @return this builder
	 */
	public TraceToolsBuilder timeline(TimelineOptions options) {
		return layer(new TimelineLayer(options));
	}

	/**
	 * Build the layers without installing them.
	 * @return the layers
	 */
	public TraceToolsLayers build() {
		return new TraceToolsLayers(List.copyOf(this.handlers));
	}

	/**
	 * Build the layers and install them on the given registry (see {@link TraceTools} for
	 * the registry its static wrappers observe with).
	 * @param registry the registry to install on
	 * @return the installed layers, whose handles give access to their data
	 */
	public TraceToolsLayers install(ObservationRegistry registry) {
		TraceToolsLayers layers = build();
		layers.installOn(registry);
		return layers;
	}

}
