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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
import org.springframework.boot.json.JsonParserFactory;
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
 * The logging layer in a Spring Boot application with structured (ECS) console output,
 * {@code @Async} tasks on Boot's {@code applicationTaskExecutor} and
 * {@code trace-tools.logging.span-events=close}.
 *
 * @author trace-tools
 */
@SpringBootTest(classes = LoggingLayerIntegrationTests.TestApplication.class,
		properties = { "spring.main.web-application-type=none", "logging.structured.format.console=ecs",
				"trace-tools.logging.span-events=close" })
@ExtendWith(OutputCaptureExtension.class)
class LoggingLayerIntegrationTests {

	private static final Pattern CLOSE_LINE = Pattern
		.compile("close time\\.busy=([0-9.]+)(ns|µs|ms|s) time\\.scheduled=\\S+ time\\.idle=([0-9.]+)(ns|µs|ms|s)"
				+ " time\\.blocked=([0-9.]+)(ns|µs|ms|s)");

	private static final Logger logger = LoggerFactory.getLogger(LoggingLayerIntegrationTests.class);

	@Autowired
	private Jobs jobs;

	@Autowired
	private EventRecorder recorder;

	@Autowired
	private ConfigurableEnvironment environment;

	@Autowired
	private LogbackSpanEventBridge bridge;

	@BeforeEach
	void initializeLogging() {
		LoggingSystems.reinitialize(this.environment);
	}

	@AfterAll
	static void restoreDefaultLogging() {
		LoggingSystems.reinitialize(new StandardEnvironment());
	}

	@Test
	void logLineInsideAnAsyncTaskIsAnEventOfItsSpanAndCarriesItsFieldsInJson(CapturedOutput output) throws Exception {
		this.jobs.crunch("batch-7").get(5, TimeUnit.SECONDS);
		TaskContext task = this.recorder.task("Jobs.crunch", "crunching batch-7");
		assertThat(this.recorder.events(task)).contains("INFO " + Jobs.class.getName() + ": crunching batch-7");
		String line = LoggingSystems.eventually(() -> jsonLine(output, "crunching batch-7"), (found) -> found != null);
		// ECS nests dotted keys:
		// {"tracetools":{"task":{"id":"1"},"observed":{"name":...},...}}
		assertThat(field(line, "tracetools", "task", "id")).isEqualTo(Long.toString(task.getId()));
		assertThat(field(line, "tracetools", "observed", "name")).isEqualTo("Jobs.crunch");
		assertThat(field(line, "tracetools", "loc")).asString().matches("LoggingLayerIntegrationTests.java:[0-9]+");
		assertThat(field(line, "message")).isEqualTo("crunching batch-7");
	}

	@Test
	void nothingIsAddedOutsideAnySpan(CapturedOutput output) throws Exception {
		logger.info("written outside any span");
		String line = LoggingSystems.eventually(() -> jsonLine(output, "written outside any span"),
				(found) -> found != null);
		assertThat(field(line, "tracetools")).isNull();
		assertThat(this.recorder.allEvents()).noneMatch((event) -> event.contains("written outside any span"));
	}

	@Test
	void closeLineReportsTheWaitForItsFutureAsBlockedAndBusyNotIdle(CapturedOutput output) throws Exception {
		// The first call loads classes inside the body: measure a warm one.
		this.jobs.spinThenComplete(0, 0).get(5, TimeUnit.SECONDS);
		TaskContext warmUp = this.recorder.stoppedTask("Jobs.spinThenComplete", -1);
		long started = System.nanoTime();
		assertThat(this.jobs.spinThenComplete(20, 50).get(5, TimeUnit.SECONDS)).isEqualTo("done");
		long elapsed = System.nanoTime() - started;
		TaskContext task = this.recorder.stoppedTask("Jobs.spinThenComplete", warmUp.getId());
		List<String> closeLines = LoggingSystems.eventually(
				() -> output.getOut().lines().filter((line) -> line.contains("task.id=" + task.getId() + "}")).toList(),
				(lines) -> !lines.isEmpty());
		assertThat(closeLines).hasSize(1);
		Matcher matcher = CLOSE_LINE.matcher(closeLines.get(0));
		assertThat(matcher.find()).isTrue();
		long busy = nanos(matcher.group(1), matcher.group(2));
		long idle = nanos(matcher.group(3), matcher.group(4));
		long blocked = nanos(matcher.group(5), matcher.group(6));
		// Spring's interceptor holds the pool thread on the future for its 50 ms: that
		// wait is blocked time, part of busy (the thread is not free), not idle.
		assertThat(blocked).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
		assertThat(busy).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20) + blocked);
		// Not the 50 ms wait; half of it allows for a pause of a loaded machine's JVM.
		assertThat(idle).isLessThan(TimeUnit.MILLISECONDS.toNanos(25));
		assertThat(field(closeLines.get(0), "log", "logger")).isEqualTo(LoggingLayer.SPAN_LOGGER);
		assertThat(field(closeLines.get(0), "tracetools", "task", "id")).isEqualTo(Long.toString(task.getId()));
	}

	@Test
	void bridgeKeepsWorkingOnceAfterSpringBootReinitializesLogging(CapturedOutput output) throws Exception {
		LoggingSystems.reinitialize(this.environment);
		this.jobs.crunch("after reinitialization").get(5, TimeUnit.SECONDS);
		TaskContext task = this.recorder.task("Jobs.crunch", "crunching after reinitialization");
		assertThat(this.recorder.events(task)).isNotEmpty();
		assertThat(this.bridge.attachedAppenders()).isOne();
		String line = LoggingSystems.eventually(() -> jsonLine(output, "crunching after reinitialization"),
				(found) -> found != null);
		assertThat(field(line, "tracetools", "task", "id")).isEqualTo(Long.toString(task.getId()));
	}

	private static @Nullable Object field(String jsonLine, String... path) {
		Object value = JsonParserFactory.getJsonParser().parseMap(jsonLine);
		for (String key : path) {
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			value = map.get(key);
		}
		return value;
	}

	private static @Nullable String jsonLine(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).findFirst().orElse(null);
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		EventRecorder eventRecorder() {
			return new EventRecorder();
		}

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		private static final Logger logger = LoggerFactory.getLogger(Jobs.class);

		@Async
		public CompletableFuture<String> crunch(String batch) {
			logger.info("crunching {}", batch);
			return CompletableFuture.completedFuture(batch);
		}

		@Async
		public CompletableFuture<String> spinThenComplete(long spinMillis, long completeAfterMillis) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spinMillis);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			CompletableFuture<String> result = new CompletableFuture<>();
			CompletableFuture.delayedExecutor(completeAfterMillis, TimeUnit.MILLISECONDS)
				.execute(() -> result.complete("done"));
			return result;
		}

	}

	/**
	 * Records the events of every observation and the task contexts that stopped.
	 */
	static class EventRecorder implements ObservationHandler<Observation.Context> {

		private final Map<Observation.Context, List<String>> events = new ConcurrentHashMap<>();

		private final List<TaskContext> stopped = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			this.events.computeIfAbsent(context, (key) -> new CopyOnWriteArrayList<>())
				.add(event.getName() + "|" + event.getContextualName());
		}

		@Override
		public void onStop(Observation.Context context) {
			if (context instanceof TaskContext task) {
				this.stopped.add(task);
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

		List<String> events(Observation.Context context) {
			return this.events.getOrDefault(context, List.of())
				.stream()
				.map((event) -> event.substring(event.indexOf('|') + 1))
				.toList();
		}

		List<String> allEvents() {
			return this.events.values().stream().flatMap(List::stream).toList();
		}

		TaskContext stoppedTask(String observedName, long after) {
			return await().until(() -> this.stopped.stream()
				.filter((task) -> observedName.equals(task.getObservedName()) && task.getId() > after)
				.findFirst()
				.orElse(null), (task) -> task != null);
		}

		TaskContext task(String observedName, String eventText) {
			return await().until(() -> this.stopped.stream()
				.filter((task) -> observedName.equals(task.getObservedName()))
				.filter((task) -> events(task).stream().anyMatch((event) -> event.endsWith(eventText)))
				.findFirst()
				.orElse(null), (task) -> task != null);
		}

	}

	private static long nanos(String value, String unit) {
		double factor = switch (unit) {
			case "ns" -> 1;
			case "µs" -> 1e3;
			case "ms" -> 1e6;
			default -> 1e9;
		};
		return (long) (Double.parseDouble(value) * factor);
	}

}
