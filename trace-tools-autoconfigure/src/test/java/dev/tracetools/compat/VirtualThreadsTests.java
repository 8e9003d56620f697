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

package dev.tracetools.compat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.TaskQuery;
import dev.tracetools.tasks.TaskState;
import dev.tracetools.tasks.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application with {@code spring.threads.virtual.enabled=true}: Boot's task executor
 * ({@code @Async}), a {@code SimpleAsyncTaskExecutor} bean on virtual threads and an
 * {@code Executors.newVirtualThreadPerTaskExecutor()} bean each run one observed task per
 * virtual thread, and the console names the carrier. Virtual threads need Java 21; the
 * build runs these tests on Temurin 25.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
@SpringBootTest(classes = VirtualThreadsTests.TestApplication.class,
		properties = { "spring.threads.virtual.enabled=true", "spring.task.execution.mode=force" })
class VirtualThreadsTests {

	private static final int TASKS = 50;

	/** What the console shows for a virtual thread that ran on a carrier. */
	private static final String ON_A_CARRIER = "VirtualThread\\[#\\d+(,[^\\]]*)?\\]/\\w+@.+";

	@Autowired
	private Work work;

	@Autowired
	private SimpleAsyncTaskExecutor simpleExecutor;

	@Autowired
	private ExecutorService virtualExecutor;

	@Autowired
	private TraceToolsLayers layers;

	@Test
	void asyncMethodRunsOnAVirtualThread() {
		assertThat(this.work.where().join()).startsWith("VirtualThread[");
		await().untilAsserted(() -> assertThat(tasks("Work.where", null)).singleElement().satisfies((task) -> {
			assertThat(task.kind()).isEqualTo("async");
			assertThat(task.executor()).isEqualTo("applicationTaskExecutor");
			assertThat(task.thread()).startsWith("VirtualThread[");
		}));
	}

	@Test
	void simpleAsyncTaskExecutorGivesOneTaskPerVirtualThread() throws InterruptedException {
		assertThat(ExecutorProxies.isInstrumented(this.simpleExecutor)).isTrue();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		CountDownLatch done = new CountDownLatch(TASKS);
		for (int i = 0; i < TASKS; i++) {
			this.simpleExecutor.execute(() -> {
				threads.add(Thread.currentThread());
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertOneTaskPerVirtualThread(threads,
				"VirtualThreadsTests.simpleAsyncTaskExecutorGivesOneTaskPerVirtualThread", "simpleExecutor");
	}

	@Test
	void virtualThreadPerTaskExecutorGivesOneTaskPerVirtualThread() throws Exception {
		assertThat(ExecutorProxies.isInstrumented(this.virtualExecutor)).isTrue();
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		List<CompletableFuture<Void>> futures = new java.util.ArrayList<>();
		for (int i = 0; i < TASKS; i++) {
			futures.add(CompletableFuture.runAsync(() -> threads.add(Thread.currentThread()), this.virtualExecutor));
		}
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertOneTaskPerVirtualThread(threads,
				"VirtualThreadsTests.virtualThreadPerTaskExecutorGivesOneTaskPerVirtualThread", "virtualExecutor");
	}

	@Test
	void aVirtualThreadThatParksIsCountedAsBusy() throws Exception {
		// The console measures a poll as the wall time its scope is open, as it does on a
		// platform thread: it cannot see a virtual thread unmount while it parks.
		this.virtualExecutor.submit(Parker::park).get(10, TimeUnit.SECONDS);
		await().untilAsserted(
				() -> assertThat(tasks("VirtualThreadsTests.aVirtualThreadThatParksIsCountedAsBusy", "virtualExecutor"))
					.singleElement()
					.satisfies((task) -> {
						assertThat(task.state()).isEqualTo(TaskState.DONE);
						assertThat(task.polls()).isEqualTo(1);
						assertThat(task.busyNanos()).isGreaterThanOrEqualTo(Parker.PARKED.toNanos());
						assertThat(task.idleNanos()).isLessThan(Parker.PARKED.toNanos() / 2);
					}));
	}

	private void assertOneTaskPerVirtualThread(Set<Thread> threads, String name, String executor) {
		assertThat(threads).hasSize(TASKS)
			.allSatisfy((thread) -> assertThat(thread.getClass().getName()).isEqualTo("java.lang.VirtualThread"));
		await().untilAsserted(() -> {
			List<TaskView> tasks = tasks(name, executor);
			assertThat(tasks).hasSize(TASKS).allSatisfy((task) -> {
				assertThat(task.state()).isEqualTo(TaskState.DONE);
				assertThat(task.kind()).isEqualTo("executor");
				assertThat(task.polls()).isEqualTo(1);
				assertThat(task.thread()).matches(ON_A_CARRIER);
			});
			assertThat(tasks.stream().map(TaskView::thread).distinct()).hasSize(TASKS);
		});
	}

	private List<TaskView> tasks(String name, String executor) {
		ConsoleLayer console = this.layers.console();
		assertThat(console).isNotNull();
		return console.snapshot(TaskQuery.parse(null, name, executor, null, null, "1000")).tasks();
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		Work work() {
			return new Work();
		}

		@Bean
		SimpleAsyncTaskExecutor simpleExecutor() {
			SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("simple-");
			executor.setVirtualThreads(true);
			return executor;
		}

		@Bean(destroyMethod = "shutdown")
		ExecutorService virtualExecutor() throws ReflectiveOperationException {
			// Executors.newVirtualThreadPerTaskExecutor(), which Java 17 does not
			// compile.
			return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
		}

	}

	static class Work {

		@Async("applicationTaskExecutor")
		public CompletableFuture<String> where() {
			return CompletableFuture.completedFuture(Thread.currentThread().toString());
		}

	}

	static final class Parker {

		static final Duration PARKED = Duration.ofMillis(200);

		private Parker() {
		}

		static Void park() throws InterruptedException {
			Thread.sleep(PARKED.toMillis());
			return null;
		}

	}

}
