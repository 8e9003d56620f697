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

package dev.tracetools.actuate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import dev.tracetools.flamegraph.Flamegraph;
import dev.tracetools.flamegraph.Flamegrapher;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.query.InvalidParameterException;
import dev.tracetools.query.QueryParameters;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * {@link Endpoint @Endpoint} that serves the flamegraph layer's aggregate, the live
 * counterpart of trace-tools' {@code Flamegrapher}. The format follows the request's
 * {@code Accept} header, or the {@code format} query parameter where given:
 * <ul>
 * <li>{@code html} ({@code text/html}, what a browser asks for): an interactive
 * flamegraph, with search, click to zoom and tooltips in µs and percent;</li>
 * <li>{@code folded} ({@code text/plain}): folded stacks, {@code a;b;c 123} per line, in
 * µs, as inferno, {@code flamegraph.pl} and speedscope read them;</li>
 * <li>{@code json} (the default): the d3-flame-graph tree {@code {name, value,
 * children}}, values inclusive µs;</li>
 * <li>{@code svg} ({@code image/svg+xml}): a self-contained SVG.</li>
 * </ul>
 * {@code mode=busy} (default) shows self busy time, {@code mode=scheduled} the time tasks
 * waited for a thread. {@code DELETE} forgets the aggregate.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Endpoint(id = "flamegraph")
public class FlamegraphEndpoint {

	private static final MimeType TEXT_HTML = MimeType.valueOf("text/html;charset=UTF-8");

	private static final MimeType TEXT_PLAIN = MimeType.valueOf("text/plain;charset=UTF-8");

	private static final MimeType IMAGE_SVG = MimeType.valueOf("image/svg+xml;charset=UTF-8");

	private static final MimeType APPLICATION_JSON = MimeType.valueOf("application/json");

	private final Flamegrapher flamegrapher;

	/**
	 * Create an endpoint that serves the given flamegraph.
	 * @param flamegrapher the handle to the flamegraph layer
	 */
	public FlamegraphEndpoint(Flamegrapher flamegrapher) {
		this.flamegrapher = flamegrapher;
	}

	/**
	 * The flamegraph as a d3-flame-graph JSON tree (or as the {@code format} asks).
	 * @param format {@code html}, {@code folded}, {@code json} or {@code svg}; JSON if
	 * absent
	 * @param mode {@code busy} (default), {@code scheduled}, or with profiling on
	 * {@code cpu} or {@code wait}
	 * @return the flamegraph, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation
	public WebEndpointResponse<Object> json(@Nullable String format, @Nullable String mode) {
		return respond(Format.JSON, format, mode);
	}

	/**
	 * The flamegraph as an interactive HTML page (or as the {@code format} asks).
	 * @param format {@code html}, {@code folded}, {@code json} or {@code svg}; HTML if
	 * absent
	 * @param mode {@code busy} (default), {@code scheduled}, or with profiling on
	 * {@code cpu} or {@code wait}
	 * @return the flamegraph, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public WebEndpointResponse<Object> html(@Nullable String format, @Nullable String mode) {
		return respond(Format.HTML, format, mode);
	}

	/**
	 * The flamegraph as folded stacks (or as the {@code format} asks).
	 * @param format {@code html}, {@code folded}, {@code json} or {@code svg}; folded if
	 * absent
	 * @param mode {@code busy} (default), {@code scheduled}, or with profiling on
	 * {@code cpu} or {@code wait}
	 * @return the flamegraph, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation(produces = "text/plain;charset=UTF-8")
	public WebEndpointResponse<Object> folded(@Nullable String format, @Nullable String mode) {
		return respond(Format.FOLDED, format, mode);
	}

	/**
	 * The flamegraph as an SVG image (or as the {@code format} asks).
	 * @param format {@code html}, {@code folded}, {@code json} or {@code svg}; SVG if
	 * absent
	 * @param mode {@code busy} (default), {@code scheduled}, or with profiling on
	 * {@code cpu} or {@code wait}
	 * @return the flamegraph, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation(produces = "image/svg+xml;charset=UTF-8")
	public WebEndpointResponse<Object> svg(@Nullable String format, @Nullable String mode) {
		return respond(Format.SVG, format, mode);
	}

	/**
	 * Forget everything the flamegraph layer has counted, and the profiler's samples.
	 */
	@DeleteOperation
	public void clear() {
		this.flamegrapher.clear();
	}

	private WebEndpointResponse<Object> respond(Format negotiated, @Nullable String formatValue,
			@Nullable String modeValue) {
		Format format;
		FlamegraphMode mode;
		try {
			format = Objects.requireNonNullElse(
					QueryParameters.choice("format", formatValue, Format.valuesAsText(), Format::of), negotiated);
			mode = Objects.requireNonNullElse(
					QueryParameters.choice("mode", modeValue, FlamegraphMode.valuesAsText(), FlamegraphMode::of),
					FlamegraphMode.BUSY);
		}
		catch (InvalidParameterException ex) {
			return ParameterError.badRequest(ex);
		}
		if (mode.isSampled() && !this.flamegrapher.spanSamples().isSampling()) {
			// The sampled modes are valid values only while a profiler feeds them.
			return ParameterError.badRequest(new InvalidParameterException("mode", mode.value(),
					"busy, scheduled (cpu and wait need trace-tools.profiling.enabled=true and JDK Flight Recorder)"));
		}
		Flamegraph graph = this.flamegrapher.flamegraph(mode);
		return switch (format) {
			case HTML -> new WebEndpointResponse<>(graph.toHtml(), WebEndpointResponse.STATUS_OK, TEXT_HTML);
			case FOLDED -> new WebEndpointResponse<>(graph.toFolded(), WebEndpointResponse.STATUS_OK, TEXT_PLAIN);
			case SVG -> new WebEndpointResponse<>(graph.toSvg(), WebEndpointResponse.STATUS_OK, IMAGE_SVG);
			case JSON -> (negotiated == Format.JSON) ? new WebEndpointResponse<>(FlamegraphDescriptor.of(graph))
					: new WebEndpointResponse<>(FlamegraphDescriptor.of(graph), WebEndpointResponse.STATUS_OK,
							APPLICATION_JSON);
		};
	}

	private enum Format {

		HTML, FOLDED, JSON, SVG;

		static @Nullable Format of(String value) {
			for (Format format : values()) {
				if (format.value().equals(value)) {
					return format;
				}
			}
			return null;
		}

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		static String valuesAsText() {
			List<String> names = new ArrayList<>();
			for (Format format : values()) {
				names.add(format.value());
			}
			return String.join(", ", names);
		}

	}

	/**
	 * A frame of the d3-flame-graph tree: its name, its inclusive time in µs, and the
	 * frames under it.
	 *
	 * @param name the frame's text
	 * @param value the time of the frame and everything under it, in µs
	 * @param children the frames under it
	 */
	public record FrameDescriptor(String name, long value, List<FrameDescriptor> children) {

		static FrameDescriptor of(Flamegraph.Frame frame) {
			List<FrameDescriptor> children = new ArrayList<>(frame.children().size());
			for (Flamegraph.Frame child : frame.children()) {
				children.add(of(child));
			}
			return new FrameDescriptor(frame.name(), frame.totalMicros(), children);
		}

	}

	/**
	 * The flamegraph as JSON: the root of the d3-flame-graph tree ({@code name},
	 * {@code value}, {@code children}) with what it measures.
	 */
	public static final class FlamegraphDescriptor implements OperationResponseBody {

		private final Flamegraph graph;

		private final FrameDescriptor root;

		private FlamegraphDescriptor(Flamegraph graph) {
			this.graph = graph;
			this.root = FrameDescriptor.of(graph.root());
		}

		static FlamegraphDescriptor of(Flamegraph graph) {
			return new FlamegraphDescriptor(graph);
		}

		/**
		 * The root frame's name, {@code all}.
		 * @return the name
		 */
		public String getName() {
			return this.root.name();
		}

		/**
		 * The total of all stacks, in µs.
		 * @return the total
		 */
		public long getValue() {
			return this.root.value();
		}

		/**
		 * The frames under the root.
		 * @return the frames
		 */
		public List<FrameDescriptor> getChildren() {
			return this.root.children();
		}

		/**
		 * What the values measure: {@code busy}, {@code scheduled}, {@code cpu} or
		 * {@code wait}.
		 * @return the mode
		 */
		public String getMode() {
			return this.graph.mode().value();
		}

		/**
		 * The unit of the values, {@code µs}.
		 * @return the unit
		 */
		public String getUnit() {
			return Flamegraph.UNIT;
		}

		/**
		 * How many samples went to {@code [other]} frames because the layer reached its
		 * bound on distinct stacks.
		 * @return the number of folded samples
		 */
		public long getFoldedSamples() {
			return this.graph.foldedSamples();
		}

		/**
		 * How many samples ({@code cpu}) or waits ({@code wait}) the profiler could not
		 * put under a span and dropped; zero in the other modes.
		 * @return the number of dropped samples
		 */
		public long getDroppedSamples() {
			return this.graph.droppedSamples();
		}

		/**
		 * How many distinct stacks the layer holds.
		 * @return the number of stacks
		 */
		public int getStacks() {
			return this.graph.stacks();
		}

		/**
		 * The layer's bound on distinct stacks.
		 * @return the bound
		 */
		public int getMaxStacks() {
			return this.graph.maxStacks();
		}

	}

}
