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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The real Zipkin server ({@code io.zipkin:zipkin-server}, its executable jar from Maven
 * Central, which the build copies to {@code target/zipkin/zipkin-server.jar}) on
 * 127.0.0.1, a free port, in-memory storage.
 */
final class ZipkinServer extends ExternalServer {

	private ZipkinServer(File jar, int port) {
		super("zipkin",
				List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
						"-Dloader.debug=false", "-DSTORAGE_TYPE=mem", "-jar", jar.getAbsolutePath(),
						"--server.port=" + port, "--armeria.ports[0].port=" + port, "--armeria.ports[0].ip=127.0.0.1",
						"--armeria.ports[0].protocols[0]=http", "--zipkin.storage.type=mem",
						"--zipkin.self-tracing.enabled=false"),
				jar.getParentFile().toPath(), port, "/health", Duration.ofSeconds(180));
	}

	/**
	 * Start a Zipkin server.
	 * @return the server, answering on its health URL
	 */
	static ZipkinServer start() {
		return new ZipkinServer(jar(), freePort());
	}

	/**
	 * The endpoint the application sends spans to.
	 * @return the v2 spans URL
	 */
	String spansEndpoint() {
		return url() + "/api/v2/spans";
	}

	private static File jar() {
		String configured = System.getProperty("zipkin-server.jar");
		File jar = (configured != null) ? new File(configured)
				: Path.of("target", "zipkin", "zipkin-server.jar").toFile();
		if (!jar.isFile()) {
			throw new IllegalStateException("The Zipkin server jar is missing at " + jar
					+ "; the build copies it there (mvn generate-test-resources in integration-tests)");
		}
		return jar;
	}

}
