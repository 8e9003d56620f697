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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.ConsoleOptions;
import dev.tracetools.tasks.ConsoleSnapshot;
import dev.tracetools.tasks.TaskQuery;
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
 * What {@code /actuator/tasks} costs while 1,000,000 tasks are queued on one executor
 * whose only thread is held: the console's snapshot for the default order, a sort on a
 * column, and a name filter, each listing 100 rows.
 *
 * @author trace-tools
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ConsoleQueryBenchmark {

	/** The tasks queued. */
	@Param("1000000")
	public int queued;

	/** The {@code sort} parameter ({@code id} is the default order). */
	@Param({ "id", "-total" })
	public String sort;

	private final CountDownLatch release = new CountDownLatch(1);

	private ConsoleLayer layer;

	private ExecutorService executor;

	private TaskQuery query;

	/**
	 * Queue the tasks behind one that holds the executor's thread.
	 * @throws InterruptedException if interrupted
	 */
	@Setup(Level.Trial)
	public void setUp() throws InterruptedException {
		ObservationRegistry registry = ObservationRegistry.create();
		this.layer = new ConsoleLayer(ConsoleOptions.defaults());
		registry.observationConfig().observationHandler(this.layer);
		this.executor = ExecutorProxies.instrument(
				new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()),
				new TaskObservations(registry, "bench", true));
		this.executor.execute(() -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		for (int i = 0; i < this.queued; i++) {
			this.executor.execute(() -> {
			});
		}
		this.query = TaskQuery.parse(null, null, null, null, this.sort, "100");
		ConsoleSnapshot snapshot = this.layer.snapshot(this.query);
		if (snapshot.summary().inTable() != this.queued + 1 || snapshot.tasks().size() != 100) {
			throw new IllegalStateException("Expected " + (this.queued + 1) + " tasks, got " + snapshot.summary());
		}
	}

	/** Let the tasks run and stop the executor. */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.release.countDown();
		this.executor.shutdownNow();
	}

	/**
	 * Take the snapshot {@code /actuator/tasks?limit=100&sort=...} serves.
	 * @return the snapshot
	 */
	@Benchmark
	public ConsoleSnapshot query() {
		return this.layer.snapshot(this.query);
	}

}
