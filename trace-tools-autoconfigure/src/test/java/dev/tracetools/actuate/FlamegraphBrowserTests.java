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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTML flamegraph of {@code /actuator/flamegraph} in a real headless Chromium: the
 * page draws the frames, searches them, shows tooltips in µs, and runs nothing that a
 * span's name contains.
 */
@EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")
@SpringBootTest(classes = FlamegraphTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=flamegraph")
class FlamegraphBrowserTests {

	private static HeadlessChromium chromium;

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
	void pageShowsTheFramesSearchesThemAndRunsNoScriptFromSpanNames() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		http.send(request("DELETE", "/actuator/flamegraph"), HttpResponse.BodyHandlers.discarding());
		http.send(request("GET", "/orders/7"), HttpResponse.BodyHandlers.discarding());
		http.send(request("GET", "/evil"), HttpResponse.BodyHandlers.discarding());
		ChromeDriver driver = chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/actuator/flamegraph");
		assertNoAlert(driver);
		assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("trace-tools flamegraph");

		// The page's script ran to the end and drew every frame, names as text.
		@SuppressWarnings("unchecked")
		List<String> titles = (List<String>) driver
			.executeScript("return levels.flat().map(function (f) { return f.title; });");
		assertThat(titles).contains("all", "http get /orders/{id}", "Shipping.ship",
				FlamegraphTestApplication.SCRIPT_NAME.replace(';', ','), FlamegraphTestApplication.SCRIPT_END_NAME);
		assertThat(driver.executeScript("return typeof window.pwned + ',' + typeof window.pwned2;"))
			.isEqualTo("undefined,undefined");
		assertThat(driver.findElements(By.tagName("script"))).hasSize(2);

		// A tooltip in µs over the task's frame.
		@SuppressWarnings("unchecked")
		Map<String, Object> position = (Map<String, Object>) driver.executeScript("""
				const f = levels.flat().find(function (f) { return f.title === 'Shipping.ship'; });
				const canvas = document.getElementById('canvas');
				return { x: (f.left - root.left + f.width / 2) * px - canvas.offsetWidth / 2,
						y: canvas.offsetHeight - (f.level + 1) * 16 + 8 - canvas.offsetHeight / 2 };
				""");
		WebElement canvas = driver.findElement(By.id("canvas"));
		new Actions(driver)
			.moveToElement(canvas, ((Number) position.get("x")).intValue(), ((Number) position.get("y")).intValue())
			.perform();
		WebElement status = driver.findElement(By.id("status"));
		assertThat(status.getText()).startsWith("Function: Shipping.ship").contains(" \u00b5s, ").endsWith("%)");

		// Search through the page's own button and prompt.
		driver.findElement(By.id("search")).click();
		Alert prompt = new WebDriverWait(driver, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
		prompt.sendKeys("Shipping");
		prompt.accept();
		WebElement match = driver.findElement(By.id("match"));
		assertThat(match.isDisplayed()).isTrue();
		String matched = driver.findElement(By.id("matchval")).getText();
		assertThat(matched).endsWith("%");
		assertThat(Double.parseDouble(matched.replace("%", ""))).isGreaterThan(0);
		assertNoAlert(driver);
		assertThat(driver.executeScript("return typeof window.pwned + ',' + typeof window.pwned2;"))
			.isEqualTo("undefined,undefined");
	}

	private static void assertNoAlert(ChromeDriver driver) {
		assertThatExceptionOfType(NoAlertPresentException.class).isThrownBy(() -> driver.switchTo().alert());
	}

	private HttpRequest request(String method, String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
	}

}
