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

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
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
 * Tasks submitted inside a request: an observation is current on the submitting thread,
 * so context propagation has something to carry and every task span has a parent. Inline
 * no-op tasks, for the variants where that changes the cost.
 *
 * @author trace-tools
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParentedTaskBenchmark {

	@Param({ "CONTEXT_PROPAGATION", "OBSERVATION", "OBSERVATION_TRACING", "TT_METER", "TT_METER_ALL" })
	Variant instrumentation;

	private InstrumentedExecutor instrumented;

	private Executor target;

	private Observation request;

	private Observation.Scope scope;

	private final Runnable work = () -> {
	};

	/**
	 * Set up the variant's registries.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.instrumented = new InstrumentedExecutor(this.instrumentation, ExecutorKind.INLINE);
		this.target = this.instrumented.executor();
	}

	/**
	 * Open the request's scope on the benchmark thread.
	 */
	@Setup(Level.Iteration)
	public void openRequest() {
		this.request = Observation.start("bench.request", this.instrumented.registry());
		this.scope = this.request.openScope();
	}

	/**
	 * Close the request.
	 */
	@TearDown(Level.Iteration)
	public void closeRequest() {
		this.scope.close();
		this.request.stop();
	}

	/**
	 * Release the registries.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.instrumented.close();
	}

	/**
	 * Wrap and run {@value TaskCostBenchmark#BATCH} tasks.
	 */
	@Benchmark
	@OperationsPerInvocation(TaskCostBenchmark.BATCH)
	public void task() {
		for (int i = 0; i < TaskCostBenchmark.BATCH; i++) {
			this.target.execute(this.work);
		}
	}

}
