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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsLayers;
import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.flamegraph.Flamegraph;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.test.Heap;
import dev.tracetools.timeline.Timeline;
import dev.tracetools.timeline.TimelineLayer;
import dev.tracetools.timeline.TimelineOptions;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A million short tasks, each on a virtual thread of its own, through an instrumented
 * {@code Executors.newVirtualThreadPerTaskExecutor()} with the flamegraph, console and
 * timeline layers at their default bounds: what the layers keep stays at those bounds
 * (completed tasks, recorded spans and their bytes, stacks) and the counts stay exact.
 * Virtual threads need Java 21; the build runs this test on Temurin 25.
 *
 * @author trace-tools
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadStressTests {

	private static final int TASKS = 1_000_000;

	/** Tasks submitted but not done at most, as an application bounds its fan-out. */
	private static final int IN_FLIGHT = 10_000;

	/** The documented bound on what the console keeps, plus the timeline's byte bound. */
	private static final long HEAP_BOUND = 16 * 1024 * 1024 + TimelineOptions.DEFAULT_MAX_BYTES;

	@Test
	void millionVirtualThreadTasksStayWithinTheBounds() throws Exception {
		long baseline = Heap.usedAfterGc();
		ObservationRegistry registry = ObservationRegistry.create();
		TraceToolsLayers layers = TraceTools.builder()
			.flamegraph(FlamegraphOptions.defaults())
			.console(ConsoleOptions.defaults())
			.timeline(TimelineOptions.defaults())
			.install(registry);
		ConsoleLayer console = layers.console();
		TimelineLayer timeline = layers.layer(TimelineLayer.class);
		assertThat(console).isNotNull();
		assertThat(timeline).isNotNull();
		ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
			.invoke(null);
		ExecutorService instrumented = ExecutorProxies.instrument(virtual,
				new TaskObservations(registry, "virtual", false));
		Semaphore inFlight = new Semaphore(IN_FLIGHT);
		long start = System.nanoTime();
		for (int i = 0; i < TASKS; i++) {
			inFlight.acquire();
			instrumented.execute(inFlight::release);
		}
		instrumented.shutdown();
		assertThat(instrumented.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		long elapsed = System.nanoTime() - start;

		int maxCompleted = console.options().maxCompletedTasks();
		assertThat(console.seen()).isEqualTo(TASKS);
		assertThat(console.completedInTable()).isEqualTo(maxCompleted);
		assertThat(console.dropped()).isEqualTo(TASKS - maxCompleted);
		ConsoleSnapshot snapshot = console.snapshot(TaskQuery.parse(null, null, null, null, null, "1"));
		assertThat(snapshot.summary().inTable()).isEqualTo(maxCompleted);
		assertThat(snapshot.tasks()).singleElement()
			.satisfies((task) -> assertThat(task.thread()).startsWith("VirtualThread["));

		Timeline recorded = timeline.timeline();
		assertThat(recorded.totalSpans()).isLessThanOrEqualTo(TimelineOptions.DEFAULT_MAX_SPANS);
		// Spans over the bound while many were open at once are dropped and counted.
		assertThat(recorded.totalSpans() + recorded.evictedSpans() + recorded.droppedSpans()).isEqualTo(TASKS);
		assertThat(recorded.openEvictedSpans()).isZero();
		assertThat(recorded.retainedBytes()).isLessThanOrEqualTo(TimelineOptions.DEFAULT_MAX_BYTES);

		Flamegraph flamegraph = layers.flamegrapher().flamegraph(FlamegraphMode.BUSY);
		assertThat(flamegraph.stacks()).isLessThanOrEqualTo(FlamegraphOptions.DEFAULT_MAX_STACKS);

		long retained = Heap.usedAfterGc() - baseline;
		System.out.printf(
				"virtual thread stress: %d tasks in %d ms (%.0f ns/task end to end), layers retain %d KB "
						+ "(%d completed tasks, %d timeline spans, %d flamegraph stacks; bound %d KB)%n",
				TASKS, TimeUnit.NANOSECONDS.toMillis(elapsed), (double) elapsed / TASKS, retained / 1024,
				console.completedInTable(), recorded.totalSpans(), flamegraph.stacks(), HEAP_BOUND / 1024);
		assertThat(retained).isLessThan(HEAP_BOUND);
		// Keep the layers (and so what they retain) reachable until measured.
		assertThat(console.seen()).isEqualTo(TASKS);
		assertThat(timeline.timeline().totalSpans()).isEqualTo(recorded.totalSpans());
	}

}
