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

package dev.tracetools.backends;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server run as a child process on 127.0.0.1 for the length of a test class: started,
 * waited for until a URL answers 200, then stopped (and its output kept in a log file
 * that failures quote).
 */
abstract class ExternalServer implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final Path log;

	private final Process process;

	ExternalServer(String name, List<String> command, Path workingDirectory, int port, String readyPath,
			Duration startTimeout) {
		this.name = name;
		this.port = port;
		try {
			this.log = Files.createTempFile(name, ".log");
			this.process = new ProcessBuilder(command).directory(workingDirectory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitReady(readyPath, startTimeout);
	}

	private void awaitReady(String readyPath, Duration timeout) {
		try {
			Awaitility.await()
				.atMost(timeout)
				.pollInterval(Duration.ofMillis(250))
				.ignoreException(UncheckedIOException.class) // Not listening yet.
				.until(() -> {
					if (!this.process.isAlive()) {
						throw new IllegalStateException(
								this.name + " exited with " + this.process.exitValue() + ":\n" + log());
					}
					return get(readyPath).statusCode() == 200;
				});
		}
		catch (ConditionTimeoutException ex) {
			close();
			throw new IllegalStateException(
					this.name + " did not answer " + readyPath + " within " + timeout + ":\n" + log());
		}
	}

	/**
	 * The server's base URL.
	 * @return {@code http://127.0.0.1:<port>}
	 */
	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Send a GET request to the server.
	 * @param pathAndQuery the path and query
	 * @return the response
	 */
	HttpResponse<String> get(String pathAndQuery) {
		return send(url() + pathAndQuery);
	}

	/**
	 * The server's output so far.
	 * @return its log
	 */
	String log() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	static HttpResponse<String> send(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String javaExecutable() {
		return new File(System.getProperty("java.home"), "bin/java").getPath();
	}

}
