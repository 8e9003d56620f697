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
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.NextTask;
import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ConsoleLayer}: tokio-console's arithmetic on deterministic workloads.
 *
 * @author trace-tools
 */
class ConsoleLayerTests {

	private final ObservationRegistry[] registryHolder = new ObservationRegistry[1];

	private ConsoleLayer layer = install(ConsoleOptions.defaults());

	private ExecutorService executor = Executors.newFixedThreadPool(2);

	@AfterEach
	void shutdown() throws InterruptedException {
		this.executor.shutdownNow();
		this.executor.awaitTermination(5, TimeUnit.SECONDS);
	}

	private ConsoleLayer install(ConsoleOptions options) {
		ObservationRegistry fresh = ObservationRegistry.create();
		ConsoleLayer console = new ConsoleLayer(options);
		fresh.observationConfig().observationHandler(console);
		this.registryHolder[0] = fresh;
		return console;
	}

	private ObservationRegistry registry() {
		return this.registryHolder[0];
	}

	private ExecutorService instrumented(ExecutorService pool, String name) {
		this.executor.shutdown();
		this.executor = ExecutorProxies.instrument(pool, new TaskObservations(registry(), name, true));
		return this.executor;
	}

	private TaskView only(String name) {
		List<TaskView> tasks = this.layer.snapshot(TaskQuery.parse(null, name, null, null, null, null)).tasks();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	private static void await(BooleanSupplier condition) {
		// Tasks that fail on purpose throw on their workers: not a failure of the test.
		Awaitility.await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
	}

	private static void assertSums(TaskView task) {
		assertThat(task.busyNanos() + task.scheduledNanos() + task.idleNanos()).isEqualTo(task.totalNanos());
		assertThat(task.busyNanos()).isNotNegative();
		assertThat(task.scheduledNanos()).isNotNegative();
		assertThat(task.idleNanos()).isNotNegative();
	}

	@Test
	void completedTaskHasOnePollAndPartsThatSumToTotal() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		long submitted = System.nanoTime();
		pool.submit(new Named("work", () -> sleep(30))).get();
		await(() -> this.layer.completedInTable() == 1);
		long elapsed = System.nanoTime() - submitted;
		TaskView task = this.layer.snapshot(TaskQuery.all()).tasks().get(0);
		assertThat(task.state()).isEqualTo(TaskState.DONE);
		assertThat(task.polls()).isEqualTo(1);
		assertThat(task.outcome()).isEqualTo("SUCCESS");
		assertThat(task.kind()).isEqualTo("executor");
		assertThat(task.executor()).isEqualTo("pool");
		assertThat(task.busyNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(30), elapsed);
		assertSums(task);
		assertThat(this.layer.seen()).isEqualTo(1);
	}

	@Test
	void aLimitedQueryListsTheFirstRowsOfTheWholeOrderForEverySort() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		for (int i = 0; i < 40; i++) {
			int spin = (i * 7919) % 13;
			pool.submit(new Named("task-" + (i % 7), () -> sleep(spin))).get();
		}
		await(() -> this.layer.completedInTable() == 40);
		for (TaskColumn column : TaskColumn.values()) {
			for (String sort : List.of(column.value(), "-" + column.value())) {
				List<Long> all = ids(this.layer.snapshot(TaskQuery.parse(null, null, null, null, sort, null)));
				ConsoleSnapshot limited = this.layer.snapshot(TaskQuery.parse(null, null, null, null, sort, "7"));
				assertThat(ids(limited)).as(sort).isEqualTo(all.subList(0, 7));
				assertThat(limited.summary().matched()).isEqualTo(40);
			}
		}
	}

	private static List<Long> ids(ConsoleSnapshot snapshot) {
		return snapshot.tasks().stream().map(TaskView::id).toList();
	}

	@Test
	void runningTaskCountsThePollInProgressAsBusy() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		long submitted = System.nanoTime();
		pool.execute(() -> {
			started.countDown();
			awaitQuietly(release);
		});
		started.await();
		// The time measured: the task holds its thread for 30 ms.
		sleep(30);
		TaskView running = this.layer.snapshot(TaskQuery.all()).tasks().get(0);
		long elapsed = System.nanoTime() - submitted;
		assertThat(running.state()).isEqualTo(TaskState.RUNNING);
		// The poll in progress is counted (as tokio-console counts a poll when it
		// starts).
		assertThat(running.polls()).isOne();
		assertThat(running.busyNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(25));
		assertThat(running.thread()).isNotNull();
		assertSums(running);
		TaskDetails details = this.layer.task(running.id()).orElseThrow();
		assertThat(details.stack()).isNotNull();
		assertThat(String.join("\n", details.stack())).contains("awaitQuietly");
		release.countDown();
		await(() -> this.layer.completedInTable() == 1);
		TaskView done = this.layer.snapshot(TaskQuery.all()).tasks().get(0);
		assertThat(done.state()).isEqualTo(TaskState.DONE);
		assertThat(done.polls()).isEqualTo(1);
		assertThat(this.layer.task(done.id()).orElseThrow().stack()).isNull();
	}

	@Test
	void taskWaitingInASaturatedPoolAccumulatesScheduledTime() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		CountDownLatch release = new CountDownLatch(1);
		pool.execute(new Named("blocker", () -> awaitQuietly(release)));
		long submitted = System.nanoTime();
		pool.execute(new Named("waiter", () -> {
		}));
		// The time measured: the waiter waits 100 ms behind the blocker.
		sleep(100);
		TaskView waiting = only("waiter");
		long elapsed = System.nanoTime() - submitted;
		assertThat(waiting.state()).isEqualTo(TaskState.SCHEDULED);
		assertThat(waiting.scheduledNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(100), elapsed);
		assertSums(waiting);
		release.countDown();
		await(() -> this.layer.completedInTable() == 2);
		TaskView waited = only("waiter");
		assertThat(waited.scheduledNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(90));
		assertThat(waited.busyNanos()).isLessThan(waited.scheduledNanos());
		assertSums(waited);
		HistogramView scheduled = this.layer.task(waited.id()).orElseThrow().scheduledTimes();
		assertThat(scheduled.count()).isEqualTo(1);
		assertThat(scheduled.percentiles()).containsKeys("p10", "p25", "p50", "p75", "p90", "p95", "p99");
		assertThat(scheduled.percentiles().get("p99")).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(85));
	}

	@Test
	void taskBlockedOnAFutureIsBlockedAndItsWaitIsBusyNotIdle() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		CompletableFuture<String> result = new CompletableFuture<>();
		Future<?> task = pool.submit(new Named("blocked", () -> {
			// What Spring's @Async interceptor does with the future a method returned.
			TaskContext context = (TaskContext) registry().getCurrentObservation().getContext();
			assertThat(context.blockedOnFuture()).isTrue();
			result.join();
		}));
		await(() -> only("blocked").state() == TaskState.BLOCKED);
		sleep(80);
		TaskView blocked = only("blocked");
		assertThat(blocked.state()).isEqualTo(TaskState.BLOCKED);
		assertThat(blocked.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(70));
		assertThat(blocked.busyNanos()).isGreaterThanOrEqualTo(blocked.blockedNanos());
		assertSums(blocked);
		result.complete("done");
		task.get();
		await(() -> this.layer.completedInTable() == 1);
		TaskView done = only("blocked");
		assertThat(done.polls()).isEqualTo(1);
		assertThat(done.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(70));
		assertThat(done.busyNanos()).isGreaterThanOrEqualTo(done.blockedNanos());
		assertThat(done.idleNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
		assertSums(done);
	}

	@Test
	void childTaskHasItsParentAndTheParentIsNotPolledWhileTheChildRuns() throws Exception {
		ExecutorService pool = instrumented(Executors.newFixedThreadPool(2), "pool");
		CountDownLatch childDone = new CountDownLatch(1);
		pool.execute(new Named("parent", () -> pool.execute(new Named("child", () -> {
			sleep(20);
			childDone.countDown();
		}))));
		childDone.await();
		await(() -> this.layer.completedInTable() == 2);
		TaskView parent = only("parent");
		TaskView child = only("child");
		assertThat(child.parentId()).isEqualTo(parent.id());
		assertThat(parent.polls()).isEqualTo(1);
		assertThat(child.polls()).isEqualTo(1);
		TaskDetails details = this.layer.task(parent.id()).orElseThrow();
		assertThat(details.children()).extracting(TaskDetails.TaskRef::id).containsExactly(child.id());
		assertThat(this.layer.task(child.id()).orElseThrow().parent().id()).isEqualTo(parent.id());
	}

	@Test
	void tasksOfARequestShowItsNameWhileItRunsAndTheNameItStoppedWithAfter() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		Observation request = Observation.start("http.server.requests", registry()).contextualName("http get");
		try (Observation.Scope scope = request.openScope()) {
			pool.submit(new Named("before the route", () -> {
			})).get();
			// As Spring MVC tells a request's route once its handler is found.
			request.contextualName("http get /users/{id}");
			pool.submit(new Named("after the route", () -> {
			})).get();
		}
		assertThat(only("before the route").parentName()).isEqualTo("http get /users/{id}");
		assertThat(only("after the route").parentName()).isEqualTo("http get /users/{id}");
		request.stop();
		request.contextualName("renamed after its stop");
		TaskView task = only("before the route");
		assertThat(task.parentName()).isEqualTo("http get /users/{id}");
		assertThat(task.parentId()).isNull();
		assertThat(this.layer.task(task.id()).orElseThrow().parent()).isNull();
	}

	@Test
	void tasksOfAScheduledRunHaveItAsTheirParentTask() {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		Observation.createNotStarted(SpanKeys.SCHEDULED_OBSERVATION, registry())
			.lowCardinalityKeyValue(SpanKeys.CODE_NAMESPACE, "com.example.Jobs")
			.lowCardinalityKeyValue(SpanKeys.CODE_FUNCTION, "cleanUp")
			.observe(() -> pool.execute(new Named("cleanUp part", () -> {
			})));
		await(() -> this.layer.completedInTable() == 2);
		TaskView part = only("cleanUp part");
		assertThat(part.parentId()).isEqualTo(only("Jobs.cleanUp").id());
		assertThat(part.parentName()).isEqualTo("Jobs.cleanUp");
	}

	@Test
	void failedAndRejectedTasksHaveTheirOutcome() throws Exception {
		ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		ExecutorService pool = instrumented(tiny, "tiny");
		CountDownLatch release = new CountDownLatch(1);
		pool.execute(new Named("blocker", () -> awaitQuietly(release)));
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> pool.execute(new Named("rejected", () -> {
			})));
		release.countDown();
		await(() -> this.layer.completedInTable() == 2);
		// The blocker's span ends before its thread is back waiting for work: room for a
		// second thread, so that the next task is not rejected too.
		tiny.setMaximumPoolSize(2);
		pool.execute(new Named("failing", () -> {
			throw new IllegalStateException("boom");
		}));
		await(() -> this.layer.completedInTable() == 3);
		TaskView rejected = only("rejected");
		assertThat(rejected.outcome()).isEqualTo("REJECTED");
		assertThat(rejected.polls()).isZero();
		assertThat(rejected.error()).isEqualTo(RejectedExecutionException.class.getName());
		assertSums(rejected);
		TaskView failed = only("failing");
		assertThat(failed.outcome()).isEqualTo("ERROR");
		assertThat(failed.error()).isEqualTo(IllegalStateException.class.getName());
		ExecutorView executorView = this.layer.snapshot(TaskQuery.all()).executors().get(0);
		assertThat(executorView.name()).isEqualTo("tiny");
		assertThat(executorView.rejected()).isEqualTo(1);
		assertThat(executorView.tasks()).isEqualTo(3);
	}

	@Test
	void springScheduledObservationIsATaskOfKindScheduled() {
		Observation observation = Observation.createNotStarted(SpanKeys.SCHEDULED_OBSERVATION, registry())
			.lowCardinalityKeyValue(SpanKeys.CODE_NAMESPACE, "com.example.Jobs")
			.lowCardinalityKeyValue(SpanKeys.CODE_FUNCTION, "cleanUp")
			.lowCardinalityKeyValue(SpanKeys.OUTCOME, "SUCCESS");
		long started = System.nanoTime();
		observation.observe(() -> sleep(5));
		long elapsed = System.nanoTime() - started;
		TaskView task = only("Jobs.cleanUp");
		assertThat(task.kind()).isEqualTo("scheduled");
		assertThat(task.polls()).isEqualTo(1);
		assertThat(task.state()).isEqualTo(TaskState.DONE);
		assertThat(task.outcome()).isEqualTo("SUCCESS");
		assertThat(task.busyNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(5), elapsed);
		assertSums(task);
	}

	@Test
	void eventsInsideATaskAreKeptUpToTheCap() throws Exception {
		this.layer = install(ConsoleOptions.defaults().withMaxEventsPerTask(2));
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		pool.submit(new Named("logging", () -> {
			Observation current = registry().getCurrentObservation();
			for (int i = 1; i <= 3; i++) {
				current.event(Observation.Event.of("log", "message " + i));
			}
			// An event on a span inside the task belongs to the task.
			Observation.createNotStarted("inner", registry())
				.observe(() -> registry().getCurrentObservation().event(Observation.Event.of("log", "inner")));
		})).get();
		await(() -> this.layer.completedInTable() == 1);
		TaskDetails details = this.layer.task(only("logging").id()).orElseThrow();
		assertThat(details.events()).extracting(TaskEvent::message).containsExactly("message 1", "message 2");
		assertThat(details.events()).extracting(TaskEvent::name).containsOnly("log");
		assertThat(details.droppedEvents()).isEqualTo(2);
	}

	@Test
	void completedTasksBeyondTheCapAreDroppedOldestFirstAndCountsStayExact() throws Exception {
		this.layer = install(ConsoleOptions.defaults().withMaxCompletedTasks(10));
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		for (int i = 0; i < 25; i++) {
			pool.submit(() -> {
			}).get();
		}
		await(() -> this.layer.seen() == 25 && this.layer.dropped() == 15);
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.all());
		assertThat(snapshot.summary().seen()).isEqualTo(25);
		assertThat(snapshot.summary().dropped()).isEqualTo(15);
		assertThat(snapshot.tasks()).hasSize(10);
		long oldestKept = snapshot.tasks().get(0).id();
		assertThat(snapshot.tasks()).allMatch((task) -> task.id() >= oldestKept);
	}

	@Test
	void completedTasksOlderThanTheRetentionAreDropped() throws Exception {
		this.layer = install(ConsoleOptions.defaults().withRetention(Duration.ofMillis(50)));
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		pool.submit(() -> {
		}).get();
		await(() -> this.layer.snapshot(TaskQuery.all()).tasks().isEmpty());
		ConsoleSnapshot snapshot = this.layer.snapshot(TaskQuery.all());
		assertThat(snapshot.tasks()).isEmpty();
		assertThat(snapshot.summary().dropped()).isEqualTo(1);
		assertThat(snapshot.summary().seen()).isEqualTo(1);
	}

	@Test
	void queryFiltersSortsAndLimits() throws Exception {
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		pool.submit(new Named("fast", () -> {
		})).get();
		pool.submit(new Named("slow", () -> sleep(10))).get();
		pool.submit(new Named("slower", () -> sleep(80))).get();
		await(() -> this.layer.completedInTable() == 3);
		// The expected order comes from the busy times the console reports, not from the
		// sleeps: a pause of a loaded machine's JVM can make the empty task the slowest.
		List<TaskView> all = this.layer.snapshot(TaskQuery.all()).tasks();
		List<String> byBusy = all.stream()
			.sorted(Comparator.comparingLong(TaskView::busyNanos))
			.map(TaskView::name)
			.toList();
		assertThat(byBusy).containsExactlyInAnyOrder("fast", "slow", "slower");
		List<String> slowByBusyDescending = all.stream()
			.filter((task) -> task.name().contains("slow"))
			.sorted(Comparator.comparingLong(TaskView::busyNanos).reversed())
			.map(TaskView::name)
			.toList();
		assertThat(this.layer.snapshot(TaskQuery.parse("done", "SLOW", "pool", null, "-busy", null)).tasks())
			.extracting(TaskView::name)
			.containsExactlyElementsOf(slowByBusyDescending);
		assertThat(this.layer.snapshot(TaskQuery.parse(null, null, null, null, "busy", "1")).tasks())
			.extracting(TaskView::name)
			.containsExactly(byBusy.get(0));
		ConsoleSnapshot running = this.layer.snapshot(TaskQuery.parse("running,idle", null, null, null, null, null));
		assertThat(running.tasks()).isEmpty();
		assertThat(running.summary().inTable()).isEqualTo(3);
		assertThat(running.summary().states()).containsEntry("done", 3).containsEntry("running", 0);
		assertThat(this.layer.snapshot(TaskQuery.parse(null, null, "other", null, null, null)).tasks()).isEmpty();
	}

	@Test
	void badQueryValuesAreRejectedWithTheValidValues() {
		assertThatIllegalArgumentException().isThrownBy(() -> TaskQuery.parse("sleeping", null, null, null, null, null))
			.withMessageContaining("scheduled, running, blocked, idle, done");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskQuery.parse(null, null, null, "slow", null, null))
			.withMessageContaining("long-poll, stuck, scheduling-delay, failed, rejected");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskQuery.parse(null, null, null, null, "speed", null))
			.withMessageContaining("warn, id, state, name, total, busy, sched, blocked, idle, polls");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskQuery.parse(null, null, null, null, null, "0"))
			.withMessage("Invalid limit '0': valid values are whole numbers from 1 to 2147483647 (tasks)");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskQuery.parse(null, null, null, null, null, "x"))
			.withMessageContaining("whole numbers from 1 to 2147483647");
	}

	@Test
	void metersReadThePerNameCountersAndOverflowToOther() throws Exception {
		this.layer = install(ConsoleOptions.defaults().withMaxTaskNames(2));
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		new TaskMeters(this.layer).bindTo(meters);
		ExecutorService pool = instrumented(Executors.newSingleThreadExecutor(), "pool");
		for (String name : List.of("a", "a", "b", "c", "d")) {
			pool.submit(new Named(name, () -> sleep(2))).get();
		}
		await(() -> this.layer.completedInTable() == 5);
		assertThat(meters.get("tracetools.tasks.polls").tags("task", "a", "executor", "pool").functionCounter().count())
			.isEqualTo(2);
		assertThat(meters.get("tracetools.tasks.polls").tags("task", "other").functionCounter().count()).isEqualTo(2);
		assertThat(meters.find("tracetools.tasks.polls").tag("task", "c").functionCounter()).isNull();
		FunctionCounter busy = meters.get("tracetools.tasks.busy").tags("task", "a").functionCounter();
		assertThat(busy.getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(busy.count()).isGreaterThan(0.003);
		assertThat(meters.get("tracetools.tasks.completed")
			.tags("task", "b", "outcome", "SUCCESS")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(meters.get("tracetools.tasks.active").tags("task", "a").gauge().value()).isZero();
		assertThat(meters.getMeters().stream().map((meter) -> meter.getId().getTag("task")).distinct())
			.containsExactlyInAnyOrder("a", "b", "other");
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A task with a name: creating it describes the next task submitted on this thread,
	 * as the {@code @Async} support does, so create it right where it is submitted.
	 */
	record Named(String name, Runnable body) implements Runnable {

		Named {
			NextTask.describeNext(new NextTask(new CallSite(name, null, null, "Tests.java", 42), TaskKind.EXECUTOR));
		}

		@Override
		public void run() {
			this.body.run();
		}

	}

}
