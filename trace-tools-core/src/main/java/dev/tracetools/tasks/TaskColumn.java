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

import java.util.Comparator;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A column of the task table, by which the table can be sorted.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum TaskColumn {

	/** Number of warnings. */
	WARN("warn", Comparator.comparingInt((task) -> task.warnings().size())),

	/** Task id. */
	ID("id", Comparator.comparingLong(TaskView::id)),

	/** State. */
	STATE("state", Comparator.comparing(TaskView::state)),

	/** Name. */
	NAME("name", text(TaskView::name)),

	/** Total time. */
	TOTAL("total", Comparator.comparingLong(TaskView::totalNanos)),

	/** Busy time. */
	BUSY("busy", Comparator.comparingLong(TaskView::busyNanos)),

	/** Scheduled time. */
	SCHED("sched", Comparator.comparingLong(TaskView::scheduledNanos)),

	/** Blocked time (part of busy: the thread held waiting for a future). */
	BLOCKED("blocked", Comparator.comparingLong(TaskView::blockedNanos)),

	/** Idle time. */
	IDLE("idle", Comparator.comparingLong(TaskView::idleNanos)),

	/** Number of polls. */
	POLLS("polls", Comparator.comparingLong(TaskView::polls)),

	/** Kind. */
	KIND("kind", text(TaskView::kind)),

	/** Location. */
	LOCATION("location", text(TaskView::location)),

	/** Fields. */
	FIELDS("fields", text(TaskView::fields)),

	/** Executor. */
	EXECUTOR("executor", text(TaskView::executor));

	private final String value;

	private final Comparator<TaskView> comparator;

	TaskColumn(String value, Comparator<TaskView> comparator) {
		this.value = value;
		this.comparator = comparator.thenComparingLong(TaskView::id);
	}

	/**
	 * The column's name in the {@code sort} parameter.
	 * @return the name
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Ascending order by this column, ties broken by id.
	 * @return the comparator
	 */
	Comparator<TaskView> comparator() {
		return this.comparator;
	}

	/**
	 * The order in which a group's queued tasks (never polled, ready since they started,
	 * see {@link TaskTable}), read by id, come in ascending order of this column, ties
	 * broken by id: {@code 1} in ascending id (the column has the same value for all of
	 * them: state, busy, blocked, idle, polls, fields; or for all of a group's: executor,
	 * and name but in the group of the names beyond the cap), {@code -1} in descending id
	 * (total and scheduled time, the time since submission: the lower the id the longer),
	 * {@code 0} in no order (their tasks are read one by one).
	 * @param group the queued tasks' group
	 * @return {@code 1}, {@code -1} or {@code 0}
	 */
	int queuedOrder(TaskGroup group) {
		return switch (this) {
			case ID, STATE, BUSY, BLOCKED, IDLE, POLLS, FIELDS, EXECUTOR -> 1;
			case NAME -> group.name.equals(ConsoleLayer.OTHER) ? 0 : 1;
			case TOTAL, SCHED -> -1;
			case WARN, KIND, LOCATION -> 0;
		};
	}

	/**
	 * Return the column of the given name.
	 * @param value a name such as {@code busy} (lower case; {@code scheduled} is also
	 * accepted for {@code sched})
	 * @return the column, or {@code null} if no column has that name
	 */
	static @Nullable TaskColumn find(String value) {
		if (value.equals("scheduled")) {
			return SCHED;
		}
		for (TaskColumn column : values()) {
			if (column.value.equals(value)) {
				return column;
			}
		}
		return null;
	}

	static String names() {
		StringBuilder names = new StringBuilder();
		for (TaskColumn column : values()) {
			names.append((names.length() > 0) ? ", " : "").append(column.value);
		}
		return names + " (prefix with '-' for descending order)";
	}

	private static Comparator<TaskView> text(Function<TaskView, String> text) {
		return Comparator.comparing(text, String.CASE_INSENSITIVE_ORDER);
	}

}
