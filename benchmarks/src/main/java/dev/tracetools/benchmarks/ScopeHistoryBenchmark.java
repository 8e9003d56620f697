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

import java.util.concurrent.TimeUnit;

import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.flamegraph.profiling.ScopeHistory;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpans;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-scope bookkeeping profiling adds (issue #15: at most 20 ns per scope opened or
 * closed). {@code record} calls {@link ScopeHistory} as the flamegraph layer does, with
 * the time the layer has read already, per scope event; {@code scope} opens and closes a
 * started span's scope through a registry with the flamegraph layer, with
 * ({@code profiling=true}) and without the record: the difference is what profiling adds
 * to a poll (two scope events).
 *
 * @author trace-tools
 * @since 0.1.0
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopeHistoryBenchmark {

	@Param({ "false", "true" })
	boolean profiling;

	private ScopeHistory scopes;

	private Observation.Context outer;

	private Observation.Context inner;

	private long now;

	private Observation started;

	/**
	 * Create the record, two contexts, and a registry with the flamegraph layer and one
	 * started span.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.scopes = new ScopeHistory(ScopeHistory.DEFAULT_CAPACITY);
		this.outer = new Observation.Context();
		this.inner = new Observation.Context();
		ObservationRegistry registry = ObservationRegistry.create();
		FlamegraphOptions options = FlamegraphOptions.defaults();
		registry.observationConfig()
			.observationHandler(
					this.profiling ? new FlamegraphLayer(options, this.scopes) : new FlamegraphLayer(options));
		this.started = ObservedSpans
			.create(registry,
					new CallSite("Service.work", "dev.tracetools.benchmarks.Service", "work", "Service.java", 42))
			.start();
		this.started.openScope().close();
	}

	/**
	 * Stop the started span.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.started.stop();
	}

	/**
	 * A scope opened and closed on a thread with no other span open, as the layer tells
	 * the record: per scope event.
	 */
	@Benchmark
	@OperationsPerInvocation(2)
	public void record() {
		long time = ++this.now;
		this.scopes.scopeOpened(this.outer, time);
		this.scopes.scopeClosed(this.outer, time);
	}

	/**
	 * A scope opened and closed inside another, then the outer one: per scope event.
	 */
	@Benchmark
	@OperationsPerInvocation(4)
	public void recordNested() {
		long time = ++this.now;
		this.scopes.scopeOpened(this.outer, time);
		this.scopes.scopeOpened(this.inner, time);
		this.scopes.scopeClosed(this.inner, time);
		this.scopes.scopeClosed(this.outer, time);
	}

	/**
	 * A started span's scope opened and closed through the registry: one poll.
	 */
	@Benchmark
	public void scope() {
		this.started.openScope().close();
	}

}
