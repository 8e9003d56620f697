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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.tracetools.observe.Observe;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.stereotype.Service;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Async} and {@code @Observe} methods in a Spring Boot application without an
 * AspectJ starter.
 */
@SpringBootTest(classes = AsyncAndObserveIntegrationTests.TestApplication.class,
		properties = "spring.main.web-application-type=none")
class AsyncAndObserveIntegrationTests {

	@Autowired
	private ObservationRegistry registry;

	@Autowired
	private RecordingObservationHandler recorder;

	@Autowired
	private Work work;

	@Test
	void asyncMethodSpanIsNamedAfterTheMethodWithItsLocationAndParent() throws Exception {
		Observation parent = Observation.start("request", this.registry);
		try (Observation.Scope scope = parent.openScope()) {
			this.work.fireAndForget();
		}
		finally {
			parent.stop();
		}
		await().untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((task) -> {
			assertThat(value(task, SpanKeys.OBSERVED_NAME)).isEqualTo("Work.fireAndForget");
			assertThat(value(task, SpanKeys.TASK_KIND)).isEqualTo("async");
			assertThat(value(task, SpanKeys.LOC_FILE)).isEqualTo("AsyncAndObserveIntegrationTests.java");
			assertThat(Integer.parseInt(value(task, SpanKeys.LOC_LINE))).isPositive();
			assertThat(value(task, SpanKeys.EXECUTOR_NAME)).isEqualTo("applicationTaskExecutor");
			assertThat(task.getParentObservation()).isSameAs(parent);
		}));
	}

	@Test
	void asyncFutureSpanStaysOpenUntilTheFutureCompletes() throws Exception {
		CompletableFuture<String> pending = new CompletableFuture<>();
		CompletableFuture<String> result = this.work.later(pending);
		await().until(() -> !this.recorder.started(SpanKeys.TASK_OBSERVATION).isEmpty()
				&& this.recorder.started(SpanKeys.TASK_OBSERVATION)
					.stream()
					.anyMatch((task) -> "Work.later".equals(value(task, SpanKeys.OBSERVED_NAME))));
		// Still open 100 ms later, while the future is pending.
		await().during(Duration.ofMillis(100))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.recorder.stopped(SpanKeys.TASK_OBSERVATION)
				.stream()
				.noneMatch((task) -> "Work.later".equals(value(task, SpanKeys.OBSERVED_NAME))));
		pending.complete("done");
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		await().untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION))
			.anySatisfy((task) -> assertThat(value(task, SpanKeys.OBSERVED_NAME)).isEqualTo("Work.later")));
	}

	@Test
	void everyWayAnAsyncMethodFailsEndsWithErrorAndTheException() {
		CompletableFuture<String> pending = new CompletableFuture<>();
		this.work.failAndForget();
		Future<String> future = this.work.failFuture();
		CompletableFuture<String> completable = this.work.failCompletable();
		CompletableFuture<String> later = this.work.failLater(pending);
		pending.completeExceptionally(new IllegalStateException("later failed"));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(5, TimeUnit.SECONDS));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> completable.get(5, TimeUnit.SECONDS));
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> later.get(5, TimeUnit.SECONDS));
		Map<String, String> expected = Map.of("Work.failAndForget", "void failed", "Work.failFuture", "future failed",
				"Work.failCompletable", "completable failed", "Work.failLater", "later failed");
		await()
			.untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)
				.stream()
				.filter((task) -> "ERROR".equals(value(task, SpanKeys.OUTCOME)))
				.collect(Collectors.toMap((task) -> value(task, SpanKeys.OBSERVED_NAME),
						(task) -> task.getError().getMessage(), (first, second) -> first)))
				.containsAllEntriesOf(expected));
	}

	@Test
	void observeMethodBecomesAnObserveSpan() {
		assertThat(this.work.compute(20)).isEqualTo(40);
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).anySatisfy((span) -> {
			assertThat(value(span, SpanKeys.OBSERVED_NAME)).isEqualTo("Work.compute");
			assertThat(value(span, SpanKeys.CODE_NAMESPACE)).isEqualTo(Work.class.getName());
			assertThat(value(span, SpanKeys.CODE_FUNCTION)).isEqualTo("compute");
			assertThat(value(span, SpanKeys.LOC_FILE)).isEqualTo("AsyncAndObserveIntegrationTests.java");
		});
	}

	@Test
	void observeMethodWithNameAndFutureStaysOpenAndRecordsTheError() {
		CompletableFuture<String> pending = new CompletableFuture<>();
		this.work.named(pending);
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION))
			.noneMatch((span) -> "custom-name".equals(value(span, SpanKeys.OBSERVED_NAME)));
		pending.completeExceptionally(new IllegalStateException("failed later"));
		assertThat(this.recorder.stopped(SpanKeys.OBSERVE_OBSERVATION)).anySatisfy((span) -> {
			assertThat(value(span, SpanKeys.OBSERVED_NAME)).isEqualTo("custom-name");
			assertThat(value(span, SpanKeys.OUTCOME)).isEqualTo("ERROR");
			assertThat(span.getError()).hasMessage("failed later");
		});
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

		@Bean
		Work work() {
			return new Work();
		}

	}

	@Service
	static class Work {

		@Async
		public void fireAndForget() {
		}

		@Async
		public void failAndForget() {
			throw new IllegalStateException("void failed");
		}

		@Async
		public Future<String> failFuture() {
			throw new IllegalStateException("future failed");
		}

		@Async
		public CompletableFuture<String> failCompletable() {
			return CompletableFuture.failedFuture(new IllegalStateException("completable failed"));
		}

		@Async
		public CompletableFuture<String> failLater(CompletableFuture<String> pending) {
			return pending;
		}

		@Async
		public CompletableFuture<String> later(CompletableFuture<String> pending) {
			return pending;
		}

		@Observe
		public int compute(int value) {
			return value * 2;
		}

		@Observe("custom-name")
		public CompletableFuture<String> named(CompletableFuture<String> pending) {
			return pending;
		}

	}

}
