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
 * One task in detail: its row, its histograms and those of every task of the same name on
 * the same executor, its events, its parent and children, and, while it runs, where it
 * is.
 *
 * @param task the task's row
 * @param pollTimes the durations of its polls
 * @param scheduledTimes its wake-to-poll latencies
 * @param namePollTimes the poll durations of all tasks of its name and executor
 * @param nameScheduledTimes the wake-to-poll latencies of all tasks of its name and
 * executor
 * @param warnings its warnings, with what they mean
 * @param events its events (log records), oldest first
 * @param droppedEvents how many events were not kept (beyond the cap)
 * @param parent the task it was spawned from, if known
 * @param children the tasks it spawned that are still in the table
 * @param stack the current stack of the thread polling it, if it is running
 * @author trace-tools
 * @since 0.1.0
 */
public record TaskDetails(TaskView task, HistogramView pollTimes, HistogramView scheduledTimes,
		HistogramView namePollTimes, HistogramView nameScheduledTimes, List<WarningView> warnings,
		List<TaskEvent> events, long droppedEvents, @Nullable TaskRef parent, List<TaskRef> children,
		@Nullable List<String> stack) {

	/**
	 * A reference to another task.
	 *
	 * @param id its id
	 * @param name its name
	 * @param state its state, or {@code null} if it has left the table
	 */
	public record TaskRef(long id, String name, @Nullable TaskState state) {

	}

}
