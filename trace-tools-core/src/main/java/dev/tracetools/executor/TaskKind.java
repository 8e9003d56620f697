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

import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;

/**
 * How a task came to run, the value of the {@code task.kind} key.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum TaskKind {

	/** A task handed to an executor by application code. */
	EXECUTOR("executor"),

	/** The body of an {@code @Async} method. */
	ASYNC("async"),

	/** A scheduled task: a {@code @Scheduled} method or a task given to a scheduler. */
	SCHEDULED("scheduled");

	private final String value;

	private final KeyValue keyValue;

	TaskKind(String value) {
		this.value = value;
		this.keyValue = KeyValue.of(SpanKeys.TASK_KIND, value);
	}

	/**
	 * The value of the {@code task.kind} key.
	 * @return the value
	 */
	public String value() {
		return this.value;
	}

	KeyValue keyValue() {
		return this.keyValue;
	}

}
