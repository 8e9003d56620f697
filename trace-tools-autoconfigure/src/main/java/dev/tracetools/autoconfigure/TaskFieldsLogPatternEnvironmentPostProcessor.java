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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ClassUtils;

/**
 * Gives Spring Boot's default log pattern the task fields that the logging layer puts in
 * the MDC, so that plain-text log lines show which task wrote them with no configuration:
 * a default for {@code logging.pattern.correlation}, consulted only when nothing else
 * sets it, that prints {@code [<task id> <observed.name>] } inside a span and nothing
 * outside one. When Micrometer Tracing expects a correlation id, Boot's own
 * {@code %correlationId} comes first, as it would without trace-tools.
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
		if (ClassUtils.isPresent(LOGBACK, application.getClassLoader())) {
			environment.getPropertySources().addLast(new TaskFieldsPatternPropertySource(environment));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	/**
	 * The last property source: answers only {@code logging.pattern.correlation}, and
	 * only while trace-tools, its logging layer and its MDC fields are on.
	 */
	static final class TaskFieldsPatternPropertySource extends PropertySource<Environment> {

		TaskFieldsPatternPropertySource(Environment environment) {
			super("traceToolsTaskFieldsLogPattern", environment);
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!CORRELATION_PATTERN.equals(name) || !isOn("trace-tools.enabled")
					|| !isOn("trace-tools.logging.enabled") || !isOn("trace-tools.logging.mdc")) {
				return null;
			}
			boolean expectCorrelationId = getSource().getProperty("logging.expect-correlation-id", Boolean.class,
					false);
			return (expectCorrelationId ? "%correlationId" : "") + TASK_FIELDS;
		}

		private boolean isOn(String property) {
			return getSource().getProperty(property, Boolean.class, true);
		}

	}

}
