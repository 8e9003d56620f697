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

package dev.tracetools.backends;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * trace-tools' task meters in a real Prometheus server: an application with the
 * Prometheus registry runs {@code @Async} tasks of five names with the console layer
 * capped at three task names; Prometheus scrapes {@code /actuator/prometheus} every
 * second and its HTTP API answers queries on the task meters by name and tag, with a
 * bounded number of series.
 */
@EnabledIf("dev.tracetools.backends.PrometheusServer#isAvailable")
class PrometheusScrapeIntegrationTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String STARTED = "tracetools_tasks_started_tasks_total";

	private static ConfigurableApplicationContext application;

	private static PrometheusServer prometheus;

	@BeforeAll
	static void start() {
		// No sampled spans, hence no exemplars: Debian's Prometheus 2.42 rejects a whole
		// scrape whose http_server_requests_seconds_count carries one ("does not support
		// exemplars"), which failed this test whenever one of its requests was sampled.
		application = new SpringApplicationBuilder(TasksApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.application.name=trace-tools-prometheus-it",
				"--management.endpoints.web.exposure.include=prometheus", "--management.tracing.export.enabled=false",
				"--management.tracing.sampling.probability=0", "--trace-tools.console.max-task-names=3",
				"--management.metrics.enable.tracetools.task=false");
		for (int i = 0; i < 2; i++) {
			assertThat(ExternalServer.send(applicationUrl() + "/work").statusCode()).isEqualTo(200);
		}
		prometheus = PrometheusServer.start("127.0.0.1:" + applicationPort());
		try {
			List<JsonNode> up = awaitQuery("max_over_time(up{job=\"trace-tools\"}[1m]) == 1");
			assertThat(up).as("a successful scrape").isNotEmpty();
		}
		catch (ConditionTimeoutException ex) {
			// Say why Prometheus could not scrape (its target's last error).
			throw new AssertionError(
					"No successful scrape; Prometheus targets: " + prometheus.get("/api/v1/targets").body(), ex);
		}
	}

	@AfterAll
	static void stop() {
		if (prometheus != null) {
			prometheus.close();
		}
		if (application != null) {
			application.close();
		}
	}

	@Test
	void taskMetersAreScrapedWithMicrometerNamesAndTags() {
		String scrape = ExternalServer.send(applicationUrl() + "/actuator/prometheus").body();
		assertThat(scrape).contains("# TYPE " + STARTED + " counter", "tracetools_tasks_busy_seconds_total",
				"tracetools_tasks_scheduled_seconds_total", "tracetools_tasks_polls_total",
				"tracetools_tasks_completed_tasks_total", "tracetools_tasks_active_tasks");
		// Boot's own timer of every observation, one series per call site, is switched
		// off.
		assertThat(scrape).doesNotContain("tracetools_task_seconds");
		List<JsonNode> alpha = awaitQuery(
				latest(STARTED + "{task=\"Work.alpha\",executor=\"applicationTaskExecutor\"}"));
		assertThat(alpha).singleElement().satisfies((series) -> {
			assertThat(value(series)).isEqualTo(2.0);
			assertThat(labels(series)).containsEntry("job", "trace-tools");
		});
		List<JsonNode> completed = awaitQuery(
				latest("tracetools_tasks_completed_tasks_total{task=\"Work.alpha\",outcome=\"SUCCESS\"}"));
		assertThat(completed).singleElement().satisfies((series) -> assertThat(value(series)).isEqualTo(2.0));
		List<JsonNode> busy = awaitQuery(latest("tracetools_tasks_busy_seconds_total{task=\"Work.alpha\"}"));
		assertThat(busy).singleElement().satisfies((series) -> assertThat(value(series)).isPositive());
	}

	@Test
	void taskNamesBeyondTheCapShareOneSeries() {
		List<JsonNode> started = awaitQuery("sum by (task) (" + latest(STARTED) + ")");
		assertThat(started).extracting((series) -> labels(series).get("task"))
			.contains("Work.alpha", "other")
			.hasSizeLessThanOrEqualTo(4);
		double total = started.stream().mapToDouble(PrometheusScrapeIntegrationTests::value).sum();
		assertThat(total).isEqualTo(10.0);
		JsonNode series = json.readTree(
				prometheus.get("/api/v1/series?match[]=" + URLEncoder.encode(STARTED, StandardCharsets.UTF_8)).body());
		assertThat(series.path("data").size()).isLessThanOrEqualTo(4);
	}

	@Test
	void springExecutorMetersStillBindForTheObservedExecutor() {
		List<JsonNode> completed = awaitQuery(
				latest("executor_completed_tasks_total{name=\"applicationTaskExecutor\"}"));
		assertThat(completed).singleElement().satisfies((series) -> assertThat(value(series)).isEqualTo(10.0));
	}

	/**
	 * The latest sample of each series in the last minute, not only at the query time: a
	 * scrape that times out on a loaded machine marks the series stale until the next
	 * one.
	 */
	private static String latest(String selector) {
		return "last_over_time(" + selector + "[1m])";
	}

	private static List<JsonNode> awaitQuery(String query) {
		List<JsonNode> result = new ArrayList<>();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<String> response = prometheus
				.get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			result.clear();
			json.readTree(response.body()).path("data").path("result").forEach(result::add);
			assertThat(result).as("%s in %s", query, response.body()).isNotEmpty();
		});
		return result;
	}

	private static double value(JsonNode series) {
		return Double.parseDouble(series.path("value").get(1).asString());
	}

	private static Map<String, String> labels(JsonNode series) {
		return json.convertValue(series.path("metric"),
				json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
	}

	private static int applicationPort() {
		return ((WebServerApplicationContext) application).getWebServer().getPort();
	}

	private static String applicationUrl() {
		return "http://127.0.0.1:" + applicationPort();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ WorkController.class, Work.class })
	static class TasksApplication {

	}

	@RestController
	static class WorkController {

		private final Work work;

		WorkController(Work work) {
			this.work = work;
		}

		@GetMapping("/work")
		String work() {
			this.work.alpha();
			this.work.beta();
			this.work.gamma();
			this.work.delta();
			this.work.epsilon();
			return "submitted";
		}

	}

	static class Work {

		@Async
		public void alpha() {
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
		}

		@Async
		public void beta() {
		}

		@Async
		public void gamma() {
		}

		@Async
		public void delta() {
		}

		@Async
		public void epsilon() {
		}

	}

}
