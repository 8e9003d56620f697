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

import dev.tracetools.executor.TaskContext;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;

/**
 * Keeps executor tasks out of traces while their work stays in them: a
 * {@code tracetools.task} observation gets no span of its own but carries the span of the
 * observation that submitted it, made current on the worker while the task runs, so what
 * a task does (HTTP calls, {@code @Observe} methods, log correlation) stays in the
 * submitter's trace, as a child of the submitter's span. The trace-tools layers still see
 * every task. Boot puts this handler, a {@link TracingObservationHandler}, in its tracing
 * group ahead of the default tracing handler, which then never sees a task.
 *
 * @author trace-tools
 * @since 0.1.0
 */
final class UntracedTaskObservationHandler implements TracingObservationHandler<Observation.Context> {

	private final Tracer tracer;

	UntracedTaskObservationHandler(Tracer tracer) {
		this.tracer = tracer;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof TaskContext;
	}

	@Override
	public void onStart(Observation.Context context) {
		// Runs on the submitting thread: the span to carry is the submitter's.
		Span submitter = getParentSpan(context);
		getTracingContext(context).setSpan(submitter);
	}

	@Override
	public void onError(Observation.Context context) {
		// The submitter's span is not the task's: its outcome is its own.
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
	}

	@Override
	public void onStop(Observation.Context context) {
		// No span of its own to end.
	}

	@Override
	public Tracer getTracer() {
		return this.tracer;
	}

}
