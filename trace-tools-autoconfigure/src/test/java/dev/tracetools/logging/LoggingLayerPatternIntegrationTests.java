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

package dev.tracetools.logging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tracetools.executor.TaskContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The logging layer with Spring Boot's default text pattern, the task fields added to its
 * correlation part, and every span lifecycle line
 * ({@code trace-tools.logging.span-events=full}).
 *
 * @author trace-tools
 */
@SpringBootTest(classes = LoggingLayerPatternIntegrationTests.TestApplication.class, properties = {
		"spring.main.web-application-type=none", "trace-tools.logging.span-events=full",
		"logging.pattern.correlation=[%X{tracetools.task.id:-} %X{tracetools.observed.name:-} %X{tracetools.loc:-}] " })
@ExtendWith(OutputCaptureExtension.class)
class LoggingLayerPatternIntegrationTests {

	@Autowired
	private Orders orders;

	@Autowired
	private StoppedTasks stoppedTasks;

	@Autowired
	private ConfigurableEnvironment environment;

	@BeforeEach
	void initializeLogging() {
		LoggingSystems.reinitialize(this.environment);
	}

	@AfterAll
	static void restoreDefaultLogging() {
		LoggingSystems.reinitialize(new StandardEnvironment());
	}

	@Test
	void textLinesCarryTheTaskFieldsAndTheTaskHasOneLifecycleLineEach(CapturedOutput output) throws Exception {
		assertThat(this.orders.ship(43).get(5, TimeUnit.SECONDS)).isEqualTo("shipped");
		TaskContext task = await().until(this.stoppedTasks::last, (found) -> found != null);
		String fields = "[" + task.getId() + " Orders.ship LoggingLayerPatternIntegrationTests.java:";
		List<String> lifecycle = LoggingSystems.eventually(() -> lifecycleLines(output, task),
				(lines) -> lines.stream().anyMatch((line) -> line.contains("}: close ")));
		assertThat(lifecycle).map((line) -> line.substring(line.indexOf("}: ") + 3).split(" ")[0])
			.containsExactly("new", "enter", "exit", "close");
		assertThat(lifecycle).allSatisfy((line) -> assertThat(line).contains(fields));
		assertThat(output.getOut().lines().filter((line) -> line.endsWith(": packing order 43"))).singleElement()
			.satisfies((line) -> assertThat(line).contains(fields));
		// The completion callback runs on the JDK's delayed executor: outside the span.
		assertThat(output.getOut().lines().filter((line) -> line.endsWith(": carrier confirmed order 43")))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("[  ]"));
	}

	private static List<String> lifecycleLines(CapturedOutput output, TaskContext task) {
		return output.getOut()
			.lines()
			.filter((line) -> line.contains(" dev.tracetools.span ") && line.contains(" task.id=" + task.getId() + "}"))
			.toList();
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		StoppedTasks stoppedTasks() {
			return new StoppedTasks();
		}

	}

	static class Orders {

		private static final Logger logger = LoggerFactory.getLogger(Orders.class);

		@Async
		public CompletableFuture<String> ship(int order) {
			logger.info("packing order {}", order);
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			CompletableFuture<String> shipped = new CompletableFuture<>();
			CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> {
				logger.info("carrier confirmed order {}", order);
				shipped.complete("shipped");
			});
			return shipped;
		}

	}

	static class StoppedTasks implements ObservationHandler<Observation.Context> {

		private volatile @Nullable TaskContext last;

		@Override
		public void onStop(Observation.Context context) {
			if (context instanceof TaskContext task) {
				this.last = task;
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		@Nullable TaskContext last() {
			return this.last;
		}

	}

}
