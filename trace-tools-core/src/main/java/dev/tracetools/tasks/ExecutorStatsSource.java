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

/**
 * Where the console layer learns about executors' pools: the Spring Boot
 * auto-configuration registers one that reads the application's executor beans; a plain
 * Java program can register its own with {@link ConsoleLayer#addExecutorStatsSource}.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@FunctionalInterface
public interface ExecutorStatsSource {

	/**
	 * The current stats of the executors this source knows.
	 * @return the stats, one per executor
	 */
	List<ExecutorStats> executorStats();

}
