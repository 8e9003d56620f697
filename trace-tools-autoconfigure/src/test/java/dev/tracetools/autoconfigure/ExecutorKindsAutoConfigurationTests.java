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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of executor bean is instrumented, and Spring's own scheduled-task
 * observation is not duplicated.
 */
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
