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

/**
 * Names of the observations trace-tools creates and of the keys they carry: the span
 * contract every layer (and every backend such as Zipkin or Prometheus) relies on.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanKeys {

	/**
	 * Name of the observation of a task handed to an executor, an {@code @Async} method
	 * or a scheduled job.
	 */
	public static final String TASK_OBSERVATION = "tracetools.task";

	/**
	 * Name of the observation of an {@code @Observe} method or a
	 * {@code TraceTools.observe(...)} unit of work.
	 */
	public static final String OBSERVE_OBSERVATION = "tracetools.observe";

	/**
	 * Name of Spring Framework's observation of a {@code @Scheduled} method, which the
	 * layers treat as a task of kind {@code scheduled}.
	 */
	public static final String SCHEDULED_OBSERVATION = "tasks.scheduled.execution";

	/** Low-cardinality key: the task's or observed unit's name. */
	public static final String OBSERVED_NAME = "observed.name";

	/** Low-cardinality key: the source file of the call site. */
	public static final String LOC_FILE = "loc.file";

	/** Low-cardinality key: the line of the call site. */
	public static final String LOC_LINE = "loc.line";

	/**
	 * Low-cardinality key: the kind of task ({@code executor}, {@code async},
	 * {@code scheduled}).
	 */
	public static final String TASK_KIND = "task.kind";

	/** Low-cardinality key: the bean name of the executor that ran the task. */
	public static final String EXECUTOR_NAME = "executor.name";

	/**
	 * Low-cardinality key: how a task ended ({@code SUCCESS}, {@code ERROR},
	 * {@code REJECTED}, {@code CANCELLED}).
	 */
	public static final String OUTCOME = "outcome";

	/** High-cardinality key: the task's id, unique within the JVM. */
	public static final String TASK_ID = "task.id";

	/** Low-cardinality key: the class that declares an observed method. */
	public static final String CODE_NAMESPACE = "code.namespace";

	/** Low-cardinality key: the name of an observed method. */
	public static final String CODE_FUNCTION = "code.function";

	private SpanKeys() {
	}

}
