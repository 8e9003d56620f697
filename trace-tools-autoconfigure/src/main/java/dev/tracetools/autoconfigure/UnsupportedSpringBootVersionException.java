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

package dev.tracetools.autoconfigure;

/**
 * Thrown at start-up when the application runs on a Spring Boot version outside the
 * starter's supported range; {@link UnsupportedSpringBootVersionFailureAnalyzer} explains
 * it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class UnsupportedSpringBootVersionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String version;

	UnsupportedSpringBootVersionException(String version) {
		super("trace-tools supports Spring Boot " + SpringBootVersionVerifier.SUPPORTED + ", not " + version);
		this.version = version;
	}

	String getVersion() {
		return this.version;
	}

}
