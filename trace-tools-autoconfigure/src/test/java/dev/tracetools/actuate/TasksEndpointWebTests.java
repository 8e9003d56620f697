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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.jayway.jsonpath.JsonPath;
import dev.tracetools.actuate.TasksEndpointApplication.Jobs;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP tests of {@code /actuator/tasks}.
 *
 * @author trace-tools
 */
@SpringBootTest(classes = TasksEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=tasks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksEndpointWebTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Jobs jobs;

	@Autowired
	private MeterRegistry meterRegistry;

	@BeforeAll
	void runTasks() throws Exception {
		this.jobs.quick();
		this.jobs.slow();
		this.jobs.failing();
		// A future is done before its task's span stops: wait for the three spans.
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> JsonPath.<List<?>>read(get("/actuator/tasks?state=done").body(), "$.tasks[*].id").size() >= 3);
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return get(path, "application/json");
	}

	@Test
	void getRequestShouldListTasksExecutorsAndSummary() throws Exception {
		HttpResponse<String> response = get("/actuator/tasks");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("json"));
		String body = response.body();
		assertThat((String) JsonPath.read(body, "$.durationUnit")).isEqualTo("nanoseconds");
		assertThat((Integer) JsonPath.read(body, "$.summary.seen")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) JsonPath.read(body, "$.summary.states.done")).isGreaterThanOrEqualTo(3);
		assertThat((Integer) JsonPath.read(body, "$.summary.dropped")).isZero();
		Map<String, Object> task = JsonPath.read(body, "$.tasks[0]");
		assertThat(task).containsKeys("id", "state", "name", "kind", "executor", "location", "fields", "warnings",
				"totalNanos", "busyNanos", "scheduledNanos", "idleNanos", "blockedNanos", "polls", "outcome", "thread",
				"createdAt", "firstPollAt", "lastPollAt", "endedAt");
		assertThat(task.get("executor")).isEqualTo("workers");
		assertThat(task.get("kind")).isEqualTo("executor");
		assertThat((String) task.get("location")).startsWith("TasksEndpointApplication.java:");
		List<Map<String, Object>> executors = JsonPath.read(body, "$.executors[?(@.name == 'workers')]");
		assertThat(executors).hasSize(1);
		assertThat(executors.get(0)).containsEntry("corePoolSize", 2)
			.containsEntry("maxPoolSize", 2)
			.containsKeys("poolSize", "active", "queued", "completed", "rejected", "tasks", "scheduledP99Nanos");
		assertThat((Integer) executors.get(0).get("tasks")).isGreaterThanOrEqualTo(3);
		List<Map<String, Object>> warnings = JsonPath.read(body, "$.warnings[?(@.warning == 'failed')]");
		assertThat(warnings).hasSize(1);
		assertThat((String) warnings.get(0).get("name")).isEqualTo("Jobs.failing");
		assertThat((String) warnings.get(0).get("meaning")).isNotBlank();
	}

	@Test
	void filtersSortAndLimitApply() throws Exception {
		String byBusy = get("/actuator/tasks?name=jobs.&state=done&sort=-busy").body();
		List<String> names = JsonPath.read(byBusy, "$.tasks[*].name");
		assertThat(names).contains("Jobs.slow", "Jobs.quick", "Jobs.failing");
		// The order is the busy times' the answer gives, not the sleeps': a paused JVM
		// can make the 2 ms task the busier.
		List<Number> busy = JsonPath.read(byBusy, "$.tasks[*].busyNanos");
		assertThat(busy).extracting(Number::longValue).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat((List<?>) JsonPath.read(get("/actuator/tasks?limit=1").body(), "$.tasks")).hasSize(1);
		assertThat((List<String>) JsonPath.read(get("/actuator/tasks?warning=failed").body(), "$.tasks[*].name"))
			.containsOnly("Jobs.failing");
		assertThat((List<?>) JsonPath.read(get("/actuator/tasks?executor=nope").body(), "$.tasks")).isEmpty();
		assertThat((List<?>) JsonPath.read(get("/actuator/tasks?state=running,scheduled&name=slow").body(), "$.tasks"))
			.isEmpty();
	}

	@Test
	void badValuesAnswer400WithTheValidValues() throws Exception {
		HttpResponse<String> state = get("/actuator/tasks?state=asleep");
		assertThat(state.statusCode()).isEqualTo(400);
		assertThat(state.body()).contains("scheduled, running, blocked, idle, done");
		HttpResponse<String> sort = get("/actuator/tasks?sort=speed");
		assertThat(sort.statusCode()).isEqualTo(400);
		assertThat(sort.body()).contains("busy");
		assertThat(get("/actuator/tasks?limit=-3").statusCode()).isEqualTo(400);
		HttpResponse<String> warning = get("/actuator/tasks?warning=slow");
		assertThat(warning.statusCode()).isEqualTo(400);
		assertThat(warning.body()).contains("long-poll, stuck, scheduling-delay, failed, rejected");
		HttpResponse<String> id = get("/actuator/tasks/abc");
		assertThat(id.statusCode()).isEqualTo(400);
		assertThat(id.body()).contains("task ids");
	}

	@Test
	void unknownTaskAnswers404() throws Exception {
		HttpResponse<String> response = get("/actuator/tasks/987654321");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("No task 987654321");
	}

	@Test
	void taskDetailsHaveHistogramsAndPercentiles() throws Exception {
		Integer id = JsonPath.<List<Integer>>read(get("/actuator/tasks?name=jobs.slow").body(), "$.tasks[*].id").get(0);
		HttpResponse<String> response = get("/actuator/tasks/" + id);
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertThat((Integer) JsonPath.read(body, "$.details.task.id")).isEqualTo(id);
		assertThat((Integer) JsonPath.read(body, "$.details.pollTimes.count")).isEqualTo(1);
		Map<String, Object> percentiles = JsonPath.read(body, "$.details.pollTimes.percentiles");
		assertThat(percentiles).containsOnlyKeys("p10", "p25", "p50", "p75", "p90", "p95", "p99");
		assertThat(((Number) percentiles.get("p50")).longValue()).isGreaterThan(20_000_000L);
		assertThat((Integer) JsonPath.read(body, "$.details.scheduledTimes.count")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(body, "$.details.namePollTimes.count")).isGreaterThanOrEqualTo(1);
		assertThat((List<?>) JsonPath.read(body, "$.details.children")).isEmpty();
		assertThat(body).doesNotContain("\"stack\"");
	}

	@Test
	void runningTaskDetailsShowTheStackOfItsThread() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		this.jobs.blocking(release);
		try {
			List<Integer> ids = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> JsonPath.<List<Integer>>read(get("/actuator/tasks?state=running&name=blocking").body(),
						"$.tasks[*].id"), (running) -> !running.isEmpty());
			assertThat(ids).hasSize(1);
			String body = get("/actuator/tasks/" + ids.get(0)).body();
			List<String> stack = JsonPath.read(body, "$.details.stack");
			assertThat(stack.get(0)).contains("worker-");
			assertThat(String.join("\n", stack)).contains("CountDownLatch.await");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void browserGetsTheLiveConsolePage() throws Exception {
		HttpResponse<String> response = get("/actuator/tasks",
				"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("<table id=\"tasks\">", "Warn", "Sched", "Location", "Fields")
			.doesNotContain("http://", "https://");
	}

	@Test
	void taskMetersAreRegisteredPerTaskNameAndExecutor() {
		FunctionCounter polls = this.meterRegistry.get("tracetools.tasks.polls")
			.tags("task", "Jobs.slow", "executor", "workers")
			.functionCounter();
		assertThat(polls.count()).isGreaterThanOrEqualTo(1);
		FunctionCounter busy = this.meterRegistry.get("tracetools.tasks.busy")
			.tags("task", "Jobs.slow")
			.functionCounter();
		assertThat(busy.getId().getBaseUnit()).isEqualTo("seconds");
		assertThat(busy.count()).isGreaterThan(0.02);
		assertThat(this.meterRegistry.get("tracetools.tasks.completed")
			.tags("task", "Jobs.failing", "outcome", "ERROR")
			.functionCounter()
			.count()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void defaultAcceptGetsJson() throws Exception {
		HttpResponse<String> response = get("/actuator/tasks", "*/*");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("{");
	}

}
