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

package dev.tracetools.aop;

import java.util.concurrent.CompletableFuture;

import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static dev.tracetools.test.RecordingObservationHandler.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Over real HTTP, an {@code @Async} task started inside a request is a child of the
 * request's observation.
 */
@SpringBootTest(classes = AsyncInHttpRequestIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class AsyncInHttpRequestIntegrationTests {

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private RecordingObservationHandler recorder;

	@Test
	void asyncTaskIsAChildOfTheRequest() {
		assertThat(this.rest.getForObject("/greet", String.class)).isEqualTo("hello");
		await().untilAsserted(() -> assertThat(this.recorder.stopped(SpanKeys.TASK_OBSERVATION)).anySatisfy((task) -> {
			assertThat(value(task, SpanKeys.OBSERVED_NAME)).isEqualTo("Greeter.greet");
			assertThat(value(task, SpanKeys.TASK_KIND)).isEqualTo("async");
			assertThat(task.getParentObservation()).isNotNull();
			assertThat(task.getParentObservation().getContextView().getName()).isEqualTo("http.server.requests");
		}));
	}

	@SpringBootApplication
	@EnableAsync
	static class TestApplication {

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

		@Bean
		GreetController greetController(Greeter greeter) {
			return new GreetController(greeter);
		}

	}

	static class Greeter {

		@Async
		public CompletableFuture<String> greet() {
			return CompletableFuture.completedFuture("hello");
		}

	}

	@RestController
	static class GreetController {

		private final Greeter greeter;

		GreetController(Greeter greeter) {
			this.greeter = greeter;
		}

		@GetMapping("/greet")
		String greet() {
			return this.greeter.greet().join();
		}

	}

}
