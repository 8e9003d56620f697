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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real HTTP tests of {@code /actuator/timeline}.
 *
 * @author trace-tools
 */
@SpringBootTest(classes = TimelineEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-tools.timeline.enabled=true", "management.endpoints.web.exposure.include=timeline" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelineEndpointWebTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeAll
	void fanOut() throws Exception {
		assertThat(get("/fan-out", "*/*").body()).isEqualTo("profile of ada, profile of grace, profile of linus");
		await().untilAsserted(() -> {
			JsonNode timeline = json(get("/actuator/timeline?name=lookup", "application/json"));
			// Other test classes may share this application (and have fanned out too).
			assertThat(timeline.path("spans").size()).isPositive().isEqualTo(timeline.path("spans").size() / 3 * 3);
			for (JsonNode span : timeline.path("spans")) {
				assertThat(span.path("stopped").isNumber()).isTrue();
			}
		});
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	@Test
	void getRequestWithBrowserAcceptHeaderShouldProduceTheHtmlPage() throws Exception {
		HttpResponse<String> response = get("/actuator/timeline", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("trace-tools timeline")
			.contains("\"format\":\"trace-tools-timeline\"")
			.contains("Lookups.lookup")
			// The log message's angle brackets are escaped inside the page's script.
			.contains("looking up \\u003cada\\u003e")
			.doesNotContain("looking up <ada>");
	}

	@Test
	void getRequestWithoutAcceptHeaderShouldProducePlainJsonOfTheFanOut() throws Exception {
		HttpResponse<String> response = get("/actuator/timeline", "*/*");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("json"));
		JsonNode timeline = json(response);
		assertThat(timeline.path("format").asString()).isEqualTo("trace-tools-timeline");
		JsonNode request = null;
		List<JsonNode> lookups = new ArrayList<>();
		for (JsonNode span : timeline.path("spans")) {
			if (span.path("observation").asString().equals("http.server.requests")
					&& span.path("name").asString().contains("/fan-out")) {
				request = span;
			}
			if (span.path("name").asString().equals("TimelineEndpointApplication.Lookups.lookup")
					|| span.path("name").asString().endsWith("Lookups.lookup")) {
				lookups.add(span);
			}
		}
		assertThat(request).as(timeline.toString()).isNotNull();
		long requestId = request.path("id").asLong();
		lookups.removeIf((lookup) -> lookup.path("parentId").asLong() != requestId);
		// The request's three lookups sit under it; each was polled on a worker, where
		// it logged, and again where its future completed.
		assertThat(lookups).hasSize(3);
		for (JsonNode lookup : lookups) {
			assertThat(lookup.path("kind").asString()).isEqualTo("async");
			assertThat(lookup.path("taskId").isIntegralNumber()).isTrue();
			assertThat(lookup.path("outcome").asString()).isEqualTo("SUCCESS");
			JsonNode polls = lookup.path("polls");
			assertThat(polls).hasSize(2);
			assertThat(polls.get(0).path("thread").asString()).startsWith("task-");
			// Whichever thread ran the future's completion callbacks: the request's
			// (which
			// completed it) or the worker's (woken from waiting on it, it helps).
			assertThat(polls.get(1).path("thread").asString()).isIn(request.path("createdThread").asString(),
					polls.get(0).path("thread").asString());
			assertThat(polls.get(1).path("wake").asDouble())
				.isGreaterThanOrEqualTo(polls.get(0).path("end").asDouble());
			JsonNode event = lookup.path("events").get(0);
			assertThat(event.path("name").asString()).isEqualTo("log");
			assertThat(event.path("message").asString()).startsWith("INFO Lookups: looking up <");
			assertThat(event.path("time").asDouble()).isBetween(polls.get(0).path("start").asDouble(),
					polls.get(0).path("end").asDouble());
		}
		// The request's own poll on its thread holds the completion polls; the scopes
		// context propagation opened on the workers are not polls of the request.
		assertThat(request.path("polls")).hasSize(1);
		assertThat(request.path("polls").get(0).path("thread").asString())
			.isEqualTo(request.path("createdThread").asString());
	}

	@Test
	void formatChromeShouldProduceTraceEvents() throws Exception {
		JsonNode trace = json(get("/actuator/timeline?format=chrome", BROWSER_ACCEPT));
		List<String> phases = new ArrayList<>();
		for (JsonNode event : trace.path("traceEvents")) {
			phases.add(event.path("ph").asString());
		}
		assertThat(phases).contains("M", "X", "i", "b", "e", "s", "f");
	}

	@Test
	void formatJsonOverridesTheBrowserAcceptHeader() throws Exception {
		HttpResponse<String> response = get("/actuator/timeline?format=json", BROWSER_ACCEPT);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).contains("application/json"));
		assertThat(json(response).path("format").asString()).isEqualTo("trace-tools-timeline");
	}

	@Test
	void filtersSelectByNameSinceAndLimit() throws Exception {
		int lookups = json(get("/actuator/timeline?name=LOOKUP", "*/*")).path("spans").size();
		assertThat(lookups).isGreaterThanOrEqualTo(3);
		assertThat(json(get("/actuator/timeline?name=no-such-span", "*/*")).path("spans")).isEmpty();
		assertThat(json(get("/actuator/timeline?limit=1", "*/*")).path("spans")).hasSize(1);
		assertThat(json(get("/actuator/timeline?since=1h", "*/*")).path("spans").size()).isGreaterThanOrEqualTo(4);
		long future = System.currentTimeMillis() + 3_600_000;
		assertThat(json(get("/actuator/timeline?name=lookup&since=" + future, "*/*")).path("spans")).isEmpty();
		assertThat(json(get("/actuator/timeline?name=lookup&since=" + encode("2000-01-01T00:00:00Z"), "*/*"))
			.path("spans")).hasSize(lookups);
	}

	@Test
	void badParametersAnswer400WithAMessage() throws Exception {
		assertBadRequest("format=xml", "Invalid format 'xml': valid values are html, json, chrome");
		assertBadRequest("limit=0", "Invalid limit '0': valid values are whole numbers from 1 to 2147483647 (spans)");
		assertBadRequest("limit=many", "Invalid limit 'many'");
		assertBadRequest("since=yesterday", "Invalid since 'yesterday': valid values are epoch milliseconds");
		assertBadRequest("since=-5s", "Invalid since '-5s'");
		assertBadRequest("since=" + encode("2026-13-45T00:00:00Z"), "Invalid since");
	}

	private void assertBadRequest(String query, String message) throws Exception {
		for (String accept : List.of("*/*", BROWSER_ACCEPT)) {
			HttpResponse<String> response = get("/actuator/timeline?" + query, accept);
			assertThat(response.statusCode()).as(query).isEqualTo(400);
			assertThat(JSON.readTree(response.body()).path("message").asString()).as(query).startsWith(message);
		}
	}

}
