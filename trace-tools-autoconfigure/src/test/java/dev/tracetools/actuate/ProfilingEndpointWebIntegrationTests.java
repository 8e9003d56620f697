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
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code /actuator/flamegraph?mode=cpu} and {@code mode=wait} and of the tasks'
 * hottest methods with profiling on, over HTTP.
 *
 * @author trace-tools
 * @since 0.1.0
 */
// The profiler's stream is closed with the context, not left sampling the next classes.
@DirtiesContext
@SpringBootTest(classes = FlamegraphTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=flamegraph,tasks",
				"trace-tools.profiling.enabled=true", "trace-tools.profiling.interval=10ms" })
class ProfilingEndpointWebIntegrationTests {

	static final String TASK_STACK = "http get /orders/{id};Shipping.ship";

	static final String SPIN = "FlamegraphTestApplication.spin";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void cpuModeShowsTheMethodsOfATaskUnderItsBoxInEveryFormat() throws Exception {
		send("DELETE", "/actuator/flamegraph");
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			order();
			return cpuLines().stream().anyMatch((line) -> line.startsWith(TASK_STACK + ";") && line.contains(SPIN));
		});
		// The executor's and Spring's plumbing is trimmed: a sample under the task's box
		// starts at its own method, or, when the sample was taken in Spring's @Async
		// wrapper just before or after the method (Method.invoke, the returned future's
		// get), at the wrapper's own frames; never with the plumbing below them.
		assertThat(cpuLines()).filteredOn((line) -> line.startsWith(TASK_STACK + ";"))
			.anyMatch((line) -> line.startsWith(TASK_STACK + ";FlamegraphTestApplication$Shipping.ship"))
			.noneMatch((line) -> line.contains("ThreadPoolExecutor") || line.contains("AsyncExecutionInterceptor")
					|| line.contains("ObservedTask"));
		HttpResponse<String> html = send("GET", "/actuator/flamegraph?mode=cpu&format=html");
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(html.body()).contains("Java method (profiling)").contains("sampled CPU time");
		HttpResponse<String> svg = send("GET", "/actuator/flamegraph?mode=cpu&format=svg");
		assertThat(svg.statusCode()).isEqualTo(200);
		assertThat(svg.body()).contains(SPIN).contains("fill=\"rgb(50,");
		HttpResponse<String> json = send("GET", "/actuator/flamegraph?mode=cpu&format=json");
		assertThat((String) JsonPath.read(json.body(), "$.mode")).isEqualTo("cpu");
		assertThat((Integer) JsonPath.read(json.body(), "$.droppedSamples")).isZero();
		assertThat(send("GET", "/actuator/flamegraph?mode=wait&format=folded").statusCode()).isEqualTo(200);
	}

	@Test
	void deleteForgetsTheSamples() throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			order();
			return cpuLines().stream().anyMatch((line) -> line.startsWith(TASK_STACK + ";"));
		});
		assertThat(send("DELETE", "/actuator/flamegraph").statusCode()).isEqualTo(204);
		assertThat(cpuLines()).noneMatch((line) -> line.startsWith(TASK_STACK + ";"));
	}

	@Test
	void aTaskListsItsHottestMethods() throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			order();
			List<Integer> ids = JsonPath.read(send("GET", "/actuator/tasks?name=Shipping.ship").body(),
					"$.tasks[*].id");
			for (Integer id : ids) {
				List<Map<String, Object>> hot = JsonPath.read(send("GET", "/actuator/tasks/" + id).body(),
						"$.hotMethods");
				if (hot.stream()
					.anyMatch((method) -> String.valueOf(method.get("method")).equals(SPIN)
							|| String.valueOf(method.get("method")).startsWith("System.nanoTime"))) {
					return ((Number) hot.get(0).get("samples")).longValue() > 0
							&& ((Number) hot.get(0).get("micros")).longValue() >= 10_000;
				}
			}
			return false;
		});
	}

	private void order() throws Exception {
		for (int i = 0; i < 10; i++) {
			send("GET", "/orders/" + i);
		}
	}

	private List<String> cpuLines() throws Exception {
		HttpResponse<String> response = send("GET", "/actuator/flamegraph?mode=cpu&format=folded");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body().lines().toList();
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
