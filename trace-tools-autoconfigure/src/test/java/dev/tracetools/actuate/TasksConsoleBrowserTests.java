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
import java.util.concurrent.CountDownLatch;

import dev.tracetools.actuate.TasksEndpointApplication.Jobs;
import dev.tracetools.test.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
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

	@Test
	void consoleShowsARunningTaskTurnDoneSortsAndOpensDetails() throws Exception {
		this.jobs.quick();
		this.jobs.slow();
		CountDownLatch release = new CountDownLatch(1);
		this.jobs.blocking(release);
		WebDriver driver = this.chromium.driver();
		driver.get("http://localhost:" + this.port + "/actuator/tasks");
		WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
		WebElement running = wait.until((d) -> {
			List<WebElement> rows = d.findElements(By.cssSelector("#tasks tbody tr[data-state='running']"));
			return rows.isEmpty() ? null : rows.get(0);
		});
		String id = running.getAttribute("data-id");
		assertThat(running.findElement(By.cssSelector("td.name")).getText()).isEqualTo("Jobs.blocking");
		release.countDown();
		wait.until((d) -> "done"
			.equals(d.findElement(By.cssSelector("#tasks tbody tr[data-id='" + id + "']")).getAttribute("data-state")));
		assertThat(driver.findElement(By.id("summary")).getText()).contains("done");

		driver.findElement(By.cssSelector("#tasks th[data-sort='busy']")).click();
		wait.until((d) -> "sorted-asc"
			.equals(d.findElement(By.cssSelector("#tasks th[data-sort='busy']")).getAttribute("class")));
		driver.findElement(By.cssSelector("#tasks th[data-sort='busy']")).click();
		wait.until((d) -> "sorted-desc"
			.equals(d.findElement(By.cssSelector("#tasks th[data-sort='busy']")).getAttribute("class")));
		wait.until((d) -> d.findElements(By.cssSelector("#tasks tbody tr td.name"))
			.get(0)
			.getText()
			.equals("Jobs.blocking"));

		driver.findElement(By.cssSelector("#tasks tbody tr[data-name], #tasks tbody tr td.name")).click();
		WebElement details = wait.until((d) -> {
			WebElement box = d.findElement(By.id("details"));
			return (box.isDisplayed() && !box.findElements(By.id("poll-histogram")).isEmpty()) ? box : null;
		});
		assertThat(details.getText()).contains("Task #", "Poll times", "Scheduled times", "p50", "p99");
		assertThat(details.findElements(By.cssSelector("#poll-histogram .bar"))).isNotEmpty();
		assertThat(details.findElements(By.id("sched-histogram"))).hasSize(1);
		assertThat(driver.findElement(By.id("warnings")).getText()).isNotEmpty();
	}

}
