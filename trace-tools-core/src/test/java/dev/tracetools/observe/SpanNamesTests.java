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

package dev.tracetools.observe;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SpanNames}: the rule that names a span in every view.
 */
class SpanNamesTests {

	private final ObservationRegistry registry = ObservationRegistry.create();

	SpanNamesTests() {
		this.registry.observationConfig().observationHandler((context) -> true);
	}

	@Test
	void traceToolsSpanIsItsObservedName() {
		Observation.Context context = ObservedSpans
			.create(this.registry, new CallSite("Orders.place", null, null, "Orders.java", 12))
			.getContext();
		context.setContextualName("something else");
		assertThat(SpanNames.nameOf(context)).isEqualTo("Orders.place");
	}

	@Test
	void observationThatRunsCodeIsClassDotMethodBeforeItsContextualName() {
		Observation.Context context = new Observation.Context();
		context.setName("tasks.scheduled.execution");
		context.setContextualName("task reportJob.report");
		context
			.addLowCardinalityKeyValue(KeyValue.of(SpanKeys.CODE_NAMESPACE, "com.example.ReportJob$$SpringCGLIB$$0"));
		context.addLowCardinalityKeyValue(KeyValue.of(SpanKeys.CODE_FUNCTION, "report"));
		assertThat(SpanNames.nameOf(context)).isEqualTo("ReportJob.report");
	}

	@Test
	void otherObservationIsItsContextualNameElseItsName() {
		Observation.Context context = new Observation.Context();
		context.setName("http.server.requests");
		assertThat(SpanNames.nameOf(context)).isEqualTo("http.server.requests");
		context.setContextualName("http get /users/{id}");
		assertThat(SpanNames.nameOf(context)).isEqualTo("http get /users/{id}");
	}

	@Test
	void nameIsSafeAsAFrameAndALogToken() {
		Observation.Context context = new Observation.Context();
		context.setName("a");
		context.setContextualName("get;set\nnext\u2028end");
		assertThat(SpanNames.nameOf(context)).isEqualTo("get,set next end");
		assertThat(new CallSite("x;y", null, null, null, 0).name()).isEqualTo("x,y");
		assertThat(SpanNames.sanitize("")).isEqualTo("(unnamed)");
	}

}
