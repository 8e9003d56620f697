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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) on 127.0.0.1, a free
 * port, storage in a temporary directory, scraping one target every second. Use
 * {@code @EnabledIf("dev.tracetools.backends.PrometheusServer#isAvailable")}.
 */
final class PrometheusServer extends ExternalServer {

	private static final File BINARY = new File("/usr/bin/prometheus");

	private final Path directory;

	private PrometheusServer(Path directory, int port) {
		super("prometheus",
				List.of(BINARY.getPath(), "--config.file=" + directory.resolve("prometheus.yml"),
						"--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
						"--log.level=warn"),
				directory, port, "/-/ready", Duration.ofSeconds(60));
		this.directory = directory;
	}

	/**
	 * Start a Prometheus server that scrapes a Spring Boot application's
	 * {@code /actuator/prometheus} every second.
	 * @param target the application's {@code host:port}
	 * @return the server, ready
	 */
	static PrometheusServer start(String target) {
		try {
			Path directory = Files.createTempDirectory("prometheus");
			Files.writeString(directory.resolve("prometheus.yml"), """
					global:
					  scrape_interval: 1s
					  scrape_timeout: 1s
					  evaluation_interval: 1s
					scrape_configs:
					  - job_name: trace-tools
					    metrics_path: /actuator/prometheus
					    static_configs:
					      - targets: ['%s']
					""".formatted(target));
			return new PrometheusServer(directory, freePort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Whether Prometheus is installed.
	 * @return whether the Prometheus tests can run
	 */
	static boolean isAvailable() {
		return BINARY.canExecute();
	}

	@Override
	public void close() {
		super.close();
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Left in the temporary directory.
		}
	}

}
