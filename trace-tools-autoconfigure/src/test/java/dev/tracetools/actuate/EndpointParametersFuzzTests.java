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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every parameter of every trace-tools endpoint, given a generated table of bad values
 * (empty, huge, negative, overflowing, Unicode look-alikes, NUL and other control
 * characters, repeated): each answers 400 with the one {@link ParameterError} body that
 * names the parameter, the value and what is valid, and logs no error.
 *
 * @author trace-tools
 */
@SpringBootTest(classes = TimelineEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-tools.timeline.enabled=true",
				"management.endpoints.web.exposure.include=flamegraph,tasks,timeline" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class EndpointParametersFuzzTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String HUGE = "a".repeat(4000);

	/** Values that no parameter takes. */
	private static final List<String> BAD_FOR_ALL = List.of("\u0000", "x\u0000", "\u001b[31m", "\n", HUGE + "\u0000");

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@AfterEach
	void noErrorLogged(CapturedOutput output) {
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("Exception");
	}

	static Stream<Row> badValues() {
		List<Row> rows = new ArrayList<>();
		for (String endpoint : List.of("flamegraph", "timeline")) {
			choice(rows, endpoint, "format", "json", "html");
		}
		choice(rows, "flamegraph", "mode", "busy", "scheduled");
		number(rows, "tasks", "limit");
		number(rows, "timeline", "limit");
		text(rows, "tasks", "name");
		text(rows, "tasks", "executor");
		text(rows, "timeline", "name");
		choice(rows, "tasks", "warning", "stuck", "failed");
		choice(rows, "tasks", "sort", "busy", "-busy");
		rows.add(new Row("tasks", "sort", "-"));
		rows.add(new Row("tasks", "sort", "--busy"));
		for (String value : List.of("runnin", "running,sleeping", "\u0280unning", "running\u0000", HUGE)) {
			rows.add(new Row("tasks", "state", value));
		}
		for (String value : BAD_FOR_ALL) {
			rows.add(new Row("tasks", "state", value));
		}
		for (String value : List.of("1000000000000d", "PT99999999999999H", "99999999999999999999d", "-5s", "-1",
				"99999999999999999999", "9223372036855", "+1000000000-01-01T00:00:00Z", "1600-01-01T00:00:00Z",
				"2262-04-12T00:00:00Z", "2026-13-45T00:00:00Z", "\u0661\u0662", "5\u017f", "yesterday", HUGE)) {
			rows.add(new Row("timeline", "since", value));
		}
		rows.add(Row.repeated("timeline", "since", "5s", "6s"));
		for (String value : BAD_FOR_ALL) {
			rows.add(new Row("timeline", "since", value));
		}
		return rows.stream();
	}

	private static void choice(List<Row> rows, String endpoint, String parameter, String valid, String otherValid) {
		for (String value : List.of("xml", valid + "x", valid + "\u0000", "\u017f" + valid,
				valid.toUpperCase() + "\u212a", "-1", "99999999999", HUGE)) {
			rows.add(new Row(endpoint, parameter, value));
		}
		for (String value : BAD_FOR_ALL) {
			rows.add(new Row(endpoint, parameter, value));
		}
		rows.add(Row.repeated(endpoint, parameter, valid, otherValid));
	}

	private static void number(List<Row> rows, String endpoint, String parameter) {
		for (String value : List.of("0", "-1", "-9223372036854775809", "2147483648", "99999999999",
				"9223372036854775808", "1e3", "0x10", "+5", "5.0", "\u0661\u0662", "\uff15", "five", HUGE)) {
			rows.add(new Row(endpoint, parameter, value));
		}
		for (String value : BAD_FOR_ALL) {
			rows.add(new Row(endpoint, parameter, value));
		}
		rows.add(Row.repeated(endpoint, parameter, "5", "6"));
	}

	private static void text(List<Row> rows, String endpoint, String parameter) {
		rows.add(new Row(endpoint, parameter, "a".repeat(1001)));
		for (String value : BAD_FOR_ALL) {
			rows.add(new Row(endpoint, parameter, value));
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badValues")
	void badValueAnswers400WithTheParameterTheValueAndTheValidValues(Row bad) throws Exception {
		List<String> accepts = switch (bad.endpoint) {
			case "tasks" -> List.of("*/*", "application/json");
			case "flamegraph" -> List.of("*/*", BROWSER_ACCEPT, "text/plain", "image/svg+xml");
			default -> List.of("*/*", BROWSER_ACCEPT);
		};
		for (String accept : accepts) {
			HttpResponse<String> response = get("/actuator/" + bad.endpoint + "?" + bad.query(), accept);
			assertThat(response.statusCode()).as(bad + " " + accept + " " + response.body()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).as(bad.toString()).startsWith("application/json"));
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.path("status").asInt()).isEqualTo(400);
			assertThat(body.path("parameter").asString()).as(bad.toString()).isEqualTo(bad.parameter);
			assertThat(body.path("value").asString()).as(bad.toString()).isNotEmpty();
			assertThat(body.path("validValues").asString()).as(bad.toString()).isNotBlank();
			assertThat(body.path("message").asString()).as(bad.toString())
				.startsWith("Invalid " + bad.parameter + " '")
				.contains("valid values are " + body.path("validValues").asString());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("goodValues")
	void emptyAndUnicodeTextAreAccepted(Row notBad) throws Exception {
		String accept = notBad.endpoint.equals("tasks") ? "application/json" : "*/*";
		HttpResponse<String> response = get("/actuator/" + notBad.endpoint + "?" + notBad.query(), accept);
		assertThat(response.statusCode()).as(notBad + " " + response.body()).isEqualTo(200);
	}

	static Stream<Row> goodValues() {
		List<Row> rows = new ArrayList<>();
		// An empty value is as if the parameter were not given; so is a list of no items.
		for (String[] parameter : new String[][] { { "flamegraph", "format" }, { "flamegraph", "mode" },
				{ "timeline", "format" }, { "timeline", "since" }, { "timeline", "name" }, { "timeline", "limit" },
				{ "tasks", "state" }, { "tasks", "name" }, { "tasks", "executor" }, { "tasks", "warning" },
				{ "tasks", "sort" }, { "tasks", "limit" } }) {
			rows.add(new Row(parameter[0], parameter[1], ""));
			rows.add(new Row(parameter[0], parameter[1], "  "));
		}
		rows.add(new Row("tasks", "state", ",,,"));
		rows.add(Row.repeated("tasks", "state", "running", "done"));
		rows.add(new Row("tasks", "name", "\u00fcber\u2603\ud83d\ude00"));
		rows.add(new Row("timeline", "name", "\u00fcber\u2603\ud83d\ude00"));
		rows.add(new Row("tasks", "limit", "2147483647"));
		rows.add(new Row("timeline", "since", "0"));
		rows.add(new Row("timeline", "since", "1970-01-01T00:00:00Z"));
		return rows.stream();
	}

	@Test
	void badTaskIdsAnswer400WithTheOneBody() throws Exception {
		for (String id : List.of("-1", "0", "99999999999999999999", "%D9%A1%D9%A2", "abc", "1e3")) {
			HttpResponse<String> response = get("/actuator/tasks/" + id, "application/json");
			assertThat(response.statusCode()).as(id).isEqualTo(400);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.path("parameter").asString()).isEqualTo("id");
			assertThat(body.path("validValues").asString())
				.isEqualTo("whole numbers from 1 to 9223372036854775807 (task ids)");
		}
	}

	@Test
	void messagesTellTheTruth() throws Exception {
		assertThat(message("tasks", "limit=99999999999"))
			.isEqualTo("Invalid limit '99999999999': valid values are whole numbers from 1 to 2147483647 (tasks)");
		assertThat(message("timeline", "limit=99999999999"))
			.isEqualTo("Invalid limit '99999999999': valid values are whole numbers from 1 to 2147483647 (spans)");
		assertThat(message("timeline", "since=" + encode("+1000000000-01-01T00:00:00Z")))
			.contains("an ISO-8601 instant from 1970-01-01T00:00:00Z to 2262-04-11T23:47:16.854775807Z");
		assertThat(message("timeline", "since=1000000000000d")).startsWith("Invalid since '1000000000000d'")
			.contains("a duration back from now reaching no further than 1970-01-01T00:00:00Z");
		assertThat(message("flamegraph", "format=json%00"))
			.isEqualTo("Invalid format 'json\\u0000': valid values are html, folded, json, svg");
	}

	@Test
	void notAcceptableListsWhatTheEndpointProduces() throws Exception {
		for (String endpoint : List.of("flamegraph", "tasks", "timeline")) {
			HttpResponse<String> response = get("/actuator/" + endpoint, "application/pdf");
			assertThat(response.statusCode()).isEqualTo(406);
			JsonNode body = JSON.readTree(response.body());
			assertThat(body.path("status").asInt()).isEqualTo(406);
			assertThat(body.path("accept").asString()).isEqualTo("application/pdf");
			List<String> produces = new ArrayList<>();
			body.path("produces").forEach((type) -> produces.add(type.asString()));
			assertThat(produces).contains("application/json", "text/html;charset=UTF-8");
			assertThat(body.path("message").asString()).startsWith("This endpoint produces ")
				.contains("text/html;charset=UTF-8");
			if (endpoint.equals("flamegraph")) {
				assertThat(produces).contains("text/plain;charset=UTF-8", "image/svg+xml;charset=UTF-8");
			}
		}
	}

	private String message(String endpoint, String query) throws Exception {
		HttpResponse<String> response = get("/actuator/" + endpoint + "?" + query, "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		return JSON.readTree(response.body()).path("message").asString();
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Accept", accept)
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * A parameter of an endpoint and a value (or values, repeated) for it.
	 */
	record Row(String endpoint, String parameter, List<String> values) {

		Row(String endpoint, String parameter, String value) {
			this(endpoint, parameter, List.of(value));
		}

		static Row repeated(String endpoint, String parameter, String first, String second) {
			return new Row(endpoint, parameter, List.of(first, second));
		}

		String query() {
			List<String> pairs = new ArrayList<>();
			for (String value : this.values) {
				pairs.add(this.parameter + "=" + encode(value));
			}
			return String.join("&", pairs);
		}

		@Override
		public String toString() {
			String shown = String.join("&", this.values);
			shown = (shown.length() > 40) ? shown.substring(0, 40) + "...(" + shown.length() + ")" : shown;
			return this.endpoint + "?" + this.parameter + "="
					+ shown.replace("\u0000", "\\0").replace("\u001b", "\\e").replace("\n", "\\n");
		}

	}

}
