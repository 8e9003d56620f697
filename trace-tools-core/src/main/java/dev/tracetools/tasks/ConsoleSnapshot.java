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
import java.util.Map;

/**
 * The task table at one moment: what {@code GET /actuator/tasks} shows. Durations are in
 * nanoseconds; points in time in milliseconds since the epoch.
 *
 * @param timestamp when it was taken
 * @param durationUnit the unit of every duration, {@code nanoseconds}
 * @param summary counts over the whole table
 * @param tasks the tasks that match the query, sorted and limited
 * @param executors the executors, with their pools and task counts
 * @param warnings the warnings raised, grouped by task name (or executor)
 * @author trace-tools
 * @since 0.1.0
 */
public record ConsoleSnapshot(long timestamp, String durationUnit, Summary summary, List<TaskView> tasks,
		List<ExecutorView> executors, List<WarningView> warnings) {

	/**
	 * Counts over the whole table.
	 *
	 * @param states the number of tasks in the table per state ({@code scheduled},
	 * {@code running}, {@code idle}, {@code done})
	 * @param inTable the number of tasks in the table
	 * @param matched the number of tasks that match the query (before the limit)
	 * @param seen the number of tasks seen since the layer started (exact)
	 * @param dropped the number of completed tasks dropped from the table, by age or by
	 * the cap (exact)
	 * @param droppedEvents the number of task events not kept (beyond the per-task cap)
	 */
	public record Summary(Map<String, Integer> states, int inTable, int matched, long seen, long dropped,
			long droppedEvents) {

	}

}
