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

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@code tracetools.observe} spans and ends them when their work ends, including
 * work that ends later, when a {@link CompletionStage} completes.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Instrumentation
public final class ObservedSpans {

	/** Outcome of work that completed normally. */
	public static final KeyValue OUTCOME_SUCCESS = KeyValue.of(SpanKeys.OUTCOME, "SUCCESS");

	/** Outcome of work that threw or completed exceptionally. */
	public static final KeyValue OUTCOME_ERROR = KeyValue.of(SpanKeys.OUTCOME, "ERROR");

	/** Outcome of a task that an executor rejected. */
	public static final KeyValue OUTCOME_REJECTED = KeyValue.of(SpanKeys.OUTCOME, "REJECTED");

	/** Outcome of work that was cancelled. */
	public static final KeyValue OUTCOME_CANCELLED = KeyValue.of(SpanKeys.OUTCOME, "CANCELLED");

	private ObservedSpans() {
	}

	/**
	 * Create a {@code tracetools.observe} span for the given call site, not yet started,
	 * whose parent is the observation current on this thread.
	 * @param registry the registry to observe with
	 * @param callSite where the work is and how the span is named
	 * @return the observation (a no-op one if the registry is a no-op)
	 */
	public static Observation create(ObservationRegistry registry, CallSite callSite) {
		return Observation.createNotStarted(SpanKeys.OBSERVE_OBSERVATION, () -> newContext(callSite), registry)
			.contextualName(callSite.name());
	}

	private static ObservedSpanContext newContext(CallSite callSite) {
		return new ObserveContext(callSite);
	}

	/**
	 * Keep a started span open until the stage completes, then record its outcome (and
	 * error, if any) and stop it.
	 * @param <T> the stage's result type
	 * @param observation the started observation
	 * @param stage the stage to wait for
	 * @return the given stage
	 */
	public static <T> CompletionStage<T> stopOnCompletion(Observation observation, CompletionStage<T> stage) {
		stage.whenComplete((result, error) -> stop(observation, error));
		return stage;
	}

	/**
	 * Record the outcome of a unit of work and stop its span.
	 * @param observation the observation to stop
	 * @param error what the work threw or completed with, or {@code null} on success
	 */
	public static void stop(Observation observation, @Nullable Throwable error) {
		Throwable cause = unwrap(error);
		if (cause == null) {
			observation.lowCardinalityKeyValue(OUTCOME_SUCCESS);
		}
		else if (cause instanceof CancellationException) {
			observation.lowCardinalityKeyValue(OUTCOME_CANCELLED);
			observation.error(cause);
		}
		else {
			observation.lowCardinalityKeyValue(OUTCOME_ERROR);
			observation.error(cause);
		}
		observation.stop();
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable error) {
		if (error instanceof CompletionException && error.getCause() != null) {
			return error.getCause();
		}
		return error;
	}

	/**
	 * The context of a {@code tracetools.observe} span: its keys, {@code code.namespace}
	 * and {@code code.function} included, are the call site's, answered without being
	 * stored.
	 */
	private static final class ObserveContext extends ObservedSpanContext {

		ObserveContext(CallSite callSite) {
			super(callSite);
		}

		@Override
		protected KeyValues fixedLowCardinalityKeyValues() {
			return getCallSite().codeKeyValues();
		}

	}

}
