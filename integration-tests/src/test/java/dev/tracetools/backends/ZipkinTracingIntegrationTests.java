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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import dev.tracetools.observe.Observe;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
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
 * trace-tools' spans in a real Zipkin server: an application with Boot's Micrometer
 * Tracing over OpenTelemetry and the Zipkin exporter serves a request that fans out
 * {@code @Async} work, each of which hops through a {@link CompletableFuture} on an
 * executor into an {@code @Observe} method; the trace read back from Zipkin's API is one
 * trace in which every span's parent is the span that submitted it, with trace-tools'
 * keys as tags.
 */
class ZipkinTracingIntegrationTests {

	private static final String SERVICE = "trace-tools-zipkin-it";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static ZipkinServer zipkin;

	private static ConfigurableApplicationContext application;

	@BeforeAll
	static void start() {
		zipkin = ZipkinServer.start();
		application = startApplication(SERVICE);
	}

	private static ConfigurableApplicationContext startApplication(String service, String... properties) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.application.name=" + service, "--management.tracing.sampling.probability=1.0",
				"--management.tracing.export.zipkin.endpoint=" + zipkin.spansEndpoint(),
				"--management.opentelemetry.tracing.export.schedule-delay=100ms"));
		args.addAll(List.of(properties));
		return new SpringApplicationBuilder(FanOutApplication.class).run(args.toArray(String[]::new));
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
		if (zipkin != null) {
			zipkin.close();
		}
	}

	@Test
	void fannedOutTasksAreChildrenOfTheSpanThatSubmittedThemInOneZipkinTrace() {
		HttpResponse<String> response = ExternalServer.send(applicationUrl() + "/fan-out");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceId = response.body();
		// request + audit + 2 lookups + 2 executor hops + 2 @Observe spans
		List<JsonNode> spans = awaitSpans(traceId, 8);

		JsonNode request = single(spans, "http get /fan-out");
		assertThat(request.has("parentId")).isFalse();
		assertThat(request.path("kind").asString()).isEqualTo("SERVER");

		JsonNode audit = single(spans, "work.audit");
		assertThat(audit.path("parentId").asString()).isEqualTo(request.path("id").asString());
		assertThat(tags(audit)).containsEntry("observed.name", "Work.audit")
			.containsEntry("task.kind", "async")
			.containsEntry("executor.name", "applicationTaskExecutor")
			.containsEntry("loc.file", "ZipkinTracingIntegrationTests.java")
			.containsEntry("outcome", "SUCCESS")
			.containsKeys("loc.line", "task.id");
		assertThat(Integer.parseInt(tags(audit).get("loc.line"))).isPositive();

		List<JsonNode> lookups = named(spans, "work.lookup").stream()
			.filter((span) -> "async".equals(tags(span).get("task.kind")))
			.toList();
		assertThat(lookups).hasSize(2).allSatisfy((lookup) -> {
			assertThat(lookup.path("parentId").asString()).isEqualTo(request.path("id").asString());
			assertThat(tags(lookup)).containsEntry("observed.name", "Work.lookup")
				.containsEntry("task.kind", "async")
				.containsEntry("executor.name", "applicationTaskExecutor");
		});
		List<String> lookupIds = lookups.stream().map((lookup) -> lookup.path("id").asString()).toList();

		// A task handed to an executor is named after the method that submitted it.
		List<JsonNode> hops = spans.stream().filter((span) -> "executor".equals(tags(span).get("task.kind"))).toList();
		assertThat(hops).hasSize(2).allSatisfy((hop) -> {
			assertThat(hop.path("name").asString()).isEqualTo("work.lookup");
			assertThat(tags(hop)).containsEntry("observed.name", "Work.lookup")
				.containsEntry("executor.name", "applicationTaskExecutor")
				.containsEntry("loc.file", "ZipkinTracingIntegrationTests.java")
				.containsEntry("outcome", "SUCCESS");
			assertThat(lookupIds).contains(hop.path("parentId").asString());
		});
		assertThat(hops.stream().map((hop) -> hop.path("parentId").asString()).distinct()).hasSize(2);
		List<String> hopIds = hops.stream().map((hop) -> hop.path("id").asString()).toList();

		List<JsonNode> scores = named(spans, "scorer.score");
		assertThat(scores).hasSize(2).allSatisfy((score) -> {
			assertThat(hopIds).contains(score.path("parentId").asString());
			assertThat(tags(score)).containsEntry("observed.name", "Scorer.score")
				.containsEntry("code.function", "score")
				.containsEntry("code.namespace", Scorer.class.getName())
				.containsEntry("loc.file", "ZipkinTracingIntegrationTests.java");
		});

		assertThat(spans).allSatisfy((span) -> {
			assertThat(span.path("traceId").asString()).isEqualTo(traceId);
			assertThat(span.path("localEndpoint").path("serviceName").asString()).isEqualTo(SERVICE);
		});
		HttpResponse<String> traces = zipkin.get("/api/v2/traces?serviceName=" + SERVICE + "&spanName=all&limit=10");
		assertThat(json.readTree(traces.body()).size()).isOne();
	}

	@Test
	void withoutTaskSpansWhatTasksDoStaysInTheSubmittersTrace() {
		try (ConfigurableApplicationContext untraced = startApplication(SERVICE + "-untraced",
				"--trace-tools.tracing.include-tasks=false")) {
			HttpResponse<String> response = ExternalServer.send(url(untraced) + "/fan-out");
			assertThat(response.statusCode()).isEqualTo(200);
			// request + 2 @Observe spans, run on workers under tasks that have no span
			List<JsonNode> spans = awaitSpans(response.body(), 3);
			JsonNode request = single(spans, "http get /fan-out");
			List<JsonNode> scores = named(spans, "scorer.score");
			assertThat(scores).hasSize(2)
				.allSatisfy((score) -> assertThat(score.path("parentId").asString())
					.isEqualTo(request.path("id").asString()));
			assertThat(spans).noneMatch((span) -> tags(span).containsKey("task.kind"));
		}
	}

	private static List<JsonNode> awaitSpans(String traceId, int expected) {
		List<JsonNode> spans = new ArrayList<>();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			HttpResponse<String> trace = zipkin.get("/api/v2/trace/" + traceId);
			assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
			spans.clear();
			json.readTree(trace.body()).forEach(spans::add);
			assertThat(spans).hasSizeGreaterThanOrEqualTo(expected);
		});
		// Nothing more arrives than the spans expected.
		await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			spans.clear();
			json.readTree(zipkin.get("/api/v2/trace/" + traceId).body()).forEach(spans::add);
			assertThat(spans).as(spans::toString).hasSize(expected);
		});
		return spans;
	}

	private static JsonNode single(List<JsonNode> spans, String name) {
		List<JsonNode> named = named(spans, name);
		assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
		return named.get(0);
	}

	private static List<JsonNode> named(List<JsonNode> spans, String name) {
		return spans.stream().filter((span) -> name.equals(span.path("name").asString())).toList();
	}

	private static Map<String, String> tags(JsonNode span) {
		return json.convertValue(span.path("tags"),
				json.getTypeFactory().constructMapType(Map.class, String.class, String.class));
	}

	private static String applicationUrl() {
		return url(application);
	}

	private static String url(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return "http://127.0.0.1:" + port;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@EnableAsync
	@Import({ FanOutController.class, Work.class, Scorer.class })
	static class FanOutApplication {

	}

	@RestController
	static class FanOutController {

		private final Work work;

		private final Tracer tracer;

		FanOutController(Work work, Tracer tracer) {
			this.work = work;
			this.tracer = tracer;
		}

		@GetMapping("/fan-out")
		String fanOut() {
			this.work.audit();
			CompletableFuture<Integer> first = this.work.lookup("first");
			CompletableFuture<Integer> second = this.work.lookup("second");
			first.join();
			second.join();
			Span span = this.tracer.currentSpan();
			return (span != null) ? span.context().traceId() : "no current span";
		}

	}

	static class Work {

		private final Scorer scorer;

		private final Executor executor;

		Work(Scorer scorer, @Qualifier("applicationTaskExecutor") Executor executor) {
			this.scorer = scorer;
			this.executor = executor;
		}

		@Async
		public void audit() {
		}

		@Async
		public CompletableFuture<Integer> lookup(String id) {
			return CompletableFuture.supplyAsync(() -> this.scorer.score(id), this.executor);
		}

	}

	static class Scorer {

		@Observe
		public int score(String id) {
			return id.length();
		}

	}

}
