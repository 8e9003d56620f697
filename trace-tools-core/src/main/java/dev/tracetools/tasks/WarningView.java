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
 * A warning raised by some tasks of one name (or by one executor).
 *
 * @param warning the warning's name, such as {@code long-poll}
 * @param name the name of the tasks that raise it ({@code null} for an executor warning)
 * @param executor the executor
 * @param count how many tasks in the table raise it
 * @param taskIds the ids of some of them (at most 10)
 * @param message what was seen, such as the longest poll
 * @param meaning what the warning means and what to do about it
 * @author trace-tools
 * @since 0.1.0
 */
public record WarningView(String warning, @Nullable String name, String executor, int count, List<Long> taskIds,
		String message, String meaning) {

}
