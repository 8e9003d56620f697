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

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.observe.SpanKeys;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ObservedExecutors}, the plain Java way to observe an executor's tasks.
 *
 * @author trace-tools
 */
class ObservedExecutorsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final ScheduledExecutorService pool = Executors.newScheduledThreadPool(2);

	@AfterEach
	void shutdown() {
		this.pool.shutdownNow();
	}

	@Test
	void submitReturnsTheTaskResultAndStopsOneTaskSpan() throws Exception {
		ExecutorService observed = ObservedExecutors.wrap(ExecutorService.class, this.pool,
				new TaskObservations(this.registry, "pool", false));
		Future<Integer> result = observed.submit(() -> 42);
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(42);
		await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasNumberOfObservationsWithNameEqualTo("tracetools.task", 1)
			.hasObservationWithNameEqualTo("tracetools.task")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue(SpanKeys.EXECUTOR_NAME, "pool")
			.hasLowCardinalityKeyValue(SpanKeys.TASK_KIND, "executor")
			.hasLowCardinalityKeyValue(SpanKeys.OUTCOME, "SUCCESS"));
	}

	@Test
	void registryWithoutHandlersStillRunsTasksAndKeepsTheirResultsCancellationAndPeriodicRuns() throws Exception {
		ObservationRegistry plain = ObservationRegistry.create();
		ScheduledExecutorService observed = ObservedExecutors.wrap(ScheduledExecutorService.class, this.pool,
				new TaskObservations(plain, "pool", true));
		assertThat(observed.submit(() -> 42).get(5, TimeUnit.SECONDS)).isEqualTo(42);
		ScheduledFuture<?> never = observed.schedule(() -> "late", 1, TimeUnit.HOURS);
		assertThat(never.cancel(false)).isTrue();
		assertThat(never.isCancelled()).isTrue();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> periodic = observed.scheduleAtFixedRate(runs::incrementAndGet, 0, 1, TimeUnit.MILLISECONDS);
		await().until(() -> runs.get() >= 3);
		periodic.cancel(false);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> observed.submit(() -> {
			throw new IllegalStateException("boom");
		}).get(5, TimeUnit.SECONDS)).withCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void threadLocalRegisteredAfterTheExecutorIsCarriedToItsTasksBesideTheTaskSpan() throws Exception {
		// With only the observation's accessor registered no snapshot is taken; one
		// registered later is captured and restored from then on.
		ExecutorService observed = ObservedExecutors.wrap(ExecutorService.class, this.pool,
				new TaskObservations(this.registry, "pool", true));
		ThreadLocal<String> tenant = new ThreadLocal<>();
		String key = "test.tenant." + System.nanoTime();
		ContextRegistry.getInstance().registerThreadLocalAccessor(key, tenant);
		try {
			tenant.set("acme");
			Future<String> seen = observed.submit(() -> {
				Observation current = this.registry.getCurrentObservation();
				return tenant.get() + " " + ((current != null) ? current.getContext().getName() : null);
			});
			assertThat(seen.get(5, TimeUnit.SECONDS)).isEqualTo("acme tracetools.task");
		}
		finally {
			tenant.remove();
			ContextRegistry.getInstance().removeThreadLocalAccessor(key);
		}
		Future<String> after = observed.submit(() -> String.valueOf(tenant.get()));
		assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("null");
	}

	@Test
	void scheduleKeepsTheScheduledFutureAndKind() throws Exception {
		ScheduledExecutorService observed = ObservedExecutors.wrap(ScheduledExecutorService.class, this.pool,
				new TaskObservations(this.registry, "scheduler", false));
		ScheduledFuture<String> result = observed.schedule(() -> "done", 10, TimeUnit.MILLISECONDS);
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("tracetools.task")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue(SpanKeys.TASK_KIND, "scheduled"));
	}

	@Test
	void rejectedTaskIsRecordedAndRethrown() {
		ExecutorService observed = ObservedExecutors.wrap(ExecutorService.class, this.pool,
				new TaskObservations(this.registry, "pool", false));
		this.pool.shutdown();
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> observed.execute(() -> {
		}));
		TestObservationRegistryAssert.assertThat(this.registry)
			.hasObservationWithNameEqualTo("tracetools.task")
			.that()
			.hasBeenStopped()
			.hasLowCardinalityKeyValue(SpanKeys.OUTCOME, "REJECTED");
	}

	@Test
	void wrappingTwiceObservesOnce() {
		TaskObservations observations = new TaskObservations(this.registry, "pool", false);
		ExecutorService once = ObservedExecutors.wrap(ExecutorService.class, this.pool, observations);
		assertThat(ObservedExecutors.wrap(ExecutorService.class, once, observations)).isSameAs(once);
	}

	@Test
	void wrappingAClassIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> ObservedExecutors.wrap(java.util.concurrent.ScheduledThreadPoolExecutor.class,
					(java.util.concurrent.ScheduledThreadPoolExecutor) this.pool,
					new TaskObservations(this.registry, "pool", false)))
			.withMessageContaining("is not an interface");
	}

}
