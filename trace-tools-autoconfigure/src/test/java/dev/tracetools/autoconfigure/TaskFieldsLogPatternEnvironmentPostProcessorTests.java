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

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskFieldsLogPatternEnvironmentPostProcessor}.
 */
class TaskFieldsLogPatternEnvironmentPostProcessorTests {

	private final MockEnvironment environment = new MockEnvironment();

	private String correlationPattern() {
		new TaskFieldsLogPatternEnvironmentPostProcessor().postProcessEnvironment(this.environment,
				new SpringApplication());
		return this.environment.getProperty("logging.pattern.correlation");
	}

	@Test
	void defaultPatternPrintsTheTaskFields() {
		assertThat(correlationPattern()).isEqualTo(TaskFieldsLogPatternEnvironmentPostProcessor.TASK_FIELDS)
			.contains("%X{tracetools.task.id:-}", "%X{tracetools.observed.name:-}");
	}

	@Test
	void tracingCorrelationIdComesFirstWhenExpected() {
		this.environment.setProperty("logging.expect-correlation-id", "true");
		assertThat(correlationPattern()).startsWith("%correlationId%replace(");
	}

	@Test
	void applicationPatternWins() {
		this.environment.setProperty("logging.pattern.correlation", "[%X{mine}] ");
		assertThat(correlationPattern()).isEqualTo("[%X{mine}] ");
	}

	@Test
	void noDefaultWhenTraceToolsOrItsMdcFieldsAreOff() {
		this.environment.setProperty("trace-tools.logging.mdc", "false");
		assertThat(correlationPattern()).isNull();
		this.environment.setProperty("trace-tools.logging.mdc", "true");
		this.environment.setProperty("trace-tools.enabled", "false");
		assertThat(correlationPattern()).isNull();
	}

}
