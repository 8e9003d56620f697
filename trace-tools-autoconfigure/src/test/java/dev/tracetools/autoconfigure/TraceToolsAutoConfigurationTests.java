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

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsLayers;
import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.executor.TaskMeterObservationHandler;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TraceToolsAutoConfiguration}.
 */
class TraceToolsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class))
		.withBean(RecordingObservationHandler.class);

	@Test
	void userThreadPoolTaskExecutorIsInstrumentedAndInjectableByItsClass() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).singleElement()
				.satisfies((task) -> assertThat(RecordingObservationHandler.value(task, SpanKeys.EXECUTOR_NAME))
					.isEqualTo("userExecutor")));
		});
	}

	@Test
	void plainExecutorServiceIsInstrumentedAndInjectableByItsClass() {
		this.contextRunner.withUserConfiguration(ExecutorServiceConfiguration.class).run((context) -> {
			ThreadPoolExecutor executor = context.getBean(ThreadPoolExecutor.class);
			assertThat(ExecutorProxies.isInstrumented(executor)).isTrue();
			assertThat(executor.getCorePoolSize()).isEqualTo(2);
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			RecordingObservationHandler recorder = context.getBean(RecordingObservationHandler.class);
			await().untilAsserted(() -> assertThat(recorder.stopped(SpanKeys.TASK_OBSERVATION)).singleElement()
				.satisfies((task) -> assertThat(RecordingObservationHandler.value(task, SpanKeys.EXECUTOR_NAME))
					.isEqualTo("plainPool")));
		});
	}

	@Test
	void userTaskDecoratorStillRuns() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class).run((context) -> {
			ThreadPoolTaskExecutor executor = context.getBean("userExecutor", ThreadPoolTaskExecutor.class);
			executor.submit(() -> "done").get(5, TimeUnit.SECONDS);
			assertThat(context.getBean(AtomicInteger.class)).hasValue(1);
		});
	}

	@Test
	void excludedExecutorIsLeftAlone() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class)
			.withPropertyValues("trace-tools.executors.exclude=userExecutor")
			.run((context) -> assertThat(ExecutorProxies.isInstrumented(context.getBean("userExecutor"))).isFalse());
	}

	@Test
	void layersAreInstalledOnTheObservationRegistry() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TraceToolsLayers.class);
			assertThat(context.getBean(ObservationRegistry.class).isNoop()).isFalse();
		});
	}

	@Test
	void disabledTraceToolsLeavesNoBeanOfOurs() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class, ExecutorServiceConfiguration.class)
			.withPropertyValues("trace-tools.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(TraceToolsLayers.class)
					.doesNotHaveBean(TraceToolsProperties.class)
					.doesNotHaveBean(TraceToolsBuilderCustomizer.class);
				List<String> ours = List.of(context.getBeanDefinitionNames()).stream().filter((name) -> {
					Class<?> type = context.getType(name);
					return type != null && type.getName().startsWith("dev.tracetools.")
							&& !type.getName().startsWith("dev.tracetools.test.") && !type.getName().contains("Tests");
				}).toList();
				assertThat(ours).isEmpty();
				assertThat(context.getBeansOfType(BeanPostProcessor.class).values())
					.noneMatch((processor) -> processor.getClass().getName().startsWith("dev.tracetools."));
				assertThat(ExecutorProxies.isInstrumented(context.getBean("userExecutor"))).isFalse();
				assertThat(ExecutorProxies.isInstrumented(context.getBean("plainPool"))).isFalse();
			});
	}

	@Test
	void bootsMeterHandlerRecordsTaskMetersThroughTraceTools() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context.getBean(DefaultMeterObservationHandler.class))
					.isInstanceOf(TaskMeterObservationHandler.class);
				context.getBean("userExecutor", ThreadPoolTaskExecutor.class)
					.submit(() -> "done")
					.get(5, TimeUnit.SECONDS);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().untilAsserted(() -> assertThat(meters.find("tracetools.task")
					.tag("executor.name", "userExecutor")
					.tag("outcome", "SUCCESS")
					.tag("error", "none")
					.timer()).isNotNull().satisfies((timer) -> assertThat(timer.count()).isOne()));
				assertThat(meters.find("tracetools.task.active").tag("executor.name", "userExecutor").longTaskTimer())
					.isNotNull();
			});
	}

	@Test
	void ignoredLongTaskTimerStaysIgnoredForTasks() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("management.metrics.observations.ignored-meters=long-task-timer")
			.run((context) -> {
				context.getBean("userExecutor", ThreadPoolTaskExecutor.class)
					.submit(() -> "done")
					.get(5, TimeUnit.SECONDS);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().untilAsserted(() -> assertThat(meters.find("tracetools.task").timer()).isNotNull());
				assertThat(meters.find("tracetools.task.active").meters()).isEmpty();
			});
	}

	@Test
	void metricsMaxNamesBoundsTheNamesThatGetMeters() {
		this.contextRunner.withUserConfiguration(TaskExecutorConfiguration.class)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.withPropertyValues("trace-tools.metrics.max-names=1")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				Observation.createNotStarted("first", registry).observe(() -> {
				});
				TraceTools.with(registry).observe("second", () -> {
				}).run();
				TraceTools.with(registry).observe("third", () -> {
				}).run();
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.find("tracetools.observe").timers())
					.extracting((timer) -> timer.getId().getTag("observed.name"))
					.containsExactlyInAnyOrder("second", "other");
				assertThat(meters.find("first").timer()).isNotNull();
			});
	}

	@Test
	void metricsMaxNamesBelowOneFailsStartUpNamingIt() {
		this.contextRunner.withPropertyValues("trace-tools.metrics.max-names=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("trace-tools.metrics.max-names must be positive but was 0"));
	}

	@Test
	void applicationsMeterHandlerIsLeftAlone() {
		this.contextRunner.withUserConfiguration(MeterHandlerConfiguration.class)
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
			.run((context) -> {
				assertThat(context.getBean("applicationMeterObservationHandler"))
					.isExactlyInstanceOf(ApplicationMeterObservationHandler.class);
				assertThat(context.getBean("defaultMeterObservationHandler"))
					.isInstanceOf(TaskMeterObservationHandler.class);
			});
	}

	@Test
	void malformedPropertyFailsStartUpNamingIt() {
		this.contextRunner.withPropertyValues("trace-tools.executors.propagate-context=maybe")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("trace-tools.executors.propagate-context"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskExecutorConfiguration {

		@Bean
		AtomicInteger decorations() {
			return new AtomicInteger();
		}

		@Bean
		ThreadPoolTaskExecutor userExecutor(AtomicInteger decorations) {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			TaskDecorator decorator = (task) -> () -> {
				decorations.incrementAndGet();
				task.run();
			};
			executor.setTaskDecorator(decorator);
			return executor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExecutorServiceConfiguration {

		@Bean(destroyMethod = "shutdown")
		ThreadPoolExecutor plainPool() {
			return new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterHandlerConfiguration {

		@Bean
		DefaultMeterObservationHandler applicationMeterObservationHandler(MeterRegistry registry) {
			return new ApplicationMeterObservationHandler(registry);
		}

	}

	static class ApplicationMeterObservationHandler extends DefaultMeterObservationHandler {

		ApplicationMeterObservationHandler(MeterRegistry registry) {
			super(registry);
		}

	}

}
