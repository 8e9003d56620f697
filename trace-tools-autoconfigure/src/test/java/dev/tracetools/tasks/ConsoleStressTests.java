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

package dev.tracetools.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.test.Heap;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million no-op tasks from several threads through an instrumented pool, on a registry
 * with only the console layer: the counts stay exact and the layer's memory bounded.
 *
 * @author trace-tools
 */
class ConsoleStressTests {

	private static final int SUBMITTERS = 4;

	private static final int TASKS_PER_SUBMITTER = 250_000;

	private static final int MAX_COMPLETED = 10_000;

	/** The bound on the heap the layer retains with a full table, stated in the docs. */
	private static final long HEAP_BOUND = 16 * 1024 * 1024;

	@Test
	void millionTasksKeepExactCountsAndBoundedMemory() throws Exception {
		long baseline = Heap.usedAfterGc();
		ObservationRegistry registry = ObservationRegistry.create();
		ConsoleLayer layer = new ConsoleLayer(ConsoleOptions.defaults().withMaxCompletedTasks(MAX_COMPLETED));
		registry.observationConfig().observationHandler(layer);
		ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(4096),
				(task, executor) -> {
					try {
						executor.getQueue().put(task);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						throw new RejectedExecutionException(ex);
					}
				});
		ExecutorService instrumented = ExecutorProxies.instrument((ExecutorService) pool,
				new TaskObservations(registry, "stress", false));
		ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
		long start = System.nanoTime();
		List<Future<?>> done = new ArrayList<>();
		for (int s = 0; s < SUBMITTERS; s++) {
			done.add(submitters.submit(() -> {
				Runnable noop = () -> {
				};
				for (int i = 0; i < TASKS_PER_SUBMITTER; i++) {
					instrumented.execute(noop);
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		submitters.shutdown();
		pool.shutdown();
		assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		long elapsed = System.nanoTime() - start;
		long total = (long) SUBMITTERS * TASKS_PER_SUBMITTER;
		assertThat(layer.seen()).isEqualTo(total);
		assertThat(layer.completedInTable()).isEqualTo(MAX_COMPLETED);
		assertThat(layer.dropped()).isEqualTo(total - MAX_COMPLETED);
		ConsoleSnapshot snapshot = layer.snapshot(TaskQuery.parse(null, null, null, null, null, "1"));
		assertThat(snapshot.summary().inTable()).isEqualTo(MAX_COMPLETED);
		assertThat(snapshot.summary().states()).containsEntry("done", MAX_COMPLETED);
		assertThat(snapshot.summary().seen()).isEqualTo(total);
		assertThat(snapshot.executors().get(0).tasks()).isEqualTo(total);
		long retained = Heap.usedAfterGc() - baseline;
		System.out.printf(
				"console stress: %d tasks in %d ms (%.0f ns/task end to end), layer retains %d KB "
						+ "with %d completed tasks (bound %d KB)%n",
				total, TimeUnit.NANOSECONDS.toMillis(elapsed), (double) elapsed / total, retained / 1024,
				layer.completedInTable(), HEAP_BOUND / 1024);
		assertThat(retained).isLessThan(HEAP_BOUND);
		// Keep the layer (and so what it retains) reachable until measured.
		assertThat(layer.seen()).isEqualTo(total);
	}

}
