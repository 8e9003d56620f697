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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.tasks.ConsoleLayerTests.Named;
import dev.tracetools.tasks.ConsoleOptions.WarningRule;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.tracetools.tasks.ConsoleLayerTests.awaitQuietly;
import static dev.tracetools.tasks.ConsoleLayerTests.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the console layer's warnings: each fires on its scenario (with small
 * thresholds) and not on a healthy one.
 *
 * @author trace-tools
 */
class ConsoleWarningsTests {

	private static final ConsoleOptions SMALL = ConsoleOptions.defaults()
		.withWarning(TaskWarning.LONG_POLL, WarningRule.of(Duration.ofMillis(150)))
		.withWarning(TaskWarning.STUCK, WarningRule.of(Duration.ofMillis(200)))
		.withWarning(TaskWarning.SCHEDULING_DELAY, WarningRule.of(Duration.ofMillis(150)));

	private final ObservationRegistry registry = ObservationRegistry.create();

	private ConsoleLayer layer = new ConsoleLayer(SMALL);

	private ExecutorService pool;

	ConsoleWarningsTests() throws Exception {
		this.registry.observationConfig().observationHandler(this.layer);
		ExecutorService started = Executors.newSingleThreadExecutor();
		// Start the worker first: on a loaded machine starting a thread can take longer
		// than the scheduling-delay threshold, which is not what the tests are about.
		started.submit(() -> {
		}).get();
		this.pool = instrument(started);
	}

	@AfterEach
	void shutdown() throws InterruptedException {
		this.pool.shutdownNow();
		this.pool.awaitTermination(5, TimeUnit.SECONDS);
	}

	private ExecutorService instrument(ExecutorService executor) {
		return ExecutorProxies.instrument(executor, new TaskObservations(this.registry, "pool", true));
	}

	private void use(ConsoleOptions options) {
		this.layer = new ConsoleLayer(options);
		this.registry.observationConfig().observationHandler(this.layer);
	}

	private TaskView task(String name) {
		List<TaskView> tasks = this.layer.snapshot(TaskQuery.parse(null, name, null, null, null, null))
			.tasks()
			.stream()
			.filter((task) -> task.name().equals(name))
			.toList();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	private void awaitDone(int count) throws InterruptedException {
		await(() -> this.layer.completedInTable() == count);
	}

	private static void await(BooleanSupplier condition) {
		// Tasks that fail on purpose throw on their workers: not a failure of the test.
		Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
	}

	private WarningView listed(String warning) {
		return this.layer.snapshot(TaskQuery.all())
			.warnings()
			.stream()
			.filter((view) -> view.warning().equals(warning) && view.name() != null)
			.findFirst()
			.orElseThrow();
	}

	@Test
	void longPollFiresOnAPollLongerThanTheThresholdOnly() throws Exception {
		this.pool.submit(new Named("blocking", () -> sleep(400))).get();
		this.pool.submit(new Named("quick", () -> {
		})).get();
		awaitDone(2);
		assertThat(task("blocking").warnings()).contains("long-poll");
		assertThat(task("quick").warnings()).doesNotContain("long-poll");
		WarningView warning = listed("long-poll");
		assertThat(warning.name()).isEqualTo("blocking");
		assertThat(warning.count()).isEqualTo(1);
		assertThat(warning.message()).startsWith("longest poll ");
		assertThat(warning.meaning()).isEqualTo(TaskWarning.LONG_POLL.meaning())
			.contains("blocking an executor thread");
		assertThat(this.layer.snapshot(TaskQuery.parse(null, null, null, "long-poll", null, null)).tasks())
			.extracting(TaskView::name)
			.containsExactly("blocking");
	}

	@Test
	void longPollFiresWhileTheLongPollIsStillRunning() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(new Named("blocked", () -> awaitQuietly(release)));
		sleep(400);
		assertThat(task("blocked").state()).isEqualTo(TaskState.RUNNING);
		assertThat(task("blocked").warnings()).contains("long-poll");
		release.countDown();
	}

	@Test
	void stuckAndLongPollFireOnATaskBlockedOnAFutureThatDoesNotComplete() throws Exception {
		CompletableFuture<Void> never = new CompletableFuture<>();
		this.pool.submit(new Named("waits", () -> {
			TaskContext context = (TaskContext) this.registry.getCurrentObservation().getContext();
			assertThat(context.blockedOnFuture()).isTrue();
			never.join();
		}));
		awaitState("waits", TaskState.BLOCKED);
		sleep(400);
		assertThat(task("waits").state()).isEqualTo(TaskState.BLOCKED);
		assertThat(task("waits").warnings()).containsExactly("long-poll", "stuck");
		assertThat(listed("stuck").message()).startsWith("waiting for ");
		never.complete(null);
		awaitDone(1);
		// Done: the poll stays the long one it was, but nothing waits any more.
		assertThat(task("waits").warnings()).containsExactly("long-poll");
	}

	private void awaitState(String name, TaskState state) {
		Awaitility.await().until(() -> task(name).state() == state);
	}

	@Test
	void schedulingDelayFiresWhenTasksWaitInASaturatedPool() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(new Named("hog", () -> awaitQuietly(release)));
		this.pool.execute(new Named("starved", () -> {
		}));
		sleep(400);
		assertThat(task("starved").state()).isEqualTo(TaskState.SCHEDULED);
		assertThat(task("starved").warnings()).containsExactly("scheduling-delay");
		release.countDown();
		awaitDone(2);
		assertThat(task("starved").warnings()).containsExactly("scheduling-delay");
		ExecutorView executor = this.layer.snapshot(TaskQuery.all()).executors().get(0);
		assertThat(executor.warnings()).containsExactly("scheduling-delay");
		assertThat(executor.scheduledP99Nanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(150));
		assertThat(this.layer.snapshot(TaskQuery.all()).warnings())
			.anyMatch((warning) -> warning.warning().equals("scheduling-delay") && warning.name() == null
					&& warning.message().startsWith("p99 wake-to-poll latency"));
	}

	@Test
	void schedulingDelayDoesNotFireOnAnIdlePool() throws Exception {
		for (int i = 0; i < 20; i++) {
			this.pool.submit(new Named("relaxed", () -> sleep(1))).get();
		}
		awaitDone(20);
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.all());
		assertThat(snapshot.tasks()).allMatch((task) -> task.warnings().isEmpty());
		assertThat(snapshot.executors().get(0).warnings()).isEmpty();
		assertThat(snapshot.warnings()).isEmpty();
	}

	@Test
	void failedFiresOnFailedTasksFromTheThreshold() throws Exception {
		use(SMALL.withWarning(TaskWarning.FAILED, WarningRule.ofCount(2)));
		this.pool.submit(new Named("fine", () -> {
		})).get();
		this.pool.execute(new Named("flaky", () -> {
			throw new IllegalStateException("boom");
		}));
		awaitDone(2);
		assertThat(task("flaky").outcome()).isEqualTo("ERROR");
		assertThat(task("flaky").warnings()).doesNotContain("failed");
		this.pool.execute(new Named("flaky", () -> {
			throw new IllegalStateException("boom again");
		}));
		awaitDone(3);
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.parse(null, null, null, "failed", null, null));
		assertThat(snapshot.tasks()).hasSize(2).allMatch((task) -> task.warnings().contains("failed"));
		assertThat(task("fine").warnings()).doesNotContain("failed");
		WarningView warning = listed("failed");
		assertThat(warning.count()).isEqualTo(2);
		assertThat(warning.message()).isEqualTo("2 tasks failed (java.lang.IllegalStateException)");
	}

	@Test
	void failedFiresOnASupplyAsyncWhoseSupplierThrows() throws Exception {
		CompletableFuture<Object> future = CompletableFuture.supplyAsync(() -> {
			throw new IllegalStateException("supplier failed");
		}, this.pool);
		await(future::isDone);
		awaitDone(1);
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.parse(null, null, null, "failed", null, null));
		assertThat(snapshot.tasks()).singleElement().satisfies((task) -> {
			assertThat(task.outcome()).isEqualTo("ERROR");
			assertThat(task.warnings()).contains("failed");
		});
		assertThat(listed("failed").message()).isEqualTo("1 task failed (java.lang.IllegalStateException)");
	}

	@Test
	void rejectedFiresOnRejectedTasksOnly() throws Exception {
		this.pool.shutdown();
		this.pool = instrument(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>()));
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(new Named("accepted", () -> awaitQuietly(release)));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> this.pool.execute(new Named("refused", () -> {
			})));
		release.countDown();
		awaitDone(2);
		assertThat(task("refused").warnings()).containsExactly("rejected");
		assertThat(task("accepted").warnings()).doesNotContain("rejected");
		assertThat(listed("rejected").message()).startsWith("1 task rejected");
	}

	@Test
	void failedCountsEveryFailureNotOnlyThoseTheTableStillHolds() throws Exception {
		use(SMALL.withMaxCompletedTasks(50).withWarning(TaskWarning.FAILED, WarningRule.ofCount(1)));
		for (int i = 0; i < 500; i++) {
			this.pool.execute(new Named("flaky", () -> {
				throw new IllegalStateException("boom");
			}));
		}
		// One thread, in order: once this one ran, the 500 failures were recorded.
		this.pool.submit(new Named("last", () -> {
		})).get();
		// The failing tasks throw on their workers, which may still be dying: not a
		// failure.
		Awaitility.await()
			.dontCatchUncaughtExceptions()
			.until(() -> this.layer.snapshot(TaskQuery.all()).summary().seen() == 501);
		WarningView warning = listed("failed");
		assertThat(warning.count()).isEqualTo(500);
		assertThat(warning.message()).isEqualTo("500 tasks failed (java.lang.IllegalStateException)");
		assertThat(warning.taskIds()).hasSize(10);
		assertThat(this.layer.snapshot(TaskQuery.all()).summary().states()).containsEntry("done", 50);
	}

	@Test
	void rejectedCountsEveryRejectionAsTheExecutorRowDoes() throws Exception {
		use(SMALL.withMaxCompletedTasks(50));
		this.pool.shutdown();
		this.pool = instrument(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>()));
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(new Named("accepted", () -> awaitQuietly(release)));
		for (int i = 0; i < 300; i++) {
			assertThatExceptionOfType(RejectedExecutionException.class)
				.isThrownBy(() -> this.pool.execute(new Named("refused", () -> {
				})));
		}
		release.countDown();
		Awaitility.await()
			.until(() -> this.layer.snapshot(TaskQuery.parse("running,blocked", null, null, null, null, null))
				.summary()
				.matched() == 0);
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.all());
		assertThat(snapshot.summary().states().get("done")).isEqualTo(50);
		WarningView warning = listed("rejected");
		assertThat(warning.count()).isEqualTo(300);
		assertThat(warning.message()).startsWith("300 tasks rejected");
		assertThat(snapshot.executors()).filteredOn((executor) -> executor.name().equals("pool"))
			.singleElement()
			.extracting(ExecutorView::rejected)
			.isEqualTo(300L);
	}

	@Test
	void disabledWarningNeverFires() throws Exception {
		use(SMALL.withWarning(TaskWarning.LONG_POLL, WarningRule.disabled()));
		this.pool.submit(new Named("blocking", () -> sleep(400))).get();
		awaitDone(1);
		assertThat(task("blocking").warnings()).doesNotContain("long-poll");
	}

}
