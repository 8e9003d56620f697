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

package dev.tracetools.compat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import dev.tracetools.aop.ExecutorProxies;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application (Reactor Netty) with the starter: its requests are spans in the
 * flamegraph, its {@code @Async} methods and executor beans are observed as in a servlet
 * application, and the endpoints answer. The servlet stack is on this module's test class
 * path too, so the application asks for the reactive one. Reactor's automatic context
 * propagation makes the request's observation current while its operators run, so that
 * the tasks a request starts are its children.
 */
@SpringBootTest(classes = WebFluxApplicationTests.TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=flamegraph,tasks,timeline",
				"trace-tools.timeline.enabled=true", "spring.reactor.context-propagation=auto" })
@AutoConfigureWebTestClient
class WebFluxApplicationTests {

	@Autowired
	private WebTestClient client;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private RecordingObservationHandler recorder;

	@Autowired
	private ThreadPoolTaskExecutor reportExecutor;

	@Test
	void runsOnTheReactiveServerWithAnInstrumentedExecutor() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(ExecutorProxies.isInstrumented(this.reportExecutor)).isTrue();
	}

	@Test
	void requestAsyncMethodAndExecutorTaskAreSpansInTheFlamegraph() {
		this.client.get()
			.uri("/orders/42")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("order 42 (report 42)");
		await().untilAsserted(() -> {
			assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((task) -> {
				assertThat(value(task, SpanKeys.OBSERVED_NAME)).isEqualTo("Orders.load");
				assertThat(value(task, SpanKeys.TASK_KIND)).isEqualTo("async");
			}).anySatisfy((task) -> {
				assertThat(value(task, SpanKeys.TASK_KIND)).isEqualTo("executor");
				assertThat(value(task, "executor.name")).isEqualTo("reportExecutor");
			});
			assertThat(folded()).contains("http get /orders/{id};Orders.load ",
					"http get /orders/{id};OrdersController.order ");
		});
	}

	@Test
	void requestHasOneNameInTheFlamegraphTheTimelineAndTheConsole() {
		this.client.get().uri("/orders/11").exchange().expectStatus().isOk();
		// Reactor opens the request's scope before its route is matched, and the
		// convention names the request only when it stops: every view names it with its
		// route.
		String name = "http get /orders/{id}";
		await().untilAsserted(() -> assertThat(timelineJson()).contains("\"name\":\"" + name + "\""));
		this.client.get()
			.uri("/actuator/tasks?name=Orders.load")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tasks[0].parentName")
			.isEqualTo(name);
		assertThat(folded().lines()).isNotEmpty()
			.allSatisfy((line) -> assertThat(line).doesNotStartWith("http get;").doesNotMatch("http get \\d+"))
			.anySatisfy((line) -> assertThat(line).startsWith(name + ";Orders.load "));
	}

	@Test
	void tasksEndpointListsTheTasks() {
		this.client.get().uri("/orders/7").exchange().expectStatus().isOk();
		await().untilAsserted(() -> this.client.get()
			.uri("/actuator/tasks?name=Orders.load")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tasks[0].name")
			.isEqualTo("Orders.load")
			.jsonPath("$.tasks[0].kind")
			.isEqualTo("async"));
		this.client.get()
			.uri("/actuator/tasks")
			.accept(MediaType.TEXT_HTML)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((html) -> assertThat(html).contains("<html"));
	}

	@Test
	void timelineEndpointAnswers() {
		this.client.get().uri("/orders/9").exchange().expectStatus().isOk();
		await().untilAsserted(() -> this.client.get()
			.uri("/actuator/timeline?format=json")
			.accept(MediaType.APPLICATION_JSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((json) -> assertThat(json).contains("Orders.load")));
	}

	private String timelineJson() {
		return body("/actuator/timeline?format=json", MediaType.APPLICATION_JSON);
	}

	private String folded() {
		return body("/actuator/flamegraph?format=folded", MediaType.TEXT_PLAIN);
	}

	private String body(String uri, MediaType accept) {
		String body = this.client.get()
			.uri(uri)
			.accept(accept)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return (body != null) ? body : "";
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

		@Bean
		ThreadPoolTaskExecutor reportExecutor() {
			ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
			executor.setCorePoolSize(2);
			executor.setThreadNamePrefix("report-");
			return executor;
		}

		@Bean
		Orders orders() {
			return new Orders();
		}

		@Bean
		OrdersController ordersController(Orders orders, ThreadPoolTaskExecutor reportExecutor) {
			return new OrdersController(orders, reportExecutor);
		}

	}

	static class Orders {

		@Async
		public CompletableFuture<String> load(String id) {
			return CompletableFuture.completedFuture("order " + id);
		}

	}

	@RestController
	static class OrdersController {

		private final Orders orders;

		private final ThreadPoolTaskExecutor reportExecutor;

		OrdersController(Orders orders, ThreadPoolTaskExecutor reportExecutor) {
			this.orders = orders;
			this.reportExecutor = reportExecutor;
		}

		@GetMapping("/orders/{id}")
		Mono<String> order(@PathVariable String id) {
			Future<String> report = this.reportExecutor.submit(() -> "report " + id);
			return Mono.fromFuture(this.orders.load(id)).map((order) -> order + " (" + join(report) + ")");
		}

		private static String join(Future<String> future) {
			try {
				return future.get();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
