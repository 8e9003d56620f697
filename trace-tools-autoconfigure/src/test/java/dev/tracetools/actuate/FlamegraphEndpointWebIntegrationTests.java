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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real HTTP tests of {@code /actuator/flamegraph}: formats, content types, modes, 400s
 * and {@code DELETE}.
 */
@SpringBootTest(classes = FlamegraphTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=flamegraph")
class FlamegraphEndpointWebIntegrationTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,"
			+ "image/avif,image/webp,image/apng,*/*;q=0.8";

	private static final String REQUEST_FRAME = "http get /orders/{id}";

	private static final String TASK_STACK = REQUEST_FRAME + ";Shipping.ship";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeEach
	void recordOneOrder() throws Exception {
		assertThat(send("DELETE", "/actuator/flamegraph", null).statusCode()).isEqualTo(204);
		assertThat(get("/orders/7", null).body()).isEqualTo("shipped 7");
	}

	@Test
	void asyncTaskStartedInARequestAppearsUnderTheRequestsFrame() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph?format=folded", null);
		List<String> lines = response.body().lines().toList();
		assertThat(lines).anySatisfy((line) -> assertThat(line).matches("\\Q" + REQUEST_FRAME + "\\E \\d+"));
		assertThat(lines).anySatisfy((line) -> {
			assertThat(line).startsWith(TASK_STACK + " ");
			// The task spun 10 ms on another thread.
			assertThat(micros(line)).isGreaterThanOrEqualTo(10_000);
		});
	}

	@Test
	void getRequestWithTextPlainAcceptHeaderShouldProduceFoldedStacks() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(response.body().lines()).allSatisfy((line) -> assertThat(line).matches("[^\\n]+ \\d+"))
			.anySatisfy((line) -> assertThat(line).startsWith(TASK_STACK + " "));
	}

	@Test
	void getRequestWithBrowserAcceptHeaderShouldProduceHtml() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).isEqualTo("text/html;charset=UTF-8");
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("<title>trace-tools flamegraph \u2014 self busy time in \u00b5s")
			.contains("<h1>trace-tools flamegraph \u2014 self busy time in \u00b5s")
			.contains("<canvas id='canvas'>")
			.contains("Shipping.ship'");
	}

	@Test
	void getRequestWithJsonAcceptHeaderShouldProduceD3Tree() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("application/json");
		JsonNode root = JsonMapper.builder().build().readTree(response.body());
		assertThat(root.get("name").asString()).isEqualTo("all");
		assertThat(root.get("mode").asString()).isEqualTo("busy");
		assertThat(root.get("unit").asString()).isEqualTo("\u00b5s");
		assertThat(root.get("foldedSamples").asLong()).isZero();
		assertThat(root.get("maxStacks").asInt()).isEqualTo(10_000);
		JsonNode request = child(root, REQUEST_FRAME);
		JsonNode task = child(request, "Shipping.ship");
		assertThat(task.get("value").asLong()).isGreaterThanOrEqualTo(10_000);
		assertThat(request.get("value").asLong()).isGreaterThanOrEqualTo(task.get("value").asLong());
		long childrenTotal = 0;
		for (JsonNode child : root.get("children")) {
			childrenTotal += child.get("value").asLong();
		}
		assertThat(root.get("value").asLong()).isEqualTo(childrenTotal);
	}

	@Test
	void getRequestWithoutAcceptHeaderShouldProduceActuatorJson() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("application/vnd.spring-boot.actuator.v3+json");
		assertThat(response.body()).startsWith("{").contains("\"name\":\"all\"");
	}

	@Test
	void getRequestWithSvgAcceptHeaderShouldProduceSvg() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph", "image/svg+xml");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).isEqualTo("image/svg+xml;charset=UTF-8");
		assertThat(response.body()).startsWith("<?xml").contains("<svg").contains("<title>Shipping.ship (");
	}

	@Test
	void formatParameterOverridesTheAcceptHeader() throws Exception {
		HttpResponse<String> folded = get("/actuator/flamegraph?format=folded", BROWSER_ACCEPT);
		assertThat(contentType(folded)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(folded.body()).contains(TASK_STACK + " ");
		HttpResponse<String> json = get("/actuator/flamegraph?format=json", BROWSER_ACCEPT);
		assertThat(contentType(json)).startsWith("application/json");
		assertThat(json.body()).contains("\"name\":\"all\"");
		HttpResponse<String> svg = get("/actuator/flamegraph?format=svg", "application/json");
		assertThat(contentType(svg)).isEqualTo("image/svg+xml;charset=UTF-8");
		HttpResponse<String> html = get("/actuator/flamegraph?format=HTML", "text/plain");
		assertThat(contentType(html)).isEqualTo("text/html;charset=UTF-8");
		assertThat(html.body()).startsWith("<!DOCTYPE html>");
	}

	@Test
	void scheduledModeShowsWhatTasksWaitedFor() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph?mode=scheduled", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode root = JsonMapper.builder().build().readTree(response.body());
		assertThat(root.get("mode").asString()).isEqualTo("scheduled");
		HttpResponse<String> folded = get("/actuator/flamegraph?mode=scheduled&format=folded", null);
		// Only tasks wait to be scheduled: every stack ends with the task.
		assertThat(folded.body().lines()).allSatisfy((line) -> assertThat(line).startsWith(TASK_STACK + " "));
	}

	@Test
	void unknownFormatIsABadRequestListingTheValidFormats() throws Exception {
		for (String accept : new String[] { null, "text/plain", BROWSER_ACCEPT, "image/svg+xml" }) {
			HttpResponse<String> response = get("/actuator/flamegraph?format=pdf", accept);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(contentType(response)).isEqualTo("application/json");
			assertThat(response.body()).contains("\"parameter\":\"format\"", "\"value\":\"pdf\"",
					"\"validValues\":\"html, folded, json, svg\"",
					"\"message\":\"Invalid format 'pdf': valid values are html, folded, json, svg\"");
		}
	}

	@Test
	void unknownModeIsABadRequestListingTheValidModes() throws Exception {
		HttpResponse<String> response = get("/actuator/flamegraph?mode=idle", BROWSER_ACCEPT);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body())
			.contains("\"message\":\"Invalid mode 'idle': valid values are busy, scheduled, cpu, wait\"");
	}

	@Test
	void sampledModesWithoutProfilingAreABadRequestSayingHowToTurnItOn() throws Exception {
		for (String mode : new String[] { "cpu", "wait" }) {
			HttpResponse<String> response = get("/actuator/flamegraph?format=folded&mode=" + mode, null);
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("trace-tools.profiling.enabled=true");
		}
	}

	@Test
	void deleteClearsTheFlamegraph() throws Exception {
		assertThat(get("/actuator/flamegraph?format=folded", null).body()).contains(TASK_STACK);
		HttpResponse<String> deleted = send("DELETE", "/actuator/flamegraph", null);
		assertThat(deleted.statusCode()).isEqualTo(204);
		assertThat(get("/actuator/flamegraph?format=folded", null).body()).doesNotContain(TASK_STACK);
	}

	@Test
	void spanNamesAreEscapedInSvg() throws Exception {
		get("/evil", null);
		String svg = get("/actuator/flamegraph?format=svg", null).body();
		assertThat(svg).doesNotContain("<script").contains("&lt;script&gt;window.pwned=1,alert(1)&lt;/script&gt;");
	}

	private static JsonNode child(JsonNode node, String name) {
		for (JsonNode child : node.get("children")) {
			if (name.equals(child.get("name").asString())) {
				return child;
			}
		}
		throw new AssertionError("No frame " + name + " under " + node.get("name"));
	}

	private static long micros(String line) {
		return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
	}

	private static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("").replace(" ", "");
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return send("GET", path, accept);
	}

	private HttpResponse<String> send(String method, String path, String accept)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (accept != null) {
			request.header("Accept", accept);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
