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

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Properties of trace-tools: the switch for all of it, and which executors,
 * {@code @Async} and {@code @Observe} methods become observed spans. Each layer has a
 * block of its own.
 *
 * @param enabled Whether trace-tools is on at all. When off, the application is exactly
 * as without the starter.
 * @param executors Which executors' tasks are observed.
 * @param async How @Async methods are observed.
 * @param observe How @Observe methods are observed.
 * @param metrics How the meters of task and @Observe spans are bounded.
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools")
public record TraceToolsProperties(@DefaultValue("true") boolean enabled, @DefaultValue Executors executors,
		@DefaultValue Async async, @DefaultValue Observe observe, @DefaultValue Metrics metrics) {

	/**
	 * Which executors' tasks are observed.
	 *
	 * @param enabled Whether the tasks of executor beans (every Executor, including
	 * Boot's applicationTaskExecutor, task schedulers and plain ExecutorService beans)
	 * become tracetools.task spans.
	 * @param exclude Names of executor beans whose tasks are not observed.
	 * @param propagateContext Whether everything context-propagation carries (MDC,
	 * security context, ...) flows into tasks, not only the current observation. Turning
	 * it off saves about 70 ns and 400 bytes per task.
	 */
	public record Executors(@DefaultValue("true") boolean enabled, @DefaultValue List<String> exclude,
			@DefaultValue("true") boolean propagateContext) {

	}

	/**
	 * How {@code @Async} methods are observed.
	 *
	 * @param enabled Whether the task of an @Async method is named after the method, with
	 * its location and task.kind=async, and, for a method returning a future, stays open
	 * until the future completes.
	 */
	public record Async(@DefaultValue("true") boolean enabled) {

	}

	/**
	 * How {@code @Observe} methods are observed.
	 *
	 * @param enabled Whether methods annotated with @Observe become tracetools.observe
	 * spans.
	 */
	public record Observe(@DefaultValue("true") boolean enabled) {

	}

	/**
	 * How the meters of task and {@code @Observe} spans are bounded.
	 *
	 * @param maxNames How many distinct observed.name values get tracetools.task and
	 * tracetools.observe meters of their own. Spans of further names are counted under
	 * observed.name=other, so that spans named after data cannot grow the registry
	 * without bound.
	 */
	public record Metrics(@DefaultValue("1000") int maxNames) {

		/**
		 * Validate the properties.
		 * @param maxNames how many distinct names get meters
		 */
		public Metrics {
			if (maxNames < 1) {
				throw new IllegalArgumentException(
						"trace-tools.metrics.max-names must be positive but was " + maxNames);
			}
		}

	}

}
