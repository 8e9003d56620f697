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

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.test.RecordingObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceToolsTracingAutoConfiguration}. The exported spans themselves are
 * checked against a real Zipkin server in the integration tests.
 */
class TraceToolsTracingAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, TraceToolsAutoConfiguration.class,
				TraceToolsTracingAutoConfiguration.class));

	@Test
	void withoutMicrometerTracingNothingIsAdded() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.withPropertyValues("trace-tools.tracing.include-tasks=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(TraceToolsTracingProperties.class);
				assertThat(context).doesNotHaveBean(UntracedTaskObservationHandler.class);
				assertThat(context.getBeansOfType(ObservationHandler.class)).isEmpty();
			});
	}

	@Test
	void tasksAreSpansOfTheirOwnByDefault() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP).run((context) -> {
			assertThat(context.getBean(TraceToolsTracingProperties.class).includeTasks()).isTrue();
			assertThat(context).doesNotHaveBean(UntracedTaskObservationHandler.class);
		});
	}

	@Test
	void includeTasksFalseAddsAHandlerThatTakesOnlyTasks() {
		this.contextRunner.withBean(Tracer.class, () -> Tracer.NOOP)
			.withPropertyValues("trace-tools.tracing.include-tasks=false")
			.run((context) -> {
				UntracedTaskObservationHandler handler = context.getBean(UntracedTaskObservationHandler.class);
				assertThat(handler.supportsContext(new Observation.Context())).isFalse();
				assertThat(handler.supportsContext(
						new ObservedSpanContext(new CallSite("Work.run", "demo.Work", "run", "Work.java", 1))))
					.isFalse();
			});
	}

	@Test
	void bootsObservationSwitchTurnsTasksOffForEveryHandlerNotOnlyTracing() {
		this.contextRunner.withBean(RecordingObservationHandler.class)
			.withPropertyValues("management.observations.enable.tracetools.task=false")
			.run((context) -> {
				ObservationRegistry registry = context.getBean(ObservationRegistry.class);
				assertThat(Observation.start(SpanKeys.TASK_OBSERVATION, registry).isNoop()).isTrue();
				assertThat(Observation.start(SpanKeys.OBSERVE_OBSERVATION, registry).isNoop()).isFalse();
			});
	}

	@Test
	void includeTasksFalseWithoutATracerAddsNothing() {
		this.contextRunner.withPropertyValues("trace-tools.tracing.include-tasks=false")
			.run((context) -> assertThat(context).doesNotHaveBean(UntracedTaskObservationHandler.class));
	}

}
