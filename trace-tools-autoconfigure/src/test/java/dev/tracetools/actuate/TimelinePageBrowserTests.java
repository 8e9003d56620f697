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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tracetools.test.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The timeline page in a real headless Chromium: lanes, busy sections, event tooltips,
 * zoom, filter, details, and a saved JSON file loaded back.
 *
 * @author trace-tools
 */
@EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")
@SpringBootTest(classes = TimelineEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trace-tools.timeline.enabled=true", "management.endpoints.web.exposure.include=timeline" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TimelinePageBrowserTests {

	private final HttpClient client = HttpClient.newHttpClient();

	private HeadlessChromium chromium;

	@LocalServerPort
	private int port;

	@BeforeAll
	void startBrowser() throws Exception {
		this.chromium = HeadlessChromium.start();
	}

	@AfterAll
	void stopBrowser() {
		this.chromium.close();
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header("Accept", "application/json")
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void pageDrawsTheBlockedEndOfAnAsyncTasksPollShowsEventMessagesAndReplaysASavedFile(@TempDir Path directory)
			throws Exception {
		assertThat(send("GET", "/fan-out").statusCode()).isEqualTo(200);
		await().until(() -> !send("GET", "/actuator/timeline?name=lookup").body().contains("\"stopped\":null"));
		Path saved = directory.resolve("saved-timeline.json");
		Files.writeString(saved, send("GET", "/actuator/timeline?format=json").body());

		WebDriver driver = this.chromium.driver();
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
		driver.get("http://127.0.0.1:" + this.port + "/actuator/timeline");
		WebElement lane = wait.until((d) -> blockedTaskLane(d));
		assertThat(lane.getAttribute("data-name")).endsWith("Lookups.lookup");
		// One poll on the worker, whose end held the thread on the method's future.
		List<WebElement> busy = lane.findElements(By.cssSelector(".busy"));
		assertThat(busy).hasSize(1);
		assertThat(busy.get(0).getAttribute("data-tip")).startsWith("poll 1 on task-");
		assertThat(lane.findElement(By.cssSelector(".blocked")).getAttribute("data-tip"))
			.startsWith("poll 1 blocked on a future for ");
		// The lookup sits under the request that fanned it out.
		WebElement label = lane.findElement(By.cssSelector(".label"));
		assertThat(label.getCssValue("padding-left")).isNotEqualTo("6px");

		// Hovering the log event shows its message.
		WebElement event = lane.findElement(By.cssSelector(".event"));
		new Actions(driver).moveToElement(event).perform();
		WebElement tooltip = driver.findElement(By.id("tooltip"));
		wait.until((d) -> tooltip.isDisplayed());
		assertThat(tooltip.getText()).startsWith("INFO Lookups: looking up <").contains("log on task-");

		// Zoom in: the visible time range halves.
		@SuppressWarnings("unchecked")
		Map<String, Number> before = (Map<String, Number>) ((JavascriptExecutor) driver)
			.executeScript("return window.traceToolsTimeline.view()");
		driver.findElement(By.id("zoom-in")).click();
		@SuppressWarnings("unchecked")
		Map<String, Number> after = (Map<String, Number>) ((JavascriptExecutor) driver)
			.executeScript("return window.traceToolsTimeline.view()");
		double widthBefore = before.get("t1").doubleValue() - before.get("t0").doubleValue();
		double widthAfter = after.get("t1").doubleValue() - after.get("t0").doubleValue();
		assertThat(widthAfter).isCloseTo(widthBefore / 2, within(widthBefore / 100));

		// Filter by name: only the lookups and their parent stay.
		driver.findElement(By.id("filter")).sendKeys("lookup");
		List<WebElement> shown = driver.findElements(By.cssSelector(".lane:not([hidden])"));
		assertThat(shown).hasSizeGreaterThanOrEqualTo(4);
		assertThat(shown.get(0).getAttribute("data-name")).contains("/fan-out");
		assertThat(shown).allSatisfy((shownLane) -> assertThat(shownLane.getAttribute("data-name")).satisfiesAnyOf(
				(name) -> assertThat(name).contains("/fan-out"),
				(name) -> assertThat(name).endsWith("Lookups.lookup")));
		driver.findElement(By.id("filter")).clear();
		driver.findElement(By.id("filter")).sendKeys("no such span");
		assertThat(driver.findElements(By.cssSelector(".lane:not([hidden])"))).isEmpty();

		// Clicking a task shows its details; the console endpoint is not exposed here.
		driver.findElement(By.id("filter")).clear();
		driver.findElement(By.id("filter")).sendKeys(" ");
		lane = blockedTaskLane(driver);
		lane.findElement(By.cssSelector(".label")).click();
		WebElement details = driver.findElement(By.id("details"));
		wait.until((d) -> details.isDisplayed());
		assertThat(details.findElement(By.tagName("h2")).getText()).endsWith("Lookups.lookup");
		assertThat(details.getText()).contains("1 poll").contains("blocked");
		wait.until((d) -> details.findElement(By.cssSelector("pre.console")).getText().startsWith("No details"));

		// Forget everything, then replay the saved file.
		assertThat(send("DELETE", "/actuator/timeline").statusCode()).isEqualTo(204);
		driver.get("http://127.0.0.1:" + this.port + "/actuator/timeline?name=lookup");
		assertThat(driver.findElements(By.cssSelector(".lane"))).isEmpty();
		driver.findElement(By.id("load")).sendKeys(saved.toAbsolutePath().toString());
		wait.until((d) -> d.findElement(By.id("source")).getText().equals("file: saved-timeline.json"));
		lane = wait.until((d) -> blockedTaskLane(d));
		assertThat(lane.getAttribute("data-name")).endsWith("Lookups.lookup");
		assertThat(driver.findElements(By.cssSelector(".lane[data-task-id]")).size()).isGreaterThanOrEqualTo(3);
	}

	private static WebElement blockedTaskLane(WebDriver driver) {
		for (WebElement lane : driver.findElements(By.cssSelector(".lane[data-task-id]"))) {
			if (!lane.findElements(By.cssSelector(".blocked")).isEmpty()
					&& !lane.findElements(By.cssSelector(".event")).isEmpty()) {
				return lane;
			}
		}
		return null;
	}

}
