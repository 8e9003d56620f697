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

package dev.tracetools.tasks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One executor as the console sees it: its pool (where it has one) and its tasks.
 *
 * @param name the executor's name
 * @param type its class, if known
 * @param poolSize the current number of threads
 * @param corePoolSize the core number of threads
 * @param maxPoolSize the maximum number of threads
 * @param active the number of threads running tasks
 * @param queued the number of tasks waiting in its queue
 * @param completed the number of tasks its pool completed
 * @param rejected the number of tasks it rejected since the layer started (exact)
 * @param tasks the number of tasks submitted to it since the layer started (exact)
 * @param scheduledP99Nanos the p99 wake-to-poll latency of its tasks since the layer
 * started
 * @param warnings the executor-level warnings it raises
 * @author trace-tools
 * @since 0.1.0
 */
public record ExecutorView(String name, @Nullable String type, @Nullable Integer poolSize,
		@Nullable Integer corePoolSize, @Nullable Integer maxPoolSize, @Nullable Integer active,
		@Nullable Integer queued, @Nullable Long completed, long rejected, long tasks, long scheduledP99Nanos,
		List<String> warnings) {

}
