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

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.tracetools.query.InvalidParameterException;
import dev.tracetools.query.QueryParameters;
import org.jspecify.annotations.Nullable;

/**
 * Which tasks to list and in which order: the filters and sort of
 * {@code GET /actuator/tasks}.
 *
 * @param states the states to keep (empty: all)
 * @param name a substring the name must contain (case-insensitive), or {@code null}
 * @param executor the executor the task must run on, or {@code null}
 * @param warning the warning the task must raise, or {@code null}
 * @param sort the column to sort by
 * @param descending whether to sort in descending order
 * @param limit the maximum number of tasks to list
 * @author trace-tools
 * @since 0.1.0
 */
public record TaskQuery(Set<TaskState> states, @Nullable String name, @Nullable String executor,
		@Nullable TaskWarning warning, TaskColumn sort, boolean descending, int limit) {

	/** The limit when none is given. */
	public static final int DEFAULT_LIMIT = 1000;

	/**
	 * Every task, by id, up to the default limit.
	 * @return the query
	 */
	public static TaskQuery all() {
		return new TaskQuery(EnumSet.allOf(TaskState.class), null, null, null, TaskColumn.ID, false, DEFAULT_LIMIT);
	}

	/**
	 * Parse a query from request parameters.
	 * @param state comma-separated states ({@code scheduled}, {@code running},
	 * {@code idle}, {@code done}), or {@code null} for all
	 * @param name a substring of the name, or {@code null}
	 * @param executor an executor name, or {@code null}
	 * @param warning a warning name, or {@code null}
	 * @param sort a column name, {@code -} in front for descending, or {@code null} for
	 * {@code id}
	 * @param limit a positive number, or {@code null} for {@link #DEFAULT_LIMIT}
	 * @return the query
	 * @throws InvalidParameterException naming the parameter, the value and the valid
	 * values, if a value is not valid (see {@link QueryParameters} for the rules)
	 */
	public static TaskQuery parse(@Nullable String state, @Nullable String name, @Nullable String executor,
			@Nullable String warning, @Nullable String sort, @Nullable String limit) {
		Set<TaskState> states = EnumSet.noneOf(TaskState.class);
		for (String item : QueryParameters.items("state", state, STATES)) {
			TaskState parsed = QueryParameters.choice("state", item, STATES, TaskQuery::state);
			if (parsed != null) {
				states.add(parsed);
			}
		}
		if (states.isEmpty()) {
			states = EnumSet.allOf(TaskState.class);
		}
		TaskColumn column = TaskColumn.ID;
		boolean descending = false;
		String sortText = QueryParameters.text("sort", sort);
		if (sortText != null) {
			descending = sortText.startsWith("-");
			String columnName = descending ? sortText.substring(1) : sortText;
			TaskColumn named = (columnName.isEmpty()) ? null
					: QueryParameters.choice("sort", columnName, TaskColumn.names(), TaskColumn::find);
			if (named == null) {
				throw new InvalidParameterException("sort", sortText, TaskColumn.names());
			}
			column = named;
		}
		Long max = QueryParameters.number("limit", limit, 1, Integer.MAX_VALUE, "tasks");
		return new TaskQuery(states, QueryParameters.text("name", name), QueryParameters.text("executor", executor),
				QueryParameters.choice("warning", warning, TaskWarning.names(), TaskWarning::find), column, descending,
				(max != null) ? max.intValue() : DEFAULT_LIMIT);
	}

	private static final String STATES = "scheduled, running, blocked, idle, done (comma-separated)";

	private static @Nullable TaskState state(String name) {
		for (TaskState state : TaskState.values()) {
			if (state.value().equals(name) || (state == TaskState.SCHEDULED && name.equals("sched"))) {
				return state;
			}
		}
		return null;
	}

	boolean matches(TaskRecord task, TaskState state, int warnings) {
		if (!this.states.contains(state)) {
			return false;
		}
		if (!matchesName(task.name())) {
			return false;
		}
		if (this.executor != null && !task.executor().equals(this.executor)) {
			return false;
		}
		TaskWarning raised = this.warning;
		return raised == null || (warnings & (1 << raised.ordinal())) != 0;
	}

	private boolean matchesName(String taskName) {
		String wanted = this.name;
		return wanted == null || taskName.toLowerCase(Locale.ROOT).contains(wanted.toLowerCase(Locale.ROOT));
	}

	/**
	 * Whether some of a group's queued tasks (scheduled, and raising at most the
	 * scheduling-delay warning) may match: what their group does not say (the name, in
	 * the group of the names beyond the cap, and the warning) is read from each task.
	 */
	boolean mayMatchQueued(TaskGroup group) {
		return this.states.contains(TaskState.SCHEDULED)
				&& (this.executor == null || group.executor.equals(this.executor))
				&& (this.warning == null || this.warning == TaskWarning.SCHEDULING_DELAY)
				&& (group.name.equals(ConsoleLayer.OTHER) || matchesName(group.name));
	}

	/**
	 * Whether every one of a group's queued tasks matches if one that raises the warnings
	 * asked for does: the name is the group's.
	 */
	boolean matchesQueuedByGroup(TaskGroup group) {
		return this.name == null || !group.name.equals(ConsoleLayer.OTHER);
	}

}
