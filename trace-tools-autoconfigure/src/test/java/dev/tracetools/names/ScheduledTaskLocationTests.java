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

package dev.tracetools.names;

import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.TraceToolsLayers;
import dev.tracetools.autoconfigure.ConsoleAutoConfiguration;
import dev.tracetools.autoconfigure.TraceToolsAutoConfiguration;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.ConsoleSnapshot;
import dev.tracetools.tasks.ExecutorView;
import dev.tracetools.tasks.TaskQuery;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ScheduledTasksObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @Scheduled} method's task is named and located as an {@code @Async} method is:
 * {@code SimpleClass.method} at the first line of the method's code; the executors list
 * shows no {@code scheduler} that is no bean.
 */
class ScheduledTaskLocationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				TaskSchedulingAutoConfiguration.class, ScheduledTasksObservationAutoConfiguration.class,
				TraceToolsAutoConfiguration.class, ConsoleAutoConfiguration.class))
		.withUserConfiguration(ScheduledMethodConfiguration.class);

	@Test
	void scheduledTaskHasTheMethodsLocation() {
		this.contextRunner.run((context) -> {
			ConsoleLayer console = context.getBean(TraceToolsLayers.class).console();
			Reports reports = context.getBean(Reports.class);
			await().untilAsserted(() -> assertThat(console.snapshot(TaskQuery.all()).tasks()).anySatisfy((task) -> {
				assertThat(task.name()).isEqualTo("Reports.write");
				assertThat(task.kind()).isEqualTo("scheduled");
				assertThat(task.location()).isEqualTo("ScheduledTaskLocationTests.java:" + reports.firstLine.get());
			}));
		});
	}

	@Test
	void executorsListHasNoSchedulerThatIsNoBean() {
		this.contextRunner.run((context) -> {
			ConsoleLayer console = context.getBean(TraceToolsLayers.class).console();
			await().until(() -> !console.snapshot(TaskQuery.all()).tasks().isEmpty());
			ConsoleSnapshot snapshot = console.snapshot(TaskQuery.all());
			assertThat(snapshot.tasks()).allSatisfy((task) -> assertThat(task.executor()).isEqualTo("scheduler"));
			assertThat(snapshot.executors()).extracting(ExecutorView::name)
				.doesNotContain("scheduler")
				.allSatisfy((name) -> assertThat(context.containsBean(name)).isTrue());
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ScheduledMethodConfiguration {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		final AtomicInteger firstLine = new AtomicInteger();

		@Scheduled(fixedDelay = 20)
		void write() {
			this.firstLine.set(callersLine());
		}

		private static int callersLine() {
			return StackWalker.getInstance().walk((frames) -> frames.skip(1).findFirst().orElseThrow()).getLineNumber();
		}

	}

}
