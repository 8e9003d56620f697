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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What instruments the tasks of one benchmark: nothing, Spring's or Micrometer's own
 * instrumentation, or trace-tools with some of its layers, with or without Spring Boot's
 * meter handler in the registry.
 *
 * @author trace-tools
 */
public enum Variant {

	/** 1. The executor alone. */
	BARE(Kind.BARE, false, false, "bare executor"),

	/** 2. Spring's {@code ContextPropagatingTaskDecorator}, no observation per task. */
	CONTEXT_PROPAGATION(Kind.CONTEXT_PROPAGATION, true, false, "Spring ContextPropagatingTaskDecorator"),

	/** 3. An observation per task, with Spring Boot's meter handler. */
	OBSERVATION(Kind.OBSERVATION, true, false, "Observation per task + meter handler"),

	/** 4. The same with Micrometer Tracing over OpenTelemetry (no exporter). */
	OBSERVATION_TRACING(Kind.OBSERVATION, true, true, "Observation per task + meter handler + OTel tracing"),

	/** 5. Micrometer's timed executor, {@code ExecutorServiceMetrics.monitor}. */
	EXECUTOR_METRICS(Kind.EXECUTOR_METRICS, false, false, "Micrometer ExecutorServiceMetrics.monitor"),

	/** 6. trace-tools, no layer, registry without a handler (observations are no-ops). */
	TT(Kind.TRACE_TOOLS, false, false, "trace-tools, no layer, registry without handlers (observations are no-ops)"),

	/** trace-tools with the flamegraph layer alone. */
	TT_FLAMEGRAPH(Kind.TRACE_TOOLS, false, false, "trace-tools + flamegraph", Layer.FLAMEGRAPH),

	/** trace-tools with the console layer alone. */
	TT_CONSOLE(Kind.TRACE_TOOLS, false, false, "trace-tools + console", Layer.CONSOLE),

	/** trace-tools with the logging layer alone. */
	TT_LOGGING(Kind.TRACE_TOOLS, false, false, "trace-tools + logging", Layer.LOGGING),

	/** trace-tools with the timeline layer alone. */
	TT_TIMELINE(Kind.TRACE_TOOLS, false, false, "trace-tools + timeline", Layer.TIMELINE),

	/**
	 * trace-tools with one handler that does nothing: a real span (Micrometer's
	 * observation and trace-tools' task model) and no layer, the floor under any layer.
	 */
	TT_EMPTY1(Kind.TRACE_TOOLS, false, false, "trace-tools + one empty handler (a real span, no layer)", Layer.EMPTY),

	/**
	 * trace-tools with three handlers that do nothing: Micrometer's floor for three
	 * layers.
	 */
	TT_EMPTY3(Kind.TRACE_TOOLS, false, false, "trace-tools + three empty handlers (Micrometer's floor)", Layer.EMPTY,
			Layer.EMPTY, Layer.EMPTY),

	/** trace-tools with the three layers that are on by default. */
	TT_ALL(Kind.TRACE_TOOLS, false, false, "trace-tools + all three layers", Layer.FLAMEGRAPH, Layer.CONSOLE,
			Layer.LOGGING),

	/**
	 * trace-tools with the three layers and the timeline: the timeline's cost per span is
	 * this minus {@link #TT_ALL}.
	 */
	TT_ALL_TIMELINE(Kind.TRACE_TOOLS, false, false, "trace-tools + all three layers + timeline", Layer.FLAMEGRAPH,
			Layer.CONSOLE, Layer.LOGGING, Layer.TIMELINE),

	/** trace-tools, no layer, with Spring Boot's meter handler. */
	TT_METER(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools, no layer"),

	/** trace-tools with the flamegraph layer and the meter handler. */
	TT_METER_FLAMEGRAPH(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + flamegraph", Layer.FLAMEGRAPH),

	/** trace-tools with the console layer and the meter handler. */
	TT_METER_CONSOLE(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + console", Layer.CONSOLE),

	/** trace-tools with the logging layer and the meter handler. */
	TT_METER_LOGGING(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + logging", Layer.LOGGING),

	/** trace-tools with the timeline layer and the meter handler. */
	TT_METER_TIMELINE(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + timeline", Layer.TIMELINE),

	/** trace-tools with three handlers that do nothing and the meter handler. */
	TT_METER_EMPTY3(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + three empty handlers", Layer.EMPTY,
			Layer.EMPTY, Layer.EMPTY),

	/** trace-tools with all three layers and the meter handler. */
	TT_METER_ALL(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + all three layers", Layer.FLAMEGRAPH,
			Layer.CONSOLE, Layer.LOGGING),

	/**
	 * trace-tools with the three layers, the timeline and the meter handler: the
	 * timeline's cost inside a request is this minus {@link #TT_METER_ALL}.
	 */
	TT_METER_ALL_TIMELINE(Kind.TRACE_TOOLS, true, false, "meter handler + trace-tools + all three layers + timeline",
			Layer.FLAMEGRAPH, Layer.CONSOLE, Layer.LOGGING, Layer.TIMELINE);

	private final Kind kind;

	private final boolean meterHandler;

	private final boolean tracing;

	private final String description;

	private final List<Layer> layers;

	Variant(Kind kind, boolean meterHandler, boolean tracing, String description, Layer... layers) {
		this.kind = kind;
		this.meterHandler = meterHandler;
		this.tracing = tracing;
		this.description = description;
		this.layers = List.of(layers);
	}

	Kind kind() {
		return this.kind;
	}

	/**
	 * Whether the registry has Spring Boot's {@code DefaultMeterObservationHandler}.
	 * @return whether observations record timers
	 */
	boolean meterHandler() {
		return this.meterHandler;
	}

	/**
	 * Whether the registry has Micrometer Tracing's handler over OpenTelemetry.
	 * @return whether observations create spans
	 */
	boolean tracing() {
		return this.tracing;
	}

	String description() {
		return this.description;
	}

	List<Layer> layers() {
		return this.layers;
	}

	/**
	 * Whether every layer this variant needs exists on the classpath.
	 * @return whether it can run
	 */
	boolean isAvailable() {
		return this.layers.stream().allMatch(Layer::isAvailable);
	}

	/**
	 * The variants that can run with the layers on the classpath.
	 * @return the variants, in order
	 */
	static List<Variant> available() {
		List<Variant> variants = new ArrayList<>();
		for (Variant variant : values()) {
			if (variant.isAvailable()) {
				variants.add(variant);
			}
		}
		return variants;
	}

	/**
	 * Print the names of the variants that can run, comma separated, for JMH's
	 * {@code -p variant=...}.
	 * @param args {@code --exclude NAME,...} to leave some out, {@code --only NAME,...}
	 * to keep only those
	 */
	public static void main(String[] args) {
		Set<String> listed = (args.length == 2) ? Set.copyOf(Arrays.asList(args[1].split(","))) : Set.of();
		boolean only = args.length == 2 && args[0].equals("--only");
		System.out.println(available().stream()
			.map(Variant::name)
			.filter((name) -> only == listed.contains(name))
			.collect(Collectors.joining(",")));
	}

	/**
	 * How tasks are instrumented.
	 */
	enum Kind {

		BARE, CONTEXT_PROPAGATION, OBSERVATION, EXECUTOR_METRICS, TRACE_TOOLS

	}

}
