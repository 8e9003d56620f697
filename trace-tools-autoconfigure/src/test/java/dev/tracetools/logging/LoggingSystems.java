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

package dev.tracetools.logging;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.awaitility.Awaitility;

import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Reinitializes Spring Boot's logging system as Spring Boot does, with a test context's
 * environment: the application contexts of other test classes stay cached in the same JVM
 * and may have initialized logging with other properties (structured or text output),
 * which Spring Boot would otherwise keep.
 *
 * @author trace-tools
 */
final class LoggingSystems {

	private LoggingSystems() {
	}

	static void reinitialize(ConfigurableEnvironment environment) {
		LoggingSystem loggingSystem = LoggingSystem.get(LoggingSystems.class.getClassLoader());
		loggingSystem.cleanUp();
		// Spring Boot keeps the output format and patterns of the last initialization in
		// system properties that a later one does not replace.
		for (LoggingSystemProperty property : LoggingSystemProperty.values()) {
			System.clearProperty(property.getEnvironmentVariableName());
		}
		loggingSystem.beforeInitialize();
		loggingSystem.initialize(new LoggingInitializationContext(environment), null, null);
	}

	/**
	 * Poll on the calling thread (not on Awaitility's) until the supplied value is done,
	 * for at most ten seconds.
	 * @param <T> the type of the value
	 * @param supplier supplies the value
	 * @param done whether the value is the one waited for
	 * @return the value that is done
	 */
	static <T> T eventually(Supplier<T> supplier, Predicate<T> done) {
		return Awaitility.await()
			.pollInSameThread()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(supplier::get, done::test);
	}

}
