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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.tasks.ConsoleLayerTests.Named;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the console's queued tasks (submitted, not polled yet): counted exactly and
 * listed in every order and filter as if every task were read, though a limited query
 * reads only a few of them.
 */
class ConsoleQueueTests {

	private static final int QUEUED = 3000;

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final ConsoleLayer layer = new ConsoleLayer(ConsoleOptions.defaults());

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch holding = new CountDownLatch(1);

	private final ExecutorService executor;

	ConsoleQueueTests() {
		this.registry.observationConfig().observationHandler(this.layer);
		this.executor = ExecutorProxies.instrument(
				new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>()),
				new TaskObservations(this.registry, "queue", true));
	}

	@AfterEach
	void shutdown() throws InterruptedException {
		this.release.countDown();
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

	/** One task holds the only thread, then {@code QUEUED} wait: odd ones "Jobs.odd". */
	private void queue() throws InterruptedException {
		this.executor.execute(new Named("Jobs.hold", () -> {
			this.holding.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		this.holding.await();
		for (int i = 0; i < QUEUED; i++) {
			this.executor.execute(new Named(((i % 2) == 0) ? "Jobs.even" : "Jobs.odd", () -> {
			}));
		}
	}

	private ConsoleSnapshot query(String state, String name, String warning, String sort, String limit) {
		return this.layer.snapshot(TaskQuery.parse(state, name, null, warning, sort, limit));
	}

	/**
	 * The queued tasks of a name that raise the scheduling delay (the held task may too,
	 * if its thread took long to start).
	 */
	private int delayed(String name) {
		return query(null, name, "scheduling-delay", null, "1").summary().matched();
	}

	private static List<Long> ids(ConsoleSnapshot snapshot) {
		return snapshot.tasks().stream().map(TaskView::id).toList();
	}

	@Test
	void countsQueuedTasksExactly() throws InterruptedException {
		queue();
		ConsoleSnapshot snapshot = query(null, null, null, null, "10");
		assertThat(snapshot.summary().states()).containsEntry("scheduled", QUEUED).containsEntry("running", 1);
		assertThat(snapshot.summary().inTable()).isEqualTo(QUEUED + 1);
		assertThat(snapshot.summary().matched()).isEqualTo(QUEUED + 1);
		assertThat(query(null, "odd", null, null, "10").summary().matched()).isEqualTo(QUEUED / 2);
		assertThat(query("running", null, null, null, "10").summary().matched()).isEqualTo(1);
		assertThat(query("scheduled", null, null, null, "10").summary().matched()).isEqualTo(QUEUED);
		assertThat(query("idle,done", null, null, null, "10").summary().matched()).isZero();
		this.release.countDown();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.layer.snapshot(TaskQuery.all()).summary().states().get("done") == QUEUED + 1);
		ConsoleSnapshot done = query(null, null, null, null, "10");
		assertThat(done.summary().states()).containsEntry("scheduled", 0).containsEntry("running", 0);
		assertThat(done.summary().inTable()).isEqualTo(QUEUED + 1);
		assertThat(done.summary().seen()).isEqualTo(QUEUED + 1);
	}

	@Test
	void limitedQueryListsTheFirstRowsOfTheWholeOrderForEverySort() throws InterruptedException {
		queue();
		// Warnings (and so the warn column) settled: every queued task delayed, the held
		// one polled for longer than a second.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> delayed("even") + delayed("odd") == QUEUED
					&& query(null, null, "long-poll", null, "1").summary().matched() == 1);
		List<String> filters = List.of("", "even");
		for (TaskColumn column : TaskColumn.values()) {
			for (String sort : List.of(column.value(), "-" + column.value())) {
				for (String name : filters) {
					List<Long> all = ids(query(null, name, null, sort, String.valueOf(Integer.MAX_VALUE)));
					List<Long> limited = ids(query(null, name, null, sort, "7"));
					assertThat(limited).as("sort=%s name=%s", sort, name).isEqualTo(all.subList(0, 7));
				}
			}
		}
	}

	@Test
	void queuedTasksInIdOrderFromTheOldest() throws InterruptedException {
		queue();
		List<Long> all = ids(query(null, null, null, null, String.valueOf(Integer.MAX_VALUE)));
		assertThat(all).hasSize(QUEUED + 1).isSorted();
		assertThat(ids(query(null, null, null, "-id", "3"))).containsExactly(all.get(QUEUED), all.get(QUEUED - 1),
				all.get(QUEUED - 2));
		// The longest total first: the held task, then the queue from its head.
		assertThat(ids(query(null, null, null, "-total", "3"))).containsExactly(all.get(0), all.get(1), all.get(2));
		assertThat(this.layer.task(all.get(5)))
			.hasValueSatisfying((details) -> assertThat(details.task().state()).isEqualTo(TaskState.SCHEDULED));
	}

	@Test
	void queuedTasksRaiseTheSchedulingDelayWarningWithExactCounts() throws InterruptedException {
		queue();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(delayed("even") + delayed("odd")).isEqualTo(QUEUED));
		ConsoleSnapshot snapshot = query(null, null, null, null, "1");
		List<WarningView> delays = snapshot.warnings()
			.stream()
			.filter((warning) -> warning.warning().equals("scheduling-delay")
					&& ("Jobs.even".equals(warning.name()) || "Jobs.odd".equals(warning.name())))
			.toList();
		assertThat(delays).extracting(WarningView::name).containsExactlyInAnyOrder("Jobs.even", "Jobs.odd");
		for (WarningView delay : delays) {
			assertThat(delay.count()).isEqualTo(QUEUED / 2);
			List<Long> ofName = ids(query(null, delay.name(), null, "-id", "10"));
			assertThat(delay.taskIds()).isEqualTo(ofName);
		}
		List<Long> even = ids(query(null, "even", null, null, String.valueOf(Integer.MAX_VALUE)));
		assertThat(ids(query(null, "even", "scheduling-delay", null, "2"))).containsExactly(even.get(0), even.get(1));
	}

	@Test
	void aQueuedTaskCancelledLeavesTheQueue() throws Exception {
		queue();
		Future<?> cancelled = this.executor.submit(new Named("Jobs.cancelled", () -> {
		}));
		assertThat(query(null, null, null, null, "1").summary().states()).containsEntry("scheduled", QUEUED + 1);
		cancelled.cancel(false);
		ConsoleSnapshot snapshot = query(null, "cancelled", null, null, null);
		assertThat(snapshot.tasks()).singleElement()
			.satisfies((task) -> assertThat(task.state()).isEqualTo(TaskState.DONE));
		assertThat(snapshot.summary().states()).containsEntry("scheduled", QUEUED);
	}

	@Test
	void queuedTasksOfConcurrentSubmittersInIdOrderWithExactCounts() throws Exception {
		queue();
		ExecutorService submitters = Executors.newFixedThreadPool(4);
		List<Future<?>> submitted = new ArrayList<>();
		for (int s = 0; s < 4; s++) {
			submitted.add(submitters.submit(() -> {
				for (int i = 0; i < QUEUED; i++) {
					this.executor.execute(new Named("Jobs.concurrent", () -> {
					}));
				}
			}));
		}
		for (Future<?> future : submitted) {
			future.get();
		}
		submitters.shutdown();
		int queued = QUEUED + 4 * QUEUED;
		ConsoleSnapshot snapshot = query(null, null, null, null, "10");
		assertThat(snapshot.summary().states()).containsEntry("scheduled", queued).containsEntry("running", 1);
		assertThat(query(null, "concurrent", null, null, "1").summary().matched()).isEqualTo(4 * QUEUED);
		List<Long> all = ids(query(null, null, null, null, String.valueOf(Integer.MAX_VALUE)));
		assertThat(all).hasSize(queued + 1).isSorted().doesNotHaveDuplicates();
		assertThat(ids(query(null, null, null, null, "50"))).isEqualTo(all.subList(0, 50));
		List<Long> newest = new ArrayList<>(all.subList(queued + 1 - 50, queued + 1));
		Collections.reverse(newest);
		assertThat(ids(query(null, null, null, "-id", "50"))).isEqualTo(newest);
		List<Long> concurrent = ids(query(null, "concurrent", null, null, String.valueOf(Integer.MAX_VALUE)));
		// The longest queued are the first queued: a limited read stops after the first
		// 20
		// by id. Listed by their totals, which two racing submitters can take in the
		// other order than their ids (each takes its id, then reads the clock).
		List<TaskView> longest = query(null, "concurrent", null, "-total", "20").tasks();
		assertThat(longest).extracting(TaskView::id).containsExactlyInAnyOrderElementsOf(concurrent.subList(0, 20));
		assertThat(longest).extracting(TaskView::totalNanos).isSortedAccordingTo(Comparator.reverseOrder());
		this.release.countDown();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.layer.snapshot(TaskQuery.all()).summary().states().get("scheduled") == 0);
		assertThat(this.layer.seen()).isEqualTo(queued + 1);
	}

}
