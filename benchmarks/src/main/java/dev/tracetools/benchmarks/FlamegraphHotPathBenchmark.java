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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The flamegraph layer's hot path: a scope opened and closed on a span that is already
 * started ({@code scope}), and a whole span, start to stop ({@code span}), cycling over
 * 1, 10 or 1,000 distinct stacks. The {@code NONE} baseline has the same registry with a
 * handler that does nothing, so the difference is the layer's own cost.
 *
 * @author trace-tools
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FlamegraphHotPathBenchmark {

	@Param({ "1", "10", "1000" })
	int stacks;

	@Param({ "NONE", "FLAMEGRAPH" })
	String layer;

	private ObservationRegistry registry;

	private CallSite[] sites;

	private Observation[] started;

	private int next;

	/**
	 * Create the registry and start one span per stack.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.registry = ObservationRegistry.create();
		if (this.layer.equals("FLAMEGRAPH")) {
			Layer.install(this.registry, List.of(Layer.FLAMEGRAPH));
		}
		else {
			this.registry.observationConfig().observationHandler(new NoOpHandler());
		}
		this.sites = new CallSite[this.stacks];
		this.started = new Observation[this.stacks];
		for (int i = 0; i < this.stacks; i++) {
			this.sites[i] = new CallSite("Service" + i + ".work", "dev.tracetools.benchmarks.Service" + i, "work",
					"Service" + i + ".java", 42);
			this.started[i] = ObservedSpans.create(this.registry, this.sites[i]).start();
		}
	}

	/**
	 * Stop the started spans.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		for (Observation observation : this.started) {
			observation.stop();
		}
	}

	private int nextIndex() {
		int index = this.next;
		this.next = (index + 1 == this.stacks) ? 0 : index + 1;
		return index;
	}

	/**
	 * Open and close the scope of a started span: one poll.
	 */
	@Benchmark
	public void scope() {
		this.started[nextIndex()].openScope().close();
	}

	/**
	 * A whole span: start, one scope, stop.
	 */
	@Benchmark
	public void span() {
		Observation observation = ObservedSpans.create(this.registry, this.sites[nextIndex()]).start();
		observation.openScope().close();
		observation.stop();
	}

	/**
	 * A handler that supports every observation and does nothing: it makes observations
	 * real (not no-ops) without a layer's work.
	 */
	static final class NoOpHandler implements ObservationHandler<Observation.Context> {

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
