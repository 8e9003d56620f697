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

package dev.tracetools.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import dev.tracetools.observe.Durations;
import dev.tracetools.observe.Observe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every view of a finished task shows the same busy time, end to end: an application with
 * every layer and profiling on runs a task of each kind (executor task, one that throws,
 * one rejected, one cancelled while it runs, one cancelled before it runs, a periodic
 * task, an {@code @Async} method, one whose thread is blocked on its future, a
 * {@code @Scheduled} run), and over HTTP the console's busy time of each equals its
 * timeline span's, its box in the flamegraph (child spans included, to the microsecond
 * the folded format truncates to) and its {@code close} log line's.
 *
 * @author trace-tools
 */
// The profiler's stream is closed with the context, not left sampling the next classes.
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = TaskViewsWebIntegrationTests.TaskKindsApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=flamegraph,tasks,timeline",
				"trace-tools.profiling.enabled=true", "trace-tools.logging.span-events=close" })
class TaskViewsWebIntegrationTests {

	private static final Pattern CLOSE_LINE = Pattern
		.compile(" : ([\\w.$]+)\\{([^}]*)\\}: close time\\.busy=(\\S+) time\\.scheduled=(\\S+) time\\.idle=(\\S+)");

	private static final Pattern TASK_ID = Pattern.compile("\\btask\\.id=(\\d+)\\b");

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskKinds kinds;

	@Autowired
	private Reports reports;

	@Test
	void everyFinishedTaskHasTheSameTimesInTheConsoleTheTimelineTheFlamegraphAndItsCloseLine(CapturedOutput output)
			throws Exception {
		this.kinds.executorTask();
		this.kinds.failingTask();
		this.kinds.rejectedTask();
		this.kinds.cancelledWhileRunning();
		this.kinds.cancelledBeforeRunning();
		this.kinds.periodicTask();
		this.reports.asyncReport().get(10, TimeUnit.SECONDS);
		CompletableFuture<String> result = new CompletableFuture<>();
		CompletableFuture<String> blocked = this.reports.blockedReport(result);
		TaskKinds.spin(5);
		result.complete("done");
		blocked.get(10, TimeUnit.SECONDS);
		Map<String, Integer> expected = Map.of("TaskKinds.executorTask", 1, "TaskKinds.failingTask", 1,
				"TaskKinds.rejectedTask", 2, "TaskKinds.cancelledWhileRunning", 1, "TaskKinds.cancelledBeforeRunning",
				3, "TaskKinds.periodicTask", 1, "Reports.asyncReport", 1, "Reports.blockedReport", 1, "Reports.nightly",
				1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> expected.forEach((name, count) -> assertThat(finished(name)).hasSize(count)));
		// The @Scheduled run's log record carries its id and name, as a task's does.
		assertThat(output.getOut()).contains("[" + finished("Reports.nightly").get(0).get("id") + " Reports.nightly");
		assertThat(finished("TaskKinds.rejectedTask")).extracting((task) -> task.get("outcome"))
			.containsExactlyInAnyOrder("SUCCESS", "REJECTED");
		assertThat(finished("TaskKinds.periodicTask")).singleElement()
			.satisfies((task) -> assertThat(task.get("polls")).isEqualTo(3));
		List<String> closeKeys = new ArrayList<>();
		expected.keySet().forEach((name) -> finished(name).forEach((task) -> closeKeys.add(closeKey(name, task))));
		// A close line is written as the span stops, just after the console saw the task
		// end.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(closeLines(output.getOut())).containsKeys(closeKeys.toArray(String[]::new)));

		List<String> busyMode = get("/actuator/flamegraph?format=folded").lines().toList();
		List<String> scheduledMode = get("/actuator/flamegraph?format=folded&mode=scheduled").lines().toList();
		String timeline = get("/actuator/timeline");
		Map<String, List<String>> closeLines = closeLines(output.getOut());
		for (String name : expected.keySet()) {
			List<Map<String, Object>> tasks = finished(name);
			long busy = 0;
			long scheduled = 0;
			for (Map<String, Object> task : tasks) {
				long taskBusy = nanos(task, "busyNanos");
				busy += taskBusy;
				scheduled += nanos(task, "scheduledNanos");
				Map<String, Object> span = timelineSpan(timeline, name, task);
				assertThat(JsonPath.<List<Object>>read(span, "$.polls")).as("%s's polls", name)
					.hasSize(((Number) task.get("polls")).intValue());
				assertThat(List.of(micros(span, "busy"), micros(span, "scheduled"), micros(span, "idle"),
						micros(span, "total")))
					.as("%s's timeline span", name)
					.containsExactly(taskBusy, nanos(task, "scheduledNanos"), nanos(task, "idleNanos"),
							nanos(task, "totalNanos"));
				assertThat(closeLines.get(closeKey(name, task))).as("%s's close line", name)
					.containsExactly(Durations.format(taskBusy), Durations.format(nanos(task, "scheduledNanos")),
							Durations.format(nanos(task, "idleNanos")));
			}
			assertBox(busyMode, name, busy);
			assertBox(scheduledMode, name, scheduled);
		}
	}

	/**
	 * The sum of the folded lines of the task's box, the lines of the spans under it
	 * included, is the given time, to the microsecond each line truncates to.
	 */
	private static void assertBox(List<String> folded, String name, long nanos) {
		List<String> box = folded.stream()
			.filter((line) -> List.of(line.substring(0, line.lastIndexOf(' ')).split(";")).contains(name))
			.toList();
		long micros = box.stream().mapToLong((line) -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).sum();
		assertThat(micros).as("%s's box in %s", name, box).isBetween(nanos / 1000 - box.size(), nanos / 1000);
	}

	private List<Map<String, Object>> finished(String name) {
		List<Map<String, Object>> tasks = JsonPath.read(get("/actuator/tasks?state=done&name=" + name), "$.tasks");
		return tasks.stream().filter((task) -> name.equals(task.get("name"))).toList();
	}

	private static Map<String, Object> timelineSpan(String timeline, String name, Map<String, Object> task) {
		List<Map<String, Object>> spans = JsonPath.read(timeline, "$.spans[?(@.taskId == " + task.get("id") + ")]");
		assertThat(spans).as("%s's timeline span", name)
			.singleElement()
			.satisfies((span) -> assertThat(span.get("name")).isEqualTo(name));
		return spans.get(0);
	}

	private static String closeKey(String name, Map<String, Object> task) {
		return name + "#" + task.get("id");
	}

	private static Map<String, List<String>> closeLines(String output) {
		Map<String, List<String>> lines = new HashMap<>();
		Matcher matcher = CLOSE_LINE.matcher(output);
		while (matcher.find()) {
			Matcher id = TASK_ID.matcher(matcher.group(2));
			String key = matcher.group(1) + "#" + (id.find() ? id.group(1) : "");
			lines.put(key, List.of(matcher.group(3), matcher.group(4), matcher.group(5)));
		}
		return lines;
	}

	private static long nanos(Map<String, Object> task, String field) {
		return ((Number) task.get(field)).longValue();
	}

	private static long micros(Map<String, Object> span, String field) {
		return Math.round(((Number) span.get(field)).doubleValue() * 1000);
	}

	private String get(String path) {
		HttpResponse<String> response;
		try {
			response = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ TaskKinds.class, Reports.class, Scorer.class })
	static class TaskKindsApplication {

		@Bean
		ThreadPoolTaskExecutor workers() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setMaxPoolSize(2);
			executor.setThreadNamePrefix("workers-");
			return executor;
		}

		@Bean
		ThreadPoolTaskExecutor single() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(0);
			executor.setThreadNamePrefix("single-");
			return executor;
		}

	}

	/** Tasks of every kind, each named after the method that submits it. */
	static class TaskKinds {

		private final ThreadPoolTaskExecutor workers;

		private final ThreadPoolTaskExecutor single;

		private final TaskScheduler scheduler;

		private final Scorer scorer;

		TaskKinds(ThreadPoolTaskExecutor workers, ThreadPoolTaskExecutor single, TaskScheduler scheduler,
				Scorer scorer) {
			this.workers = workers;
			this.single = single;
			this.scheduler = scheduler;
			this.scorer = scorer;
		}

		void executorTask() throws Exception {
			this.workers.submit(() -> {
				spin(5);
				this.scorer.score();
			}).get(10, TimeUnit.SECONDS);
		}

		void failingTask() {
			this.workers.execute(() -> {
				spin(3);
				throw new IllegalStateException("failed on purpose");
			});
		}

		void rejectedTask() throws Exception {
			CountDownLatch release = new CountDownLatch(1);
			Future<?> holder = this.single.submit(() -> await(release));
			try {
				this.single.execute(() -> spin(1));
			}
			catch (RejectedExecutionException ex) {
				// Expected: the only thread is held and there is no queue.
			}
			release.countDown();
			holder.get(10, TimeUnit.SECONDS);
		}

		void cancelledWhileRunning() {
			CountDownLatch running = new CountDownLatch(1);
			Future<?> task = this.workers.submit(() -> {
				spin(3);
				running.countDown();
				await(new CountDownLatch(1));
			});
			await(running);
			task.cancel(true);
		}

		void cancelledBeforeRunning() throws Exception {
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch holding = new CountDownLatch(2);
			List<Future<?>> holders = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				holders.add(this.workers.submit(() -> {
					holding.countDown();
					await(release);
				}));
			}
			// Both threads are held: the task waits in the queue and is cancelled there.
			await(holding);
			this.workers.submit(() -> spin(1)).cancel(false);
			release.countDown();
			for (Future<?> holder : holders) {
				holder.get(10, TimeUnit.SECONDS);
			}
		}

		void periodicTask() throws Exception {
			AtomicInteger runs = new AtomicInteger();
			AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();
			CountDownLatch scheduled = new CountDownLatch(1);
			CountDownLatch done = new CountDownLatch(1);
			future.set(this.scheduler.scheduleAtFixedRate(() -> {
				await(scheduled);
				spin(2);
				if (runs.incrementAndGet() == 3) {
					future.get().cancel(false);
					done.countDown();
				}
			}, Duration.ofMillis(10)));
			scheduled.countDown();
			await(done);
		}

		static void spin(long millis) {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
			while (System.nanoTime() - end < 0) {
				Thread.onSpinWait();
			}
		}

		static void await(CountDownLatch latch) {
			try {
				latch.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** {@code @Async} methods and a {@code @Scheduled} one that runs once, at start. */
	static class Reports {

		private static final Logger logger = LoggerFactory.getLogger(Reports.class);

		private final Scorer scorer;

		Reports(Scorer scorer) {
			this.scorer = scorer;
		}

		@Async("workers")
		public CompletableFuture<String> asyncReport() {
			TaskKinds.spin(4);
			this.scorer.score();
			return CompletableFuture.completedFuture("report");
		}

		@Async("workers")
		public CompletableFuture<String> blockedReport(CompletableFuture<String> result) {
			TaskKinds.spin(2);
			return result;
		}

		@Scheduled(initialDelay = 0, fixedDelay = 1, timeUnit = TimeUnit.HOURS)
		void nightly() {
			logger.info("Nightly report");
			TaskKinds.spin(4);
			this.scorer.score();
		}

	}

	/** A child span inside tasks: in each task's box. */
	static class Scorer {

		@Observe
		public int score() {
			TaskKinds.spin(2);
			return 42;
		}

	}

}
