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
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering what {@code /actuator/flamegraph} serves for 10,000 stacks (the default cap):
 * the snapshot of the aggregate and its interactive HTML or folded text.
 *
 * @author trace-tools
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FlamegraphRenderBenchmark {

	/** Top-level spans; each has {@value #CHILDREN} children: 10,000 stacks in all. */
	static final int ROOTS = 100;

	static final int CHILDREN = 99;

	private Object layer;

	private Object busy;

	private Method flamegraph;

	private Method toHtml;

	private Method toFolded;

	/**
	 * Fill a flamegraph layer with 10,000 distinct stacks.
	 * @throws ReflectiveOperationException if the flamegraph API is not there
	 */
	@Setup(Level.Trial)
	public void setUp() throws ReflectiveOperationException {
		ObservationRegistry registry = ObservationRegistry.create();
		ObservationHandler<?> handler = Layer.install(registry, List.of(Layer.FLAMEGRAPH)).get(0);
		fill(registry);
		this.layer = handler;
		Class<?> mode = Class.forName("dev.tracetools.flamegraph.FlamegraphMode");
		this.busy = mode.getField("BUSY").get(null);
		this.flamegraph = handler.getClass().getMethod("flamegraph", mode);
		this.toHtml = this.flamegraph.getReturnType().getMethod("toHtml");
		this.toFolded = this.flamegraph.getReturnType().getMethod("toFolded");
		int stacks = (int) this.flamegraph.getReturnType().getMethod("stacks").invoke(snapshot());
		if (stacks < ROOTS * (CHILDREN + 1)) {
			throw new IllegalStateException("Expected " + ROOTS * (CHILDREN + 1) + " stacks but got " + stacks);
		}
	}

	static void fill(ObservationRegistry registry) {
		for (int root = 0; root < ROOTS; root++) {
			Observation parent = ObservedSpans
				.create(registry, new CallSite("Controller" + root + ".handle", null, null, null, 0))
				.start();
			try (Observation.Scope scope = parent.openScope()) {
				for (int child = 0; child < CHILDREN; child++) {
					Observation observation = ObservedSpans
						.create(registry, new CallSite("Service" + child + ".call" + root, null, null, null, 0))
						.start();
					try (Observation.Scope inner = observation.openScope()) {
						spin();
					}
					observation.stop();
					spin();
				}
			}
			parent.stop();
		}
	}

	private static void spin() {
		// Long enough for the clock to move: every stack gets some self time.
		long start = System.nanoTime();
		while (System.nanoTime() - start < 2_000) {
			Thread.onSpinWait();
		}
	}

	private Object snapshot() throws ReflectiveOperationException {
		return invoke(this.flamegraph, this.layer, this.busy);
	}

	/**
	 * The snapshot and its interactive HTML page (jfr-converter's flamegraph).
	 * @return the page
	 * @throws ReflectiveOperationException if the flamegraph API is not there
	 */
	@Benchmark
	public Object html() throws ReflectiveOperationException {
		return invoke(this.toHtml, snapshot());
	}

	/**
	 * The snapshot and its folded stacks.
	 * @return the folded text
	 * @throws ReflectiveOperationException if the flamegraph API is not there
	 */
	@Benchmark
	public Object folded() throws ReflectiveOperationException {
		return invoke(this.toFolded, snapshot());
	}

	private static Object invoke(Method method, Object target, Object... arguments)
			throws ReflectiveOperationException {
		try {
			return method.invoke(target, arguments);
		}
		catch (InvocationTargetException ex) {
			if (ex.getTargetException() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw ex;
		}
	}

}
