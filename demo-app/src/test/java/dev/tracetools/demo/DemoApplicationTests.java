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

package dev.tracetools.demo;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo application starts and answers on its REST endpoint.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureTestRestTemplate
class DemoApplicationTests {

	@Autowired
	private TestRestTemplate rest;

	@Autowired
	private Environment environment;

	@Test
	void usersEndpointFansOutAndAnswers() {
		ResponseEntity<String[]> response = this.rest.getForEntity("/demo/users?names=ann,bo", String[].class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).hasSize(2).allMatch((user) -> user.startsWith("ann:") || user.startsWith("bo:"));
	}

	@Test
	void usersFlamegraphHasTheSameStacksWhateverTheTiming() {
		this.rest.delete("/actuator/flamegraph");
		for (int i = 0; i < 20; i++) {
			this.rest.getForEntity("/demo/users", String[].class);
		}
		String folded = this.rest.getForObject("/actuator/flamegraph?format=folded", String.class);
		assertThat(folded.lines()
			.filter((line) -> line.startsWith("http get /demo/users"))
			.map((line) -> line.substring(0, line.lastIndexOf(' ')))).containsExactlyInAnyOrder("http get /demo/users",
					"http get /demo/users;UserLookupService.findUser",
					"http get /demo/users;UserLookupService.findUser;ProfileScorer.score",
					"http get /demo/users;UsersController.users",
					"http get /demo/users;UsersController.users;CompletableFuture$UniApply");
	}

	@Test
	void bindsToTheLoopbackAddressUnlessToldOtherwise() {
		assertThat(this.environment.getProperty("server.address")).isEqualTo("127.0.0.1");
	}

	@Test
	void stuckAnswersWithTheNumberOfWaitingTasks() {
		try {
			ResponseEntity<String> response = this.rest.getForEntity("/demo/stuck", String.class);
			assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(response.getBody()).contains("\"warning\":\"stuck\"").containsPattern("\"waiting\":[0-9]+");
		}
		finally {
			this.rest.getForEntity("/demo/stuck/release", String.class);
		}
	}

	@Test
	void prometheusEndpointServesTheTaskMeters() {
		this.rest.getForEntity("/demo/users?names=ann", String[].class);
		ResponseEntity<String> response = this.rest.getForEntity("/actuator/prometheus", String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).contains("tracetools_tasks_busy_seconds_total{");
	}

}
