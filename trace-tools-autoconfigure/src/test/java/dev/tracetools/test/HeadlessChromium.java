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

package dev.tracetools.test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for
 * page tests. Use {@code @EnabledIf("dev.tracetools.test.HeadlessChromium#isAvailable")}
 * on the test class, and share one instance per class: starting the driver is the slow
 * part.
 */
public final class HeadlessChromium implements AutoCloseable {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private final ChromeDriverService service;

	private final ChromeDriver driver;

	private final Path profile;

	private HeadlessChromium() throws IOException {
		Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder").setLevel(Level.OFF);
		Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
		this.profile = Files.createTempDirectory("chromium-profile");
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort().build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--user-data-dir=" + this.profile, "--no-first-run", "--no-default-browser-check",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-extensions", "--disable-quic", "--window-size=1280,800",
				"--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
		this.driver = new ChromeDriver(this.service, options);
		this.driver.manage().timeouts().implicitlyWait(Duration.ofMillis(0));
	}

	/**
	 * Start a browser.
	 * @return the browser
	 * @throws IOException if its profile directory cannot be created
	 */
	public static HeadlessChromium start() throws IOException {
		System.setProperty("SE_OFFLINE", "true");
		return new HeadlessChromium();
	}

	/**
	 * Whether Chromium and its driver are installed.
	 * @return whether browser tests can run
	 */
	public static boolean isAvailable() {
		return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
	}

	/**
	 * The WebDriver of the browser.
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.driver;
	}

	@Override
	public void close() {
		this.driver.quit();
		this.service.stop();
		File[] files = this.profile.toFile().listFiles();
		if (files == null) {
			this.profile.toFile().delete();
		}
	}

}
