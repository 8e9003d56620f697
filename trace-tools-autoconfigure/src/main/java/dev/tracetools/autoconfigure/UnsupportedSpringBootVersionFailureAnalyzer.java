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

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which Spring Boot versions the starter supports when an application starts on
 * another one.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class UnsupportedSpringBootVersionFailureAnalyzer
		extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootVersionException cause) {
		String description = "The application runs on Spring Boot " + cause.getVersion()
				+ ", but this version of trace-tools supports Spring Boot " + SpringBootVersionVerifier.SUPPORTED + ".";
		String action = "Run the application on a supported Spring Boot release (" + SpringBootVersionVerifier.SUPPORTED
				+ "), or use a trace-tools release that supports Spring Boot " + cause.getVersion()
				+ ". To start anyway, at your own risk, set " + SpringBootVersionVerifier.ENABLED_PROPERTY + "=false.";
		return new FailureAnalysis(description, action, cause);
	}

}
