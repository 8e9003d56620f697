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

package dev.tracetools.names;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.ExecutionException;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One span, one name: an HTTP request with a task under it, and an HTTP client call with
 * a task under it, are named alike in the console's JSON, the flamegraph's folded lines,
 * the timeline's JSON and the span lifecycle log lines.
 */
@SpringBootTest(classes = SpanNamesWebIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-tools.timeline.enabled=true", "trace-tools.logging.span-events=close",
				"management.endpoints.web.exposure.include=tasks,flamegraph,timeline" })
@ExtendWith(OutputCaptureExtension.class)
class SpanNamesWebIntegrationTests {

	private static final String REQUEST = "http get /users/{id}";

	private static final String CLIENT = "http get";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient.Builder restClients;

	@Autowired
	private ThreadPoolTaskExecutor lookupExecutor;

	@Test
	void requestHasOneNameInEveryView(CapturedOutput output) throws Exception {
		assertThat(get("/users/ada", "*/*")).isEqualTo("user ada");
		assertOneName(REQUEST, "UsersController.user", output);
	}

	@Test
	void clientCallHasOneNameInEveryView(CapturedOutput output) throws Exception {
		ThreadPoolTaskExecutor executor = this.lookupExecutor;
		RestClient client = this.restClients.baseUrl("http://localhost:" + this.port)
			.requestInterceptor((request, body, execution) -> {
				// A task spawned while the client call is current: its child.
				try {
					executor.submit(() -> "audited").get();
				}
				catch (InterruptedException | ExecutionException ex) {
					throw new IllegalStateException(ex);
				}
				return execution.execute(request, body);
			})
			.build();
		assertThat(client.get().uri("/ping").retrieve().body(String.class)).isEqualTo("pong");
		assertOneName(CLIENT, "SpanNamesWebIntegrationTests.clientCallHasOneNameInEveryView", output);
	}

	private void assertOneName(String span, String task, CapturedOutput output) {
		await().untilAsserted(() -> {
			List<String> parents = JsonPath.read(get("/actuator/tasks?name=" + task, "application/json"),
					"$.tasks[*].parentName");
			assertThat(parents).containsOnly(span);
			String folded = get("/actuator/flamegraph", "text/plain");
			assertThat(folded.lines()).anyMatch((line) -> line.startsWith(span + ";" + task + " "));
			String timeline = get("/actuator/timeline", "application/json");
			List<Integer> parentIds = JsonPath.read(timeline, "$.spans[?(@.name == '" + task + "')].parentId");
			assertThat(parentIds).isNotEmpty();
			List<String> parentNames = JsonPath.read(timeline, "$.spans[?(@.id == " + parentIds.get(0) + ")].name");
			assertThat(parentNames).containsExactly(span);
			assertThat(output.getOut().lines())
				.anyMatch((line) -> line.contains(" : " + span + "{") && line.contains("}: close"));
		});
	}

	private String get(String path, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

		@Bean
		ThreadPoolTaskExecutor lookupExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setThreadNamePrefix("lookup-");
			return executor;
		}

		@Bean
		UsersController usersController(ThreadPoolTaskExecutor lookupExecutor) {
			return new UsersController(lookupExecutor);
		}

	}

	@RestController
	static class UsersController {

		private final ThreadPoolTaskExecutor executor;

		UsersController(ThreadPoolTaskExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/users/{id}")
		String user(@PathVariable String id) throws Exception {
			return this.executor.submit(() -> "user " + id).get();
		}

		@GetMapping("/ping")
		String ping() {
			return "pong";
		}

	}

}
