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

import java.time.Duration;
import java.util.List;

import dev.tracetools.test.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one open console page asks of the application, in a real headless Chromium: never
 * two requests at once, fewer when answers are slow, none while the tab is hidden.
 *
 * @author trace-tools
 */
@EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")
@SpringBootTest(classes = { TasksEndpointApplication.class, TasksConsolePollingBrowserTests.Recording.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=tasks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksConsolePollingBrowserTests {

	private HeadlessChromium chromium;

	@LocalServerPort
	private int port;

	@Autowired
	private ConsoleTableRequests requests;

	@BeforeAll
	void startBrowser() throws Exception {
		this.chromium = HeadlessChromium.start();
	}

	@AfterAll
	void stopBrowser() {
		this.chromium.close();
	}

	@BeforeEach
	void forget() {
		this.requests.reset(0);
	}

	@Test
	void aSlowServerIsNeverAskedTwiceAtOnceAndIsAskedLessOften() {
		this.requests.reset(300);
		WebDriver driver = this.chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/actuator/tasks");
		await().atMost(Duration.ofSeconds(45)).until(() -> this.requests.answered.size() >= 2);
		driver.get("about:blank");
		assertThat(this.requests.mostAtOnce.get()).isOne();
		List<long[]> answered = List.copyOf(this.requests.answered);
		long took = answered.get(0)[1] - answered.get(0)[0];
		long gap = answered.get(1)[0] - answered.get(0)[1];
		assertThat(took).isGreaterThanOrEqualTo(300);
		// The page waits 19 times as long as the answer took, so that answering it costs
		// the application at most 5 % of a core (a fixed 1 s poll, or 4 times, would
		// not).
		assertThat(gap).isGreaterThanOrEqualTo(18 * took);
	}

	@Test
	void aHiddenTabAsksNothingUntilShownAgain() {
		WebDriver driver = this.chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/actuator/tasks");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.requests.answered.size() >= 2);
		visibility(driver, true);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.requests.inFlight.get() == 0);
		int asked = this.requests.started.get();
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(4))
			.until(() -> this.requests.started.get() == asked);
		visibility(driver, false);
		await().atMost(Duration.ofSeconds(2)).until(() -> this.requests.started.get() > asked);
		driver.get("about:blank");
		assertThat(this.requests.mostAtOnce.get()).isOne();
	}

	/**
	 * Make the page's tab hidden or visible, as the browser does when the user switches
	 * tabs or minimises the window.
	 */
	private static void visibility(WebDriver driver, boolean hidden) {
		((JavascriptExecutor) driver).executeScript("var hidden = arguments[0];"
				+ "Object.defineProperty(document, 'hidden', { configurable: true, get: function () { return hidden; } });"
				+ "Object.defineProperty(document, 'visibilityState', { configurable: true,"
				+ " get: function () { return hidden ? 'hidden' : 'visible'; } });"
				+ "document.dispatchEvent(new Event('visibilitychange'));", hidden);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		ConsoleTableRequests tableRequests() {
			return new ConsoleTableRequests();
		}

	}

}
