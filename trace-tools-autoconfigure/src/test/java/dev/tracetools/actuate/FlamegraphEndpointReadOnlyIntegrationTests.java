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

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/flamegraph} with read-only access: it is served, but cannot be
 * cleared.
 */
@SpringBootTest(classes = FlamegraphTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=flamegraph", "management.endpoint.flamegraph.access=read-only" })
class FlamegraphEndpointReadOnlyIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Test
	void deleteIsNotAllowedWhenAccessIsReadOnly() throws Exception {
		assertThat(send("GET", "/orders/3").statusCode()).isEqualTo(200);
		assertThat(send("DELETE", "/actuator/flamegraph").statusCode()).isEqualTo(405);
		HttpResponse<String> folded = send("GET", "/actuator/flamegraph?format=folded");
		assertThat(folded.statusCode()).isEqualTo(200);
		assertThat(folded.body()).contains("http get /orders/{id};Shipping.ship ");
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
