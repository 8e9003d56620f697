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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.TaskMeters;
import dev.tracetools.tasks.TaskQuery;
import dev.tracetools.tasks.TaskState;
import dev.tracetools.tasks.TaskView;
import dev.tracetools.tasks.TaskWarning;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ConsoleAutoConfiguration}.
 *
 * @author trace-tools
 */
class ConsoleAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				ConsoleAutoConfiguration.class));

	@Test
	void consoleLayerIsBuiltWithItsProperties() {
		this.contextRunner
			.withPropertyValues("trace-tools.console.max-completed-tasks=5", "trace-tools.console.retention=10m",
					"trace-tools.console.warnings.long-poll.threshold=5ms",
					"trace-tools.console.warnings.stuck.enabled=false")
			.run((context) -> {
				ConsoleLayer layer = context.getBean(TraceToolsLayers.class).console();
				assertThat(layer).isNotNull();
				assertThat(layer.options().maxCompletedTasks()).isEqualTo(5);
				assertThat(layer.options().retention()).isEqualTo(Duration.ofMinutes(10));
				assertThat(layer.options().rule(TaskWarning.LONG_POLL).threshold())
					.isEqualTo(TimeUnit.MILLISECONDS.toNanos(5));
				assertThat(layer.options().rule(TaskWarning.STUCK).enabled()).isFalse();
				assertThat(layer.options().rule(TaskWarning.SCHEDULING_DELAY).threshold())
					.isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
				assertThat(context).doesNotHaveBean(TaskMeters.class);
			});
	}

	@Test
	void consoleCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("trace-tools.console.enabled=false")
			.run((context) -> assertThat(context.getBean(TraceToolsLayers.class).console()).isNull());
	}

	@Test
	void invalidPropertyFailsStartupNamingIt() {
		this.contextRunner.withPropertyValues("trace-tools.console.max-completed-tasks=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("trace-tools.console.max-completed-tasks must not be negative but was -1"));
		this.contextRunner.withPropertyValues("trace-tools.console.warnings.failed.threshold=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("trace-tools.console.warnings.failed.threshold must be positive but was 0"));
	}

	@Test
	void taskMetersAreBoundWhenAMeterRegistryExists() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(TaskMeters.class));
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues("trace-tools.console.meters=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskMeters.class));
	}

	@Test
	void asyncMethodWhoseFutureCompletesLaterHoldsItsThreadBlockedAndBusy() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withUserConfiguration(AsyncConfiguration.class)
			.run((context) -> {
				AsyncService service = context.getBean(AsyncService.class);
				CompletableFuture<String> pending = new CompletableFuture<>();
				long submitted = System.nanoTime();
				CompletableFuture<String> result = service.later(pending);
				ConsoleLayer layer = context.getBean(TraceToolsLayers.class).console();
				// Spring's interceptor waits for the method's future on the pool thread.
				await().until(() -> !layer.snapshot(TaskQuery.all()).tasks().isEmpty()
						&& only(layer).state() == TaskState.BLOCKED);
				await().until(() -> only(layer).blockedNanos() >= TimeUnit.MILLISECONDS.toNanos(70));
				TaskView waiting = only(layer);
				assertThat(waiting.kind()).isEqualTo("async");
				assertThat(waiting.name()).isEqualTo("AsyncService.later");
				assertThat(waiting.polls()).isEqualTo(1);
				assertThat(waiting.state()).isEqualTo(TaskState.BLOCKED);
				assertThat(waiting.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(70));
				Thread completer = new Thread(() -> pending.complete("done"), "completer");
				completer.start();
				assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
				completer.join();
				await().until(() -> only(layer).state() == TaskState.DONE);
				TaskView done = only(layer);
				assertThat(done.polls()).isEqualTo(1);
				assertThat(done.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(70));
				assertThat(done.busyNanos()).isGreaterThanOrEqualTo(done.blockedNanos());
				assertThat(done.idleNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
				assertThat(done.busyNanos() + done.scheduledNanos() + done.idleNanos()).isEqualTo(done.totalNanos());
			});
	}

	private static TaskView only(ConsoleLayer layer) {
		return layer.snapshot(TaskQuery.parse(null, "AsyncService", null, null, null, null)).tasks().get(0);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync
	static class AsyncConfiguration {

		@Bean
		AsyncService asyncService() {
			return new AsyncService();
		}

	}

	static class AsyncService {

		@Async
		CompletableFuture<String> later(CompletableFuture<String> pending) {
			return pending;
		}

	}

}
