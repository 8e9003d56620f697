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

package dev.tracetools.executor;

import dev.tracetools.observe.ObservedSpans;
import io.micrometer.common.KeyValue;

/**
 * How a task ended, the value of the {@code outcome} key (Spring's own values for
 * scheduled tasks, plus the two an executor adds).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum TaskOutcome {

	/** The task returned normally. */
	SUCCESS(ObservedSpans.OUTCOME_SUCCESS),

	/** The task threw, or its future completed exceptionally. */
	ERROR(ObservedSpans.OUTCOME_ERROR),

	/** The executor rejected the task; it never ran. */
	REJECTED(ObservedSpans.OUTCOME_REJECTED),

	/** The task was cancelled before it completed. */
	CANCELLED(ObservedSpans.OUTCOME_CANCELLED);

	private final KeyValue keyValue;

	TaskOutcome(KeyValue keyValue) {
		this.keyValue = keyValue;
	}

	KeyValue keyValue() {
		return this.keyValue;
	}

}
