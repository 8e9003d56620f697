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

import dev.tracetools.test.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code mode=cpu} flamegraph page in a real (headless) Chromium: Java methods on top
 * of the task's box, coloured apart from the spans.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")
// The profiler's stream is closed with the context, not left sampling the next classes.
@DirtiesContext
@SpringBootTest(classes = FlamegraphTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=flamegraph", "trace-tools.profiling.enabled=true",
				"trace-tools.profiling.interval=10ms" })
class ProfilingPageBrowserTests {

	private static HeadlessChromium chromium;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@BeforeAll
	static void startBrowser() throws Exception {
		chromium = HeadlessChromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (chromium != null) {
			chromium.close();
		}
	}

	@Test
	void cpuPageDrawsMethodsOnTopOfTheTaskBoxInTheirOwnColour() throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			for (int i = 0; i < 10; i++) {
				get("/orders/" + i);
			}
			return get("/actuator/flamegraph?mode=cpu&format=folded").lines()
				.anyMatch((line) -> line.startsWith(ProfilingEndpointWebIntegrationTests.TASK_STACK + ";")
						&& line.contains(ProfilingEndpointWebIntegrationTests.SPIN));
		});
		ChromeDriver driver = chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/actuator/flamegraph?mode=cpu");
		assertThat(driver.findElement(By.tagName("h1")).getText()).contains("sampled CPU time");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> frames = (List<Map<String, Object>>) driver.executeScript(
				"return levels.flat().map(function (f) { return { title: f.title, level: f.level, color: f.color }; });");
		Map<String, Object> task = frames.stream()
			.filter((frame) -> "Shipping.ship".equals(frame.get("title")))
			.findFirst()
			.orElseThrow();
		Map<String, Object> method = frames.stream()
			.filter((frame) -> ProfilingEndpointWebIntegrationTests.SPIN.equals(frame.get("title")))
			.findFirst()
			.orElseThrow();
		assertThat(((Number) method.get("level")).intValue()).isGreaterThan(((Number) task.get("level")).intValue());
		// Methods in the page's teal (#50cccc and lighter), spans in their own colours.
		assertThat(red((String) method.get("color"))).isLessThan(0x80);
		assertThat(red((String) task.get("color"))).isGreaterThanOrEqualTo(0xc8);
		assertThat(frames).filteredOn((frame) -> red((String) frame.get("color")) < 0x80)
			.extracting((frame) -> (String) frame.get("title"))
			.doesNotContain("Shipping.ship", "http get /orders/{id}");
	}

	private static int red(String color) {
		return Integer.parseInt(color.substring(1, 3), 16);
	}

	private String get(String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
