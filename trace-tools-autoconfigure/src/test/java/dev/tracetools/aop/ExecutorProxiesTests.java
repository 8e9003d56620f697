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

package dev.tracetools.aop;

import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import dev.tracetools.test.RecordingObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ExecutorProxies}: every task becomes a {@code tracetools.task} span.
 */
class ExecutorProxiesTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final RecordingObservationHandler recorder = new RecordingObservationHandler();

	{
		this.registry.observationConfig().observationHandler(this.recorder);
	}

	private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(), (runnable) -> {
				// A task that throws kills its worker: keep that out of the test report.
				Thread thread = new Thread(runnable);
				thread.setUncaughtExceptionHandler((dying, ex) -> {
				});
				return thread;
			});

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
	}

	private ThreadPoolExecutor instrumented(ThreadPoolExecutor executor) {
		return ExecutorProxies.instrument(executor, new TaskObservations(this.registry, "pool", true));
	}

	@Test
	void taskSubmittedUnderAnObservationIsItsChildWithKeysAndCallerLocation() throws Exception {
		ThreadPoolExecutor executor = instrumented(this.pool);
		AtomicReference<Observation> current = new AtomicReference<>();
		Observation parent = Observation.start("request", this.registry);
		int line;
		try (Observation.Scope scope = parent.openScope()) {
			line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
			executor.submit(() -> current.set(this.registry.getCurrentObservation())).get(5, TimeUnit.SECONDS);
		}
		finally {
			parent.stop();
		}
		await().until(() -> current.get() != null && TestObservationRegistryAssert.assertThat(this.registry) != null);
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(SpanKeys.TASK_OBSERVATION)
			.that()
			.hasBeenStarted()
			.hasBeenStopped()
			.hasParentObservationEqualTo(parent)
			.hasLowCardinalityKeyValue(SpanKeys.OBSERVED_NAME,
					"ExecutorProxiesTests.taskSubmittedUnderAnObservationIsItsChildWithKeysAndCallerLocation")
			.hasLowCardinalityKeyValue(SpanKeys.LOC_FILE, "ExecutorProxiesTests.java")
			.hasLowCardinalityKeyValue(SpanKeys.LOC_LINE, Integer.toString(line))
			.hasLowCardinalityKeyValue(SpanKeys.TASK_KIND, "executor")
			.hasLowCardinalityKeyValue(SpanKeys.EXECUTOR_NAME, "pool")
			.hasLowCardinalityKeyValue(SpanKeys.OUTCOME, "SUCCESS")
			.hasHighCardinalityKeyValueWithKey(SpanKeys.TASK_ID);
		assertThat(current.get().getContext()).isInstanceOf(TaskContext.class);
	}

	@Test
	void taskRestoresPropagatedThreadLocalsAndOpensOnlyItsOwnScopeOnTheWorker() throws Exception {
		ThreadLocal<String> tenant = new ThreadLocal<>();
		ContextRegistry.getInstance()
			.registerThreadLocalAccessor("test.tenant", tenant::get, tenant::set, tenant::remove);
		Thread submitter = Thread.currentThread();
		List<String> scopesOnWorker = new CopyOnWriteArrayList<>();
		this.registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onScopeOpened(Observation.Context context) {
				if (Thread.currentThread() != submitter) {
					scopesOnWorker.add(context.getName());
				}
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		ThreadPoolExecutor executor = instrumented(this.pool);
		AtomicReference<String> seen = new AtomicReference<>();
		Observation parent = Observation.start("request", this.registry);
		try (Observation.Scope scope = parent.openScope()) {
			tenant.set("acme");
			executor
				.submit(() -> seen
					.set(tenant.get() + " in " + this.registry.getCurrentObservation().getContextView().getName()))
				.get(5, TimeUnit.SECONDS);
		}
		finally {
			tenant.remove();
			parent.stop();
			ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
		}
		assertThat(seen.get()).isEqualTo("acme in " + SpanKeys.TASK_OBSERVATION);
		// The parent's scope is not reopened on the worker: the task's span replaces it.
		assertThat(scopesOnWorker).containsExactly(SpanKeys.TASK_OBSERVATION);
	}

	@Test
	void keyValuesAddedToTheContextTakePrecedenceOverTheTaskKeys() throws Exception {
		this.registry.observationConfig()
			.observationFilter(
					(context) -> context.addLowCardinalityKeyValue(KeyValue.of(SpanKeys.EXECUTOR_NAME, "renamed"))
						.addLowCardinalityKeyValue(KeyValue.of("region", "eu")));
		instrumented(this.pool).submit(() -> {
		}).get(5, TimeUnit.SECONDS);
		await().until(() -> !this.recorder.stopped(SpanKeys.TASK_OBSERVATION).isEmpty());
		Observation.Context task = this.recorder.stopped(SpanKeys.TASK_OBSERVATION).get(0);
		assertThat(task.getLowCardinalityKeyValues()).extracting(KeyValue::getKey)
			.containsExactly("executor.name", "loc.file", "loc.line", "observed.name", "outcome", "region",
					"task.kind");
		assertThat(task.getLowCardinalityKeyValue(SpanKeys.EXECUTOR_NAME).getValue()).isEqualTo("renamed");
		assertThat(task.getLowCardinalityKeyValue(SpanKeys.TASK_KIND).getValue()).isEqualTo("executor");
		assertThat(task.getLowCardinalityKeyValue(SpanKeys.OUTCOME).getValue()).isEqualTo("SUCCESS");
		assertThat(task.getHighCardinalityKeyValue(SpanKeys.TASK_ID).getValue())
			.isEqualTo(Long.toString(((TaskContext) task).getId()));
	}

	@Test
	void instrumentedExecutorKeepsItsClass() {
		ThreadPoolExecutor executor = instrumented(this.pool);
		assertThat(executor).isInstanceOf(ThreadPoolExecutor.class);
		assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
		assertThat(ExecutorProxies.instrument(executor, new TaskObservations(this.registry, "again", true)))
			.isSameAs(executor);
	}

	/**
	 * A JDK pool's proxy is an empty instance of a subclass: if its call-through were
	 * bound lazily on the first call, a second thread calling at that moment would run
	 * {@code ThreadPoolExecutor.execute} on the empty instance ({@code ctl} is null). The
	 * binding is therefore made before the proxy is returned.
	 */
	@Test
	void jdkPoolProxyIsBoundBeforeItsFirstCall() throws Exception {
		ThreadPoolExecutor executor = instrumented(this.pool);
		Field callback = executor.getClass().getDeclaredField("CGLIB$CALLBACK_0");
		callback.setAccessible(true);
		assertThat(callback.get(executor)).isNotNull();
	}

	@Test
	void throwingTaskEndsWithStoppedSpanCarryingTheError() throws Exception {
		ThreadPoolExecutor executor = instrumented(this.pool);
		CountDownLatch ran = new CountDownLatch(1);
		executor.execute(() -> {
			ran.countDown();
			throw new IllegalStateException("boom");
		});
		ran.await(5, TimeUnit.SECONDS);
		// The worker thread dies of "boom": Awaitility would fail on that uncaught
		// exception.
		await().dontCatchUncaughtExceptions()
			.untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
				.hasObservationWithNameEqualTo(SpanKeys.TASK_OBSERVATION)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue(SpanKeys.OUTCOME, "ERROR")
				.assertThatError()
				.isInstanceOf(IllegalStateException.class)
				.hasMessage("boom"));
	}

	@Test
	void failedFutureTaskEndsWithError() {
		ExecutorService executor = instrumented(this.pool);
		Future<?> future = executor.submit(() -> {
			throw new IllegalArgumentException("bad");
		});
		await().until(future::isDone);
		await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo(SpanKeys.TASK_OBSERVATION)
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue(SpanKeys.OUTCOME, "ERROR"));
	}

	@Test
	void rejectedTaskEndsWithStoppedSpanAndRejectedOutcome() throws Exception {
		ThreadPoolExecutor saturated = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		try {
			ThreadPoolExecutor executor = instrumented(saturated);
			CountDownLatch release = new CountDownLatch(1);
			executor.execute(() -> block(release));
			assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> executor.execute(() -> {
			}));
			release.countDown();
			await().untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).hasSize(2));
			assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((entry) -> {
				assertThat(entry.getLowCardinalityKeyValue(SpanKeys.OUTCOME).getValue()).isEqualTo("REJECTED");
				assertThat(entry.getError()).isInstanceOf(RejectedExecutionException.class);
			});
		}
		finally {
			saturated.shutdownNow();
		}
	}

	@Test
	void taskRejectedByThreadPoolTaskExecutorEndsRejected() {
		ThreadPoolTaskExecutor tpte = new ThreadPoolTaskExecutor();
		tpte.setCorePoolSize(1);
		tpte.setMaxPoolSize(1);
		tpte.setQueueCapacity(0);
		tpte.initialize();
		try {
			ThreadPoolTaskExecutor executor = ExecutorProxies.instrument(tpte,
					new TaskObservations(this.registry, "tpte", true));
			CountDownLatch release = new CountDownLatch(1);
			executor.execute(() -> block(release));
			assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> executor.submit(() -> "x"));
			release.countDown();
			assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION))
				.anySatisfy((entry) -> assertThat(entry.getLowCardinalityKeyValue(SpanKeys.OUTCOME).getValue())
					.isEqualTo("REJECTED"));
		}
		finally {
			tpte.shutdown();
		}
	}

	@Test
	void cancelledCompletableFutureEndsWithCancelledOutcome() throws Exception {
		ThreadPoolTaskExecutor tpte = new ThreadPoolTaskExecutor();
		tpte.setCorePoolSize(1);
		tpte.setMaxPoolSize(1);
		tpte.initialize();
		try {
			ThreadPoolTaskExecutor executor = ExecutorProxies.instrument(tpte,
					new TaskObservations(this.registry, "tpte", true));
			CountDownLatch release = new CountDownLatch(1);
			executor.execute(() -> block(release));
			CompletableFuture<String> queued = executor.submitCompletable(() -> "never");
			assertThat(queued.cancel(true)).isTrue();
			release.countDown();
			await().untilAsserted(
					() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((entry) -> {
						assertThat(entry.getLowCardinalityKeyValue(SpanKeys.OUTCOME).getValue()).isEqualTo("CANCELLED");
					}));
		}
		finally {
			tpte.shutdown();
		}
	}

	@Test
	void cancelledFutureEndsWithCancelledOutcome() {
		ThreadPoolExecutor executor = instrumented(this.pool);
		CountDownLatch release = new CountDownLatch(1);
		executor.execute(() -> block(release));
		Future<?> queued = executor.submit(() -> "never");
		queued.cancel(false);
		release.countDown();
		await().untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((entry) -> {
		}));
	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
