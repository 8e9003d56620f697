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
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.JsonPath;
import com.sun.management.OperatingSystemMXBean;
import dev.tracetools.test.HeadlessChromium;
import dev.tracetools.test.Heap;
import dev.tracetools.test.ThreadsCpu;
import dev.tracetools.timeline.TimelineOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The load test of the whole starter: 1,000,000 tasks on a 2-thread executor bean of a
 * servlet application with the console, flamegraph, logging and timeline layers on, every
 * endpoint asked again and again while they are queued and while they drain. No answer is
 * a 5xx, the heap the layers keep stays under their documented bounds, the counts are
 * exact once the queue is empty, and one open console page costs the application less
 * than 5 % of one core while the million tasks wait.
 * <p>
 * Tagged {@code load}: not part of the default build; {@code ./mvnw -Pload verify} runs
 * it (and only the load tests).
 *
 * @author trace-tools
 */
@Tag("load")
@SpringBootTest(classes = { TasksEndpointApplication.class, MillionTasksLoadTests.LoadConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-tools.console.enabled=true", "trace-tools.flamegraph.enabled=true",
				"trace-tools.logging.enabled=true", "trace-tools.timeline.enabled=true",
				"management.endpoints.web.exposure.include=tasks,flamegraph,timeline" })
class MillionTasksLoadTests {

	private static final int TASKS = 1_000_000;

	/** One task in this many throws. */
	private static final int FAILING_EVERY = 1000;

	private static final int REJECTED = 1000;

	/**
	 * What the console keeps (stated in docs/console.md) plus the timeline's byte bound.
	 */
	private static final long HEAP_BOUND = 16 * 1024 * 1024 + TimelineOptions.DEFAULT_MAX_BYTES;

	/** How long the application's CPU time is measured, with and without the page. */
	private static final Duration CPU_WINDOW = Duration.ofSeconds(30);

	private static final double PAGE_CPU_BOUND = 0.05;

	/** The page's answers before its CPU is measured. */
	private static final int PAGE_WARM_UP_REQUESTS = 20;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	/** Answers per status code, over every request the test made. */
	private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();

	/** The requests that answered 5xx: path and status. */
	private final List<String> serverErrors = new CopyOnWriteArrayList<>();

	@LocalServerPort
	private int port;

	@Autowired
	private ThreadPoolTaskExecutor workers;

	@Autowired
	private ThreadPoolTaskExecutor bounded;

	@Autowired
	private ConsoleTableRequests tableRequests;

	@Test
	void millionTasksOnTwoThreadsWithEveryEndpointAsked() throws Exception {
		long baseline = Heap.usedAfterGc();
		long started = System.nanoTime();
		CountDownLatch release = new CountDownLatch(1);
		// The bounded executor's thread is held and its one queue slot taken: each
		// further
		// task is rejected.
		this.bounded.execute(() -> hold(release));
		this.bounded.execute(() -> hold(release));
		for (int i = 0; i < REJECTED; i++) {
			assertThatExceptionOfType(TaskRejectedException.class).isThrownBy(() -> this.bounded.execute(() -> {
			}));
		}
		// Both workers held: the rest of the million stays queued until released.
		this.workers.execute(() -> hold(release));
		this.workers.execute(() -> hold(release));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.workers.getActiveCount() == 2);
		int failing = 0;
		for (int i = 2; i < TASKS; i++) {
			if (i % FAILING_EVERY == 0) {
				failing++;
				this.workers.submit(MillionTasksLoadTests::fail);
			}
			else {
				this.workers.execute(MillionTasksLoadTests::work);
			}
		}
		long submitted = System.nanoTime();
		assertThat(this.workers.getThreadPoolExecutor().getQueue()).hasSize(TASKS - 2);

		// Queued: every endpoint answers, the timeline holds no more than its bounds.
		askEveryEndpoint();
		String timeline = get("/actuator/timeline?format=json&limit=1", "application/json").body();
		long timelineBytes = ((Number) JsonPath.read(timeline, "$.retainedBytes")).longValue();
		int timelineSpans = JsonPath.read(timeline, "$.totalSpans");
		int openEvicted = JsonPath.read(timeline, "$.openEvictedSpans");
		assertThat(timelineBytes).isLessThanOrEqualTo(TimelineOptions.DEFAULT_MAX_BYTES);
		assertThat(timelineSpans + openEvicted).isLessThanOrEqualTo(TimelineOptions.DEFAULT_MAX_SPANS);
		String queued = get("/actuator/tasks?limit=1", "application/json").body();
		List<Integer> rejectedCounts = JsonPath.read(queued,
				"$.warnings[?(@.warning=='rejected' && @.executor=='bounded')].count");
		assertThat(rejectedCounts).containsExactly(REJECTED);
		long queuedHeap = Heap.usedAfterGc() - baseline;
		long queryNanos = timed(() -> get("/actuator/tasks?limit=100", "application/json"));

		// Queued: what one open console page costs the application.
		CpuClock idleClock = new CpuClock();
		ThreadsCpu idleThreads = ThreadsCpu.read();
		// A measurement window, not a wait for a condition.
		Thread.sleep(CPU_WINDOW.toMillis());
		double idle = idleClock.share();
		ThreadsCpu idleEnd = ThreadsCpu.read();
		Map<String, Long> idleByThreads = idleEnd.since(idleThreads, 20);
		double idleCompiling = idleClock.shareOf(idleEnd.compilerMillisSince(idleThreads));
		Map<String, Long> pageByThreads;
		double pageCompiling;
		double withPage;
		int pageRequests;
		long pageServerMillis;
		long pageWindowSeconds;
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			WebDriver driver = chromium.driver();
			driver.get(url("/actuator/tasks"));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> driver.findElement(By.id("summary")).getText().contains("seen"));
			// The page's first answers are not measured: the JIT compiles the code that
			// answers them (about a second of its CPU) once, not while the page stays
			// open. Then from the end of one of the page's requests to the end of another
			// at least the window later: whole polling cycles, so the share is the
			// page's average.
			this.tableRequests.reset();
			await().atMost(Duration.ofMinutes(2))
				.until(() -> this.tableRequests.answered.size() >= PAGE_WARM_UP_REQUESTS);
			CpuClock clock = new CpuClock();
			ThreadsCpu pageThreads = ThreadsCpu.read();
			this.tableRequests.reset();
			Thread.sleep(CPU_WINDOW.toMillis());
			int asked = this.tableRequests.answered.size();
			await().atMost(Duration.ofMinutes(2)).until(() -> this.tableRequests.answered.size() > asked);
			withPage = clock.share();
			ThreadsCpu pageEnd = ThreadsCpu.read();
			pageByThreads = pageEnd.since(pageThreads, 20);
			pageCompiling = clock.shareOf(pageEnd.compilerMillisSince(pageThreads));
			pageRequests = this.tableRequests.answered.size();
			pageServerMillis = TimeUnit.NANOSECONDS.toMillis(this.tableRequests.answeringNanos.get());
			pageWindowSeconds = clock.seconds();
			assertThat(this.tableRequests.mostAtOnce.get()).isLessThanOrEqualTo(1);
			driver.get("about:blank");
		}

		// Draining: every endpoint asked in a loop until the queue is empty.
		AtomicBoolean draining = new AtomicBoolean(true);
		AtomicInteger rounds = new AtomicInteger();
		Thread asker = new Thread(() -> {
			while (draining.get()) {
				askEveryEndpoint();
				rounds.incrementAndGet();
			}
		}, "endpoint-asker");
		long releasedAt = System.nanoTime();
		release.countDown();
		asker.start();
		await().atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.workers.getThreadPoolExecutor().getCompletedTaskCount() == TASKS);
		long drained = System.nanoTime();
		draining.set(false);
		asker.join();
		askEveryEndpoint();

		// What the layers keep once the queue is empty.
		long retained = Heap.usedAfterGc() - baseline;
		System.out.printf("load: %d tasks submitted in %d ms, drained in %d ms (%d rounds of every endpoint while "
				+ "draining); heap with the tasks queued +%d MB (%d B per queued task), retained after +%d KB "
				+ "(bound %d KB); timeline while queued: %d spans + %d evicted open, %d KB; tasks?limit=100 with "
				+ "%d queued: %d ms; CPU of the application: %.1f %% of a core idle, %.1f %% with one console page "
				+ "open (%d requests in %d s, %d ms answering), of which the JIT compiler's threads %.1f %% and "
				+ "%.1f %%; CPU ms by threads idle %s, with the page %s; " + "statuses %s; total %d s%n", TASKS,
				TimeUnit.NANOSECONDS.toMillis(submitted - started), TimeUnit.NANOSECONDS.toMillis(drained - releasedAt),
				rounds.get(), queuedHeap / (1024 * 1024), queuedHeap / TASKS, retained / 1024, HEAP_BOUND / 1024,
				timelineSpans, openEvicted, timelineBytes / 1024, TASKS - 2, TimeUnit.NANOSECONDS.toMillis(queryNanos),
				100 * idle, 100 * withPage, pageRequests, pageWindowSeconds, pageServerMillis, 100 * idleCompiling,
				100 * pageCompiling, idleByThreads, pageByThreads, this.statuses,
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

		// Exact counts, as the JSON says them.
		String tasks = get("/actuator/tasks?limit=1", "application/json").body();
		long seen = TASKS + 2 + REJECTED;
		int maxCompleted = 10_000;
		assertThat(((Number) JsonPath.read(tasks, "$.summary.seen")).longValue()).isEqualTo(seen);
		assertThat(((Number) JsonPath.read(tasks, "$.summary.dropped")).longValue()).isEqualTo(seen - maxCompleted);
		assertThat((int) JsonPath.read(tasks, "$.summary.inTable")).isEqualTo(maxCompleted);
		assertThat((int) JsonPath.read(tasks, "$.summary.states.done")).isEqualTo(maxCompleted);
		assertThat(executorCount(tasks, "workers", "tasks")).isEqualTo(TASKS);
		assertThat(executorCount(tasks, "workers", "completed")).isEqualTo(TASKS);
		assertThat(executorCount(tasks, "workers", "rejected")).isZero();
		assertThat(executorCount(tasks, "bounded", "rejected")).isEqualTo(REJECTED);
		List<Integer> failedCounts = JsonPath.read(tasks, "$.warnings[?(@.warning=='failed')].count");
		assertThat(failedCounts).containsExactly(failing);

		assertThat(this.serverErrors).isEmpty();
		assertThat(retained).isLessThan(HEAP_BOUND);
		// The JIT compiler's threads are left out of both windows: the page's code is
		// compiled once (over a second of CPU in its first minute), not for as long as
		// the page stays open, and it moved the figure by up to 3 points between runs.
		assertThat((withPage - pageCompiling) - (idle - idleCompiling)).isLessThan(PAGE_CPU_BOUND);
	}

	/**
	 * Every endpoint, in each of its formats and modes, with several queries; a task's
	 * details for a task the table holds. Answers are recorded by status.
	 */
	private void askEveryEndpoint() {
		String json = "application/json";
		String html = "text/html";
		String first = get("/actuator/tasks?limit=1", json).body();
		List<Object> ids = JsonPath.read(first, "$.tasks[*].id");
		if (!ids.isEmpty()) {
			get("/actuator/tasks/" + ids.get(0), json);
		}
		get("/actuator/tasks/999999999999", json);
		for (String query : List.of("", "?limit=100", "?limit=100&sort=-total", "?state=scheduled&limit=100",
				"?state=done&sort=-busy&limit=100", "?warning=failed&limit=100", "?executor=workers&name=fail&limit=10",
				"?limit=500&sort=-total")) {
			get("/actuator/tasks" + query, json);
		}
		get("/actuator/tasks", html);
		for (String format : List.of("json", "html", "folded", "svg")) {
			for (String mode : List.of("busy", "scheduled")) {
				get("/actuator/flamegraph?format=" + format + "&mode=" + mode, json);
			}
		}
		get("/actuator/flamegraph", html);
		for (String format : List.of("json", "chrome", "html")) {
			get("/actuator/timeline?format=" + format, json);
			get("/actuator/timeline?format=" + format + "&since=1m&limit=100", json);
		}
		get("/actuator/timeline", html);
	}

	private static long executorCount(String tasks, String executor, String field) {
		List<Number> values = JsonPath.read(tasks, "$.executors[?(@.name=='" + executor + "')]." + field);
		assertThat(values).as("%s of executor %s", field, executor).hasSize(1);
		return values.get(0).longValue();
	}

	private HttpResponse<String> get(String path, String accept) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Accept", accept)
			.timeout(Duration.ofMinutes(2))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			this.statuses.computeIfAbsent(response.statusCode(), (status) -> new AtomicInteger()).incrementAndGet();
			if (response.statusCode() >= 500) {
				this.serverErrors.add(path + " " + response.statusCode());
			}
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(path, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(path, ex);
		}
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private static long timed(Runnable action) {
		long start = System.nanoTime();
		action.run();
		return System.nanoTime() - start;
	}

	/**
	 * The CPU time of this process (the application: the browser is a process of its own)
	 * since created, as a share of one core.
	 */
	private static final class CpuClock {

		private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

		private final long cpu = this.os.getProcessCpuTime();

		private final long start = System.nanoTime();

		double share() {
			return (double) (this.os.getProcessCpuTime() - this.cpu) / (System.nanoTime() - this.start);
		}

		/**
		 * CPU time of some of the process's threads as a share of one core over the same
		 * time.
		 */
		double shareOf(long millis) {
			return (double) TimeUnit.MILLISECONDS.toNanos(millis) / (System.nanoTime() - this.start);
		}

		long seconds() {
			return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.start);
		}

	}

	private static void hold(CountDownLatch release) {
		try {
			release.await(15, TimeUnit.MINUTES);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void work() {
	}

	private static Object fail() {
		throw new IllegalStateException("one in " + FAILING_EVERY);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class LoadConfiguration {

		@Bean
		ThreadPoolTaskExecutor bounded() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(1);
			executor.setMaxPoolSize(1);
			executor.setQueueCapacity(1);
			executor.setThreadNamePrefix("bounded-");
			return executor;
		}

		@Bean
		ConsoleTableRequests tableRequests() {
			return new ConsoleTableRequests();
		}

	}

}
