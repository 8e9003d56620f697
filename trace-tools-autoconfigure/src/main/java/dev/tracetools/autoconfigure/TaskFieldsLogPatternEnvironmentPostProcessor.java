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

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Gives Spring Boot's default log pattern the task fields that the logging layer puts in
 * the MDC, so that plain-text log lines show which task wrote them with no configuration:
 * a default for {@code logging.pattern.correlation}, in the last property source, that
 * prints {@code [<task id> <observed.name>] } inside a span and nothing outside one. When
 * Micrometer Tracing expects a correlation id, Boot's own {@code %correlationId} comes
 * first, as it would without trace-tools. An application that sets the property keeps its
 * own value.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskFieldsLogPatternEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property this post-processor gives a default to. */
	static final String CORRELATION_PATTERN = "logging.pattern.correlation";

	/** The task fields, dropped entirely when neither is set. */
	static final String TASK_FIELDS = "%replace([%X{tracetools.task.id:-} %X{tracetools.observed.name:-}] ){'^\\[ \\] $', ''}";

	private static final String LOGBACK = "ch.qos.logback.classic.LoggerContext";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!ClassUtils.isPresent(LOGBACK, application.getClassLoader())
				|| environment.containsProperty(CORRELATION_PATTERN) || !isOn(environment, "trace-tools.enabled")
				|| !isOn(environment, "trace-tools.logging.enabled") || !isOn(environment, "trace-tools.logging.mdc")) {
			return;
		}
		boolean expectCorrelationId = "true"
			.equalsIgnoreCase(environment.getProperty("logging.expect-correlation-id", "false").trim());
		String pattern = (expectCorrelationId ? "%correlationId" : "") + TASK_FIELDS;
		environment.getPropertySources()
			.addLast(new MapPropertySource("traceToolsTaskFieldsLogPattern", Map.of(CORRELATION_PATTERN, pattern)));
	}

	private static boolean isOn(ConfigurableEnvironment environment, String property) {
		// Leniently: a malformed value is reported, naming it, when the property is
		// bound.
		return !"false".equalsIgnoreCase(environment.getProperty(property, "true").trim());
	}

	@Override
	public int getOrder() {
		// After the application's configuration and Boot's log correlation defaults.
		return Ordered.LOWEST_PRECEDENCE;
	}

}
