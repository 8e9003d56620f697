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

package dev.tracetools.benchmarks;

import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Where the benchmarked tasks run.
 *
 * @author trace-tools
 */
public enum ExecutorKind {

	/** Wrapped and run on the calling thread: the instrumentation's own cost. */
	INLINE,

	/**
	 * A {@link ThreadPoolExecutor} of {@value InstrumentedExecutor#WORKERS} threads.
	 */
	THREAD_POOL_EXECUTOR,

	/** Spring's {@link ThreadPoolTaskExecutor}, configured as a bean would be. */
	THREAD_POOL_TASK_EXECUTOR

}
