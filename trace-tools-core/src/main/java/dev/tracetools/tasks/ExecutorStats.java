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

import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

/**
 * The state of one executor's pool, where the executor exposes one.
 *
 * @param name the executor's name (its bean name, the tasks' {@code executor.name})
 * @param type the executor's class
 * @param poolSize the current number of threads
 * @param corePoolSize the core number of threads
 * @param maxPoolSize the maximum number of threads
 * @param active the number of threads running tasks
 * @param queued the number of tasks waiting in the queue
 * @param completed the number of tasks the pool completed
 * @author trace-tools
 * @since 0.1.0
 */
public record ExecutorStats(String name, String type, @Nullable Integer poolSize, @Nullable Integer corePoolSize,
		@Nullable Integer maxPoolSize, @Nullable Integer active, @Nullable Integer queued, @Nullable Long completed) {

	/**
	 * Read the stats of a {@link ThreadPoolExecutor} (also what Spring's
	 * {@code ThreadPoolTaskExecutor} and {@code ThreadPoolTaskScheduler} use).
	 * @param name the executor's name
	 * @param type the class to report
	 * @param pool the pool
	 * @return its stats
	 */
	public static ExecutorStats of(String name, String type, ThreadPoolExecutor pool) {
		return new ExecutorStats(name, type, pool.getPoolSize(), pool.getCorePoolSize(), pool.getMaximumPoolSize(),
				pool.getActiveCount(), pool.getQueue().size(), pool.getCompletedTaskCount());
	}

}
