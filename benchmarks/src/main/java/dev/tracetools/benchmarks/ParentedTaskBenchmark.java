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
 * Tasks submitted inside requests: an observation is current on the submitting thread, so
 * context propagation has something to carry and every task span has a parent. Inline
 * no-op tasks, for the variants where that changes the cost.
 * <p>
 * A request is opened, gets {@value #TASKS_PER_REQUEST} tasks and is closed, as a request
 * handler that fans out does: tens of tasks under a parent, not millions. With one
 * request open for a whole iteration, its start and stop ran once per iteration, so C2
 * compiled the layers' dispatch having seen task spans only, and the request's stop at
 * the end of an iteration deoptimized it (branches only a span that is no task takes).
 * Its path is compiled late on a small machine either way: run it with ten warm-up
 * seconds (see {@code run.sh}). {@link #task()} is per task and holds a
 * {@value #TASKS_PER_REQUEST}th of its request's own span; {@link #request()} is that
 * share alone, so the cost the tasks add is the one minus the other.
 *
 * @author trace-tools
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ParentedTaskBenchmark {

	/** Tasks submitted inside one request. */
	static final int TASKS_PER_REQUEST = 10;

	@Param({ "CONTEXT_PROPAGATION", "OBSERVATION", "OBSERVATION_TRACING", "TT_METER", "TT_METER_ALL" })
	Variant instrumentation;

	private InstrumentedExecutor instrumented;

	private Executor target;

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
	 * Release the registries.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.instrumented.close();
	}

	/**
	 * Run {@value TaskCostBenchmark#BATCH} tasks, {@value #TASKS_PER_REQUEST} inside each
	 * request: per task, with its share of the request.
	 */
	@Benchmark
	@OperationsPerInvocation(TaskCostBenchmark.BATCH)
	public void task() {
		requests(TASKS_PER_REQUEST);
	}

	/**
	 * Open and close the requests of {@link #task()} without their tasks: the request's
	 * share of one task.
	 */
	@Benchmark
	@OperationsPerInvocation(TaskCostBenchmark.BATCH)
	public void request() {
		requests(0);
	}

	private void requests(int tasksPerRequest) {
		requests(this.instrumented.registry(), this.target, this.work, TaskCostBenchmark.BATCH / TASKS_PER_REQUEST,
				tasksPerRequest);
	}

	/**
	 * Open requests one after the other, each with the given number of tasks submitted
	 * inside it.
	 * @param registry the registry of the requests' observations
	 * @param target the executor of the tasks
	 * @param work the task
	 * @param requests how many requests
	 * @param tasksPerRequest the tasks of each request
	 */
	static void requests(ObservationRegistry registry, Executor target, Runnable work, long requests,
			int tasksPerRequest) {
		for (long request = 0; request < requests; request++) {
			Observation observation = Observation.start("bench.request", registry);
			try (Observation.Scope scope = observation.openScope()) {
				for (int i = 0; i < tasksPerRequest; i++) {
					target.execute(work);
				}
			}
			observation.stop();
		}
	}

}
