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
import java.util.concurrent.CountDownLatch;

import dev.tracetools.actuate.TasksEndpointApplication.Jobs;
import dev.tracetools.test.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live console in a real headless Chromium.
 *
 * @author trace-tools
 */
@EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")
@SpringBootTest(classes = TasksEndpointApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=tasks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TasksConsoleBrowserTests {

	private HeadlessChromium chromium;

	@LocalServerPort
	private int port;

	@Autowired
	private Jobs jobs;

	@BeforeAll
	void startBrowser() throws Exception {
		this.chromium = HeadlessChromium.start();
	}

	@AfterAll
	void stopBrowser() {
		this.chromium.close();
	}

	private static String script(WebDriver driver, String script) {
		Object result = ((JavascriptExecutor) driver).executeScript(script);
		return (result != null) ? result.toString() : null;
	}

	@Test
	void consoleShowsARunningTaskTurnDoneSortsAndOpensDetails() throws Exception {
		this.jobs.quick();
		this.jobs.slow();
		CountDownLatch release = new CountDownLatch(1);
		this.jobs.blocking(release);
		WebDriver driver = this.chromium.driver();
		driver.get("http://127.0.0.1:" + this.port + "/actuator/tasks");
		// The page re-renders its table at each answer: read and click inside waits that
		// retry on stale elements. It waits 19 times as long as its last request took
		// (up to a minute) before the next one, so on a loaded machine an update can take
		// well over ten seconds to appear; the wait covers the longest pause.
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
		wait.ignoring(StaleElementReferenceException.class);
		String running = wait
			.until((d) -> script(d, "var r = document.querySelector(\"#tasks tbody tr[data-state='running']\");"
					+ " return r ? r.getAttribute('data-id') + ' ' + r.querySelector('td.name').textContent : null;"));
		String id = running.substring(0, running.indexOf(' '));
		assertThat(running).endsWith("Jobs.blocking");
		release.countDown();
		wait.until((d) -> "done".equals(script(d, "var r = document.querySelector(\"#tasks tbody tr[data-id='" + id
				+ "']\"); return r ? r.getAttribute('data-state') : null;")));
		assertThat(driver.findElement(By.id("summary")).getText()).contains("done");

		WebElement busy = driver.findElement(By.cssSelector("#tasks th[data-sort='busy']"));
		busy.click();
		wait.until((d) -> "sorted-asc".equals(busy.getAttribute("class")));
		busy.click();
		wait.until((d) -> "sorted-desc".equals(busy.getAttribute("class")));
		wait.until((d) -> id
			.equals(script(d, "return document.querySelector('#tasks tbody tr').getAttribute('data-id');")));

		wait.until((d) -> {
			d.findElement(By.cssSelector("#tasks tbody tr[data-id='" + id + "'] td.name")).click();
			return true;
		});
		String details = wait.until((d) -> {
			WebElement box = d.findElement(By.id("details"));
			return (box.isDisplayed() && id.equals(box.getAttribute("data-id"))
					&& !box.findElements(By.cssSelector("#poll-histogram .bar")).isEmpty()) ? box.getText() : null;
		});
		assertThat(details).contains("Task #" + id + " Jobs.blocking", "Poll times", "Scheduled times", "p50", "p99",
				"done");
		assertThat(driver.findElements(By.id("sched-histogram"))).hasSize(1);
		assertThat(driver.findElement(By.id("warnings")).getText()).isNotEmpty();
	}

}
