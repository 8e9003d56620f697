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

package dev.tracetools.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.Future;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ConcurrentTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of executor bean is instrumented, and Spring's own scheduled-task
 * observation is not duplicated.
 */
@ExtendWith(OutputCaptureExtension.class)
class ExecutorKindsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
				ScheduledTasksObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class))
		.withBean(RecordingObservationHandler.class);

	@Test
	void bootApplicationTaskExecutorIsInstrumented() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "applicationTaskExecutor",
					"executor");
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadApplicationTaskExecutorIsInstrumented() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			SimpleAsyncTaskExecutor executor = context.getBean("applicationTaskExecutor",
					SimpleAsyncTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "applicationTaskExecutor",
					"executor");
		});
	}

	@Test
	void simpleAsyncTaskExecutorBeanIsInstrumented() {
		this.contextRunner.withBean("simpleExecutor", SimpleAsyncTaskExecutor.class).run((context) -> {
			SimpleAsyncTaskExecutor executor = context.getBean(SimpleAsyncTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "simpleExecutor", "executor");
		});
	}

	@Test
	void threadPoolTaskSchedulerOneShotTaskIsAScheduledTask() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			assertThat(ExecutorProxies.isInstrumented(scheduler)).isTrue();
			CountDownLatch ran = new CountDownLatch(1);
			scheduler.schedule(ran::countDown, Instant.now().plusMillis(20));
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "userScheduler", "scheduled");
		});
	}

	@Test
	void periodicTaskIsOneSpanStoppedWhenCancelled() {
		this.contextRunner.withUserConfiguration(SchedulerConfiguration.class).run((context) -> {
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskScheduler.class);
			CountDownLatch runs = new CountDownLatch(3);
			ScheduledFuture<?> future = scheduler.scheduleAtFixedRate(runs::countDown, Duration.ofMillis(10));
			assertThat(runs.await(5, TimeUnit.SECONDS)).isTrue();
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			assertThat(recorder.started(SpanKeys.TASK_OBSERVATION)).hasSize(1);
			assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).isEmpty();
			future.cancel(false);
			// Cancelled while a run is in progress, the span stops when that run ends.
			await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).singleElement()
				.satisfies((task) -> assertThat(value(task, SpanKeys.OUTCOME)).isEqualTo("CANCELLED")));
		});
	}

	@Test
	void scheduledExecutorServiceBeanKeepsItsClass() {
		this.contextRunner.withUserConfiguration(ScheduledExecutorServiceConfiguration.class).run((context) -> {
			ScheduledThreadPoolExecutor executor = context.getBean(ScheduledThreadPoolExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.schedule(() -> "done", 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "scheduledPool", "scheduled");
		});
	}

	@Test
	void finalExecutorClassIsInstrumentedThroughItsInterfaces() {
		this.contextRunner
			.withBean("singleThread", ScheduledExecutorService.class, Executors::newSingleThreadScheduledExecutor)
			.run((context) -> {
				ScheduledExecutorService executor = context.getBean(ScheduledExecutorService.class);
				assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
				executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
				assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "singleThread", "executor");
				executor.shutdown();
			});
	}

	@Test
	void forkJoinPoolBeanKeepsItsTypesAndResults() {
		this.contextRunner.withUserConfiguration(ForkJoinPoolConfiguration.class).run((context) -> {
			ForkJoinPool pool = context.getBean(ForkJoinPool.class);
			assertThat(ExecutorProxies.isInstrumented(pool)).isTrue();
			ForkJoinTask<Integer> callable = pool.submit(() -> 42);
			assertThat(callable.get(5, TimeUnit.SECONDS)).isEqualTo(42);
			ForkJoinTask<?> runnable = pool.submit(() -> {
			});
			assertThat(runnable.get(5, TimeUnit.SECONDS)).isNull();
			ForkJoinTask<String> withResult = pool.submit(() -> {
			}, "done");
			assertThat(withResult.get(5, TimeUnit.SECONDS)).isEqualTo("done");
			CountDownLatch executed = new CountDownLatch(1);
			pool.execute(executed::countDown);
			assertThat(executed.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(CompletableFuture.supplyAsync(() -> 7, pool).get(5, TimeUnit.SECONDS)).isEqualTo(7);
			// ForkJoinTasks, forking inside the pool, pass through untouched.
			Fibonacci submitted = new Fibonacci(10);
			assertThat(pool.submit(submitted)).isSameAs(submitted);
			assertThat(submitted.get(5, TimeUnit.SECONDS)).isEqualTo(55);
			assertThat(pool.invoke(new Fibonacci(12))).isEqualTo(144);
			Fibonacci executedTask = new Fibonacci(8);
			pool.execute(executedTask);
			assertThat(executedTask.get(5, TimeUnit.SECONDS)).isEqualTo(21);
			ForkJoinTask<?> adapted = ForkJoinTask.adapt(() -> {
			});
			assertThat(pool.submit(adapted)).isSameAs(adapted);
			assertThat(adapted.get(5, TimeUnit.SECONDS)).isNull();
			List<Callable<Integer>> callables = List.of(() -> 1, () -> 2);
			assertThat(pool.invokeAll(callables)).extracting(Future::get).containsExactly(1, 2);
			assertThat(pool.invokeAny(List.<Callable<Integer>>of(() -> 3))).isEqualTo(3);
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			await().untilAsserted(
					() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).hasSize(5).allSatisfy((task) -> {
						assertThat(value(task, SpanKeys.EXECUTOR_NAME)).isEqualTo("forkJoinPool");
						assertThat(value(task, SpanKeys.OUTCOME)).isEqualTo("SUCCESS");
					}));
		});
	}

	@Test
	void forkJoinPoolTaskThatThrowsOrIsCancelledIsRecorded() {
		this.contextRunner.withUserConfiguration(ForkJoinPoolConfiguration.class).run((context) -> {
			ForkJoinPool pool = context.getBean(ForkJoinPool.class);
			ForkJoinTask<Object> failing = pool.submit(() -> {
				throw new IllegalStateException("boom");
			});
			assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> failing.get(5, TimeUnit.SECONDS))
				.withRootCauseInstanceOf(IllegalStateException.class);
			// Both workers busy, so that the next task stays queued.
			CountDownLatch busy = new CountDownLatch(2);
			CountDownLatch release = new CountDownLatch(1);
			for (int i = 0; i < 2; i++) {
				pool.execute(() -> {
					busy.countDown();
					block(release);
				});
			}
			assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
			ForkJoinTask<String> queued = pool.submit(() -> "never");
			assertThat(queued.cancel(false)).isTrue();
			release.countDown();
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION))
				.extracting((task) -> value(task, SpanKeys.OUTCOME))
				.containsExactlyInAnyOrder("ERROR", "SUCCESS", "SUCCESS", "CANCELLED"));
			assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION))
				.anySatisfy((task) -> assertThat(task.getError()).hasMessage("boom"));
		});
	}

	@Test
	void scheduledThreadPoolExecutorBeanKeepsItsTypesAndResults() {
		this.contextRunner.withUserConfiguration(ScheduledExecutorServiceConfiguration.class).run((context) -> {
			ScheduledThreadPoolExecutor executor = context.getBean(ScheduledThreadPoolExecutor.class);
			Future<String> submitted = executor.submit(() -> "submitted");
			assertThat(submitted).isInstanceOf(ScheduledFuture.class);
			assertThat(submitted.get(5, TimeUnit.SECONDS)).isEqualTo("submitted");
			assertThat(executor.invokeAll(List.<Callable<String>>of(() -> "a", () -> "b"))).extracting(Future::get)
				.containsExactly("a", "b");
			assertThat(executor.invokeAny(List.<Callable<String>>of(() -> "any"))).isEqualTo("any");
			assertThat(executor.getCorePoolSize()).isEqualTo(1);
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "scheduledPool", "executor");
		});
	}

	@Test
	void simpleAsyncTaskSchedulerBeanKeepsItsTypeAndSettings() {
		this.contextRunner.withUserConfiguration(SimpleAsyncTaskSchedulerConfiguration.class).run((context) -> {
			SimpleAsyncTaskScheduler scheduler = context.getBean(SimpleAsyncTaskScheduler.class);
			assertThat(ExecutorProxies.isInstrumented(scheduler)).isTrue();
			// Final getters run on the proxy instance: they answer as the bean does.
			assertThat(scheduler.getConcurrencyLimit()).isEqualTo(4);
			assertThat(scheduler.isThrottleActive()).isTrue();
			CountDownLatch ran = new CountDownLatch(1);
			scheduler.schedule(ran::countDown, Instant.now().plusMillis(10));
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(scheduler.submit(() -> "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			assertTaskRecorded(recorder, "simpleScheduler", "scheduled");
			assertTaskRecorded(recorder, "simpleScheduler", "executor");
		});
	}

	@Test
	void concurrentTaskExecutorWrappingAnUnmanagedPoolIsInstrumented() {
		this.contextRunner.withUserConfiguration(ConcurrentTaskExecutorConfiguration.class).run((context) -> {
			ConcurrentTaskExecutor executor = context.getBean(ConcurrentTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			assertThat(executor.getConcurrentExecutor()).isInstanceOf(ThreadPoolExecutor.class);
			assertThat(executor.submit(() -> "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
			assertTaskRecorded(context.getBean(RecordingObservationHandler.class), "concurrentExecutor", "executor");
		});
	}

	@Test
	void concurrentTaskExecutorWrappingAPoolBeanIsLeftAloneWithOneInfoLine(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(ConcurrentTaskExecutorOfBeanConfiguration.class).run((context) -> {
			ConcurrentTaskExecutor executor = context.getBean(ConcurrentTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isFalse();
			assertThat(executor.submit(() -> "done").get(5, TimeUnit.SECONDS)).isEqualTo("done");
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			// One span, from the pool it wraps.
			await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).singleElement()
				.satisfies((task) -> assertThat(value(task, SpanKeys.EXECUTOR_NAME)).isEqualTo("pool")));
			assertThat(output).containsOnlyOnce("Executor bean 'concurrentExecutor'")
				.contains("its tasks are observed by the executor bean it wraps");
		});
	}

	@Test
	void executorOfAFinalClassInjectedByItsClassIsLeftAloneWithOneInfoLine(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(FinalExecutorConfiguration.class).run((context) -> {
			FinalExecutor executor = context.getBean(FinalExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isFalse();
			CountDownLatch ran = new CountDownLatch(1);
			executor.execute(ran::countDown);
			assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
			assertThat(output).containsOnlyOnce("Executor bean 'finalExecutor'")
				.contains("declare the bean as an interface");
		});
	}

	@Test
	void executorOfAFinalClassDeclaredAsAnInterfaceIsInstrumented() {
		this.contextRunner.withBean("finalExecutor", Executor.class, FinalExecutor::new).run((context) -> {
			Executor executor = context.getBean(Executor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.execute(() -> {
			});
			await().untilAsserted(() -> assertThat(
					context.getBean(RecordingObservationHandler.class).stopped(SpanKeys.TASK_OBSERVATION))
				.singleElement()
				.satisfies((task) -> assertThat(value(task, SpanKeys.EXECUTOR_NAME)).isEqualTo("finalExecutor")));
		});
	}

	@Test
	void scheduledMethodIsObservedOnceBySpring() {
		this.contextRunner.withUserConfiguration(ScheduledMethodConfiguration.class).run((context) -> {
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			await().until(() -> !recorder.stopped(SpanKeys.SCHEDULED_OBSERVATION).isEmpty());
			assertThat(recorder.started(SpanKeys.TASK_OBSERVATION)).isEmpty();
		});
	}

	@Test
	void bootExecutorMetricsStillBind() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class);
				assertThat(meters.find("executor.pool.size").tag("name", "applicationTaskExecutor").gauge())
					.isNotNull();
			});
	}

	private static void assertTaskRecorded(RecordingObservationHandler recorder, String executor, String kind) {
		await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((task) -> {
			assertThat(value(task, SpanKeys.EXECUTOR_NAME)).isEqualTo(executor);
			assertThat(value(task, SpanKeys.TASK_KIND)).isEqualTo(kind);
			assertThat(value(task, SpanKeys.OUTCOME)).isEqualTo("SUCCESS");
			assertThat(value(task, SpanKeys.LOC_FILE)).isEqualTo("ExecutorKindsAutoConfigurationTests.java");
		}));
	}

	@Configuration(proxyBeanMethods = false)
	static class SchedulerConfiguration {

		@Bean
		ThreadPoolTaskScheduler userScheduler() {
			ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
			scheduler.setPoolSize(2);
			return scheduler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScheduledExecutorServiceConfiguration {

		@Bean(destroyMethod = "shutdown")
		ScheduledThreadPoolExecutor scheduledPool() {
			return new ScheduledThreadPoolExecutor(1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForkJoinPoolConfiguration {

		@Bean(destroyMethod = "shutdown")
		ForkJoinPool forkJoinPool() {
			return new ForkJoinPool(2);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SimpleAsyncTaskSchedulerConfiguration {

		@Bean
		SimpleAsyncTaskScheduler simpleScheduler() {
			SimpleAsyncTaskScheduler scheduler = new SimpleAsyncTaskScheduler();
			scheduler.setConcurrencyLimit(4);
			return scheduler;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentTaskExecutorConfiguration {

		@Bean
		ConcurrentTaskExecutor concurrentExecutor() {
			return new ConcurrentTaskExecutor(Executors.newFixedThreadPool(1, (task) -> {
				Thread thread = new Thread(task);
				thread.setDaemon(true);
				return thread;
			}));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConcurrentTaskExecutorOfBeanConfiguration {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolExecutor pool() {
			return (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
		}

		@Bean
		ConcurrentTaskExecutor concurrentExecutor(ThreadPoolExecutor pool) {
			return new ConcurrentTaskExecutor(pool);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalExecutorConfiguration {

		@Bean
		FinalExecutor finalExecutor() {
			return new FinalExecutor();
		}

	}

	static final class FinalExecutor implements Executor {

		@Override
		public void execute(Runnable command) {
			new Thread(command).start();
		}

	}

	static class Fibonacci extends RecursiveTask<Integer> {

		private final int n;

		Fibonacci(int n) {
			this.n = n;
		}

		@Override
		protected Integer compute() {
			if (this.n < 2) {
				return this.n;
			}
			Fibonacci first = new Fibonacci(this.n - 1);
			first.fork();
			return new Fibonacci(this.n - 2).compute() + first.join();
		}

	}

	private static void block(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ScheduledMethodConfiguration {

		@Bean
		Job job() {
			return new Job();
		}

	}

	static class Job {

		@Scheduled(fixedDelay = 20)
		void run() {
		}

	}

}
