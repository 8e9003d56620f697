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

package dev.tracetools.executor;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tracetools.observe.SpanKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every way a task can fail ends its span with {@code outcome=ERROR} and the exception,
 * on every kind of executor, including {@code CompletableFuture}'s async tasks, which
 * catch what their function throws.
 */
class TaskFailuresTests {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<ExecutorService> pools = new CopyOnWriteArrayList<>();

	{
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				TaskFailuresTests.this.stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return SpanKeys.TASK_OBSERVATION.equals(context.getName());
			}

		});
	}

	@AfterEach
	void shutdown() {
		this.pools.forEach(ExecutorService::shutdownNow);
	}

	@ParameterizedTest
	@ValueSource(strings = { "threadPool", "scheduledPool", "forkJoinPool" })
	void supplyAsyncThatThrowsEndsWithError(String kind) {
		ExecutorService executor = executor(kind);
		CompletableFuture<Object> future = CompletableFuture.supplyAsync(() -> {
			throw new IllegalStateException("supply failed");
		}, executor);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join);
		assertError(IllegalStateException.class, "supply failed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "threadPool", "scheduledPool", "forkJoinPool" })
	void runAsyncThatThrowsEndsWithError(String kind) {
		ExecutorService executor = executor(kind);
		CompletableFuture<Void> future = CompletableFuture.runAsync(() -> {
			throw new IllegalArgumentException("run failed");
		}, executor);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join);
		assertError(IllegalArgumentException.class, "run failed");
	}

	@Test
	void thenApplyAsyncThatThrowsEndsWithError() {
		ExecutorService executor = executor("threadPool");
		CompletableFuture<Object> future = CompletableFuture.completedFuture("x").thenApplyAsync((value) -> {
			throw new IllegalStateException("apply failed");
		}, executor);
		assertThatExceptionOfType(CompletionException.class).isThrownBy(future::join);
		assertError(IllegalStateException.class, "apply failed");
	}

	@Test
	void supplyAsyncThatReturnsEndsWithSuccess() {
		ExecutorService executor = executor("forkJoinPool");
		assertThat(CompletableFuture.supplyAsync(() -> 42, executor).join()).isEqualTo(42);
		await().untilAsserted(() -> assertThat(this.stopped).singleElement()
			.satisfies((task) -> assertThat(outcome(task)).isEqualTo("SUCCESS")));
	}

	@Test
	void supplyAsyncCancelledBeforeItRanEndsCancelled() throws Exception {
		ExecutorService executor = executor("threadPool");
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> block(release));
		CompletableFuture<Integer> future = CompletableFuture.supplyAsync(() -> 42, executor);
		future.cancel(false);
		release.countDown();
		await().untilAsserted(() -> assertThat(this.stopped).anySatisfy((task) -> {
			assertThat(outcome(task)).isEqualTo("CANCELLED");
			assertThat(task.getError()).isInstanceOf(CancellationException.class);
		}));
	}

	@ParameterizedTest
	@ValueSource(strings = { "threadPool", "scheduledPool", "forkJoinPool" })
	void submittedCallableThatThrowsEndsWithError(String kind) {
		ExecutorService executor = executor(kind);
		var future = executor.submit(() -> {
			throw new IllegalStateException("call failed");
		});
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
		assertError(IllegalStateException.class, "call failed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "threadPool", "forkJoinPool" })
	void executedRunnableThatThrowsEndsWithError(String kind) {
		ExecutorService executor = executor(kind);
		executor.execute(() -> {
			throw new IllegalStateException("execute failed");
		});
		assertError(IllegalStateException.class, "execute failed");
	}

	@Test
	void scheduledCallableThatThrowsEndsWithError() {
		ScheduledExecutorService executor = (ScheduledExecutorService) executor("scheduledPool");
		var future = executor.schedule(() -> {
			throw new IllegalStateException("scheduled failed");
		}, 1, TimeUnit.MILLISECONDS);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
		assertError(IllegalStateException.class, "scheduled failed");
	}

	@Test
	void periodicTaskThatThrowsEndsWithError() {
		ScheduledExecutorService executor = (ScheduledExecutorService) executor("scheduledPool");
		executor.scheduleAtFixedRate(() -> {
			throw new IllegalStateException("periodic failed");
		}, 0, 5, TimeUnit.MILLISECONDS);
		assertError(IllegalStateException.class, "periodic failed");
	}

	@Test
	void forkJoinPoolKeepsItsReturnTypesAndResultsThroughTheWrapper() throws Exception {
		ExecutorService executor = executor("forkJoinPool");
		Future<Integer> submitted = executor.submit(() -> 42);
		assertThat(submitted).isInstanceOf(ForkJoinTask.class);
		assertThat(submitted.get(5, TimeUnit.SECONDS)).isEqualTo(42);
		assertThat(executor.submit(() -> {
		}, "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(executor.invokeAll(List.<Callable<Integer>>of(() -> 1, () -> 2))).extracting(Future::get)
			.containsExactly(1, 2);
		assertThat(executor.invokeAny(List.<Callable<Integer>>of(() -> 3))).isEqualTo(3);
		await().untilAsserted(() -> assertThat(this.stopped).hasSize(2)
			.allSatisfy((task) -> assertThat(outcome(task)).isEqualTo("SUCCESS")));
	}

	@Test
	void forkJoinTaskCancelledBeforeItRanEndsCancelled() {
		ExecutorService executor = executor("forkJoinPool");
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> block(release));
		Future<String> queued = executor.submit(() -> "never");
		assertThat(queued.cancel(false)).isTrue();
		release.countDown();
		await().untilAsserted(() -> assertThat(this.stopped).extracting(TaskFailuresTests::outcome)
			.containsExactlyInAnyOrder("SUCCESS", "CANCELLED"));
	}

	private void assertError(Class<? extends Throwable> type, String message) {
		await().dontCatchUncaughtExceptions()
			.untilAsserted(() -> assertThat(this.stopped).singleElement().satisfies((task) -> {
				assertThat(outcome(task)).isEqualTo("ERROR");
				assertThat(task.getError()).isInstanceOf(type).hasMessage(message);
			}));
	}

	private static String outcome(Observation.Context task) {
		return task.getLowCardinalityKeyValue(SpanKeys.OUTCOME).getValue();
	}

	private ExecutorService executor(String kind) {
		Supplier<ExecutorService> pools = switch (kind) {
			case "threadPool" -> () -> new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
					TaskFailuresTests::quietThread);
			case "scheduledPool" -> () -> new ScheduledThreadPoolExecutor(1, TaskFailuresTests::quietThread);
			case "forkJoinPool" ->
				() -> new ForkJoinPool(1, ForkJoinPool.defaultForkJoinWorkerThreadFactory, (thread, ex) -> {
				}, false);
			default -> throw new IllegalArgumentException(kind);
		};
		ExecutorService pool = pools.get();
		this.pools.add(pool);
		return ObservedExecutors.wrap(ExecutorService.class, pool, new TaskObservations(this.registry, kind, false));
	}

	private static Thread quietThread(Runnable runnable) {
		// A task that throws kills its worker: keep that out of the test report.
		Thread thread = Executors.defaultThreadFactory().newThread(runnable);
		thread.setUncaughtExceptionHandler((dying, ex) -> {
		});
		return thread;
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
