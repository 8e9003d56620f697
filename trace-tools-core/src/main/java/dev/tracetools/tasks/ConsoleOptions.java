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

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Options of the console layer: how long and how many completed tasks are kept, how many
 * task names get their own statistics and meters, and the warnings' thresholds.
 *
 * @param retention how long a completed task stays in the table
 * @param maxCompletedTasks how many completed tasks stay in the table at most (the oldest
 * are dropped first)
 * @param maxTaskNames how many (task name, executor) pairs get their own aggregated
 * statistics and meters; tasks beyond that are counted under the name {@code other}
 * @param maxEventsPerTask how many events (log records) are kept per task; later ones are
 * counted, not kept
 * @param warnings each warning's rule
 * @author trace-tools
 * @since 0.1.0
 */
public record ConsoleOptions(Duration retention, int maxCompletedTasks, int maxTaskNames, int maxEventsPerTask,
		Map<TaskWarning, WarningRule> warnings) {

	/**
	 * Validate the options.
	 * @param retention how long a completed task stays in the table
	 * @param maxCompletedTasks how many completed tasks stay in the table at most
	 * @param maxTaskNames how many task names get their own statistics
	 * @param maxEventsPerTask how many events are kept per task
	 * @param warnings each warning's rule; missing ones take their defaults
	 */
	public ConsoleOptions {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("retention must be positive but was " + retention);
		}
		if (maxCompletedTasks < 0) {
			throw new IllegalArgumentException("maxCompletedTasks must not be negative but was " + maxCompletedTasks);
		}
		if (maxTaskNames < 1) {
			throw new IllegalArgumentException("maxTaskNames must be positive but was " + maxTaskNames);
		}
		if (maxEventsPerTask < 0) {
			throw new IllegalArgumentException("maxEventsPerTask must not be negative but was " + maxEventsPerTask);
		}
		EnumMap<TaskWarning, WarningRule> rules = new EnumMap<>(TaskWarning.class);
		for (TaskWarning warning : TaskWarning.values()) {
			rules.put(warning, defaultRule(warning));
		}
		rules.putAll(warnings);
		warnings = Collections.unmodifiableMap(rules);
	}

	/**
	 * The defaults: completed tasks kept for 1 hour and at most 10,000; 200 task names;
	 * 32 events per task; warnings as in {@link #defaultRule(TaskWarning)}.
	 * @return the default options
	 */
	public static ConsoleOptions defaults() {
		return new ConsoleOptions(Duration.ofHours(1), 10_000, 200, 32, Map.of());
	}

	/**
	 * The default rule of a warning: {@code long-poll} 1 s (tokio-console's
	 * {@code never-yielded}), {@code stuck} 1 min, {@code scheduling-delay} 100 ms,
	 * {@code failed} and {@code rejected} from the first task; all enabled.
	 * @param warning the warning
	 * @return its default rule
	 */
	public static WarningRule defaultRule(TaskWarning warning) {
		return switch (warning) {
			case LONG_POLL -> WarningRule.of(Duration.ofSeconds(1));
			case STUCK -> WarningRule.of(Duration.ofMinutes(1));
			case SCHEDULING_DELAY -> WarningRule.of(Duration.ofMillis(100));
			case FAILED, REJECTED -> WarningRule.ofCount(1);
		};
	}

	/**
	 * Return a copy with another retention.
	 * @param retention how long a completed task stays in the table
	 * @return the new options
	 */
	public ConsoleOptions withRetention(Duration retention) {
		return new ConsoleOptions(retention, this.maxCompletedTasks, this.maxTaskNames, this.maxEventsPerTask,
				this.warnings);
	}

	/**
	 * Return a copy with another cap on completed tasks.
	 * @param maxCompletedTasks how many completed tasks stay in the table at most
	 * @return the new options
	 */
	public ConsoleOptions withMaxCompletedTasks(int maxCompletedTasks) {
		return new ConsoleOptions(this.retention, maxCompletedTasks, this.maxTaskNames, this.maxEventsPerTask,
				this.warnings);
	}

	/**
	 * Return a copy with another cap on task names.
	 * @param maxTaskNames how many task names get their own statistics
	 * @return the new options
	 */
	public ConsoleOptions withMaxTaskNames(int maxTaskNames) {
		return new ConsoleOptions(this.retention, this.maxCompletedTasks, maxTaskNames, this.maxEventsPerTask,
				this.warnings);
	}

	/**
	 * Return a copy with another cap on events per task.
	 * @param maxEventsPerTask how many events are kept per task
	 * @return the new options
	 */
	public ConsoleOptions withMaxEventsPerTask(int maxEventsPerTask) {
		return new ConsoleOptions(this.retention, this.maxCompletedTasks, this.maxTaskNames, maxEventsPerTask,
				this.warnings);
	}

	/**
	 * Return a copy with another rule for one warning.
	 * @param warning the warning
	 * @param rule its rule
	 * @return the new options
	 */
	public ConsoleOptions withWarning(TaskWarning warning, WarningRule rule) {
		EnumMap<TaskWarning, WarningRule> rules = new EnumMap<>(this.warnings);
		rules.put(warning, rule);
		return new ConsoleOptions(this.retention, this.maxCompletedTasks, this.maxTaskNames, this.maxEventsPerTask,
				rules);
	}

	/**
	 * The rule of one warning.
	 * @param warning the warning
	 * @return its rule
	 */
	public WarningRule rule(TaskWarning warning) {
		WarningRule rule = this.warnings.get(warning);
		return (rule != null) ? rule : defaultRule(warning);
	}

	/**
	 * When a warning is raised.
	 *
	 * @param enabled whether the warning is raised at all
	 * @param threshold the threshold: nanoseconds for duration warnings, a number of
	 * tasks for {@code failed} and {@code rejected}
	 */
	public record WarningRule(boolean enabled, long threshold) {

		/**
		 * An enabled rule with a duration threshold.
		 * @param threshold the threshold
		 * @return the rule
		 */
		public static WarningRule of(Duration threshold) {
			return new WarningRule(true, threshold.toNanos());
		}

		/**
		 * An enabled rule with a count threshold.
		 * @param threshold the number of tasks
		 * @return the rule
		 */
		public static WarningRule ofCount(long threshold) {
			return new WarningRule(true, threshold);
		}

		/**
		 * A disabled rule.
		 * @return the rule
		 */
		public static WarningRule disabled() {
			return new WarningRule(false, Long.MAX_VALUE);
		}

	}

}
