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

package dev.tracetools.autoconfigure;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import dev.tracetools.tasks.ConsoleOptions;
import dev.tracetools.tasks.ConsoleOptions.WarningRule;
import dev.tracetools.tasks.TaskWarning;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Properties of the console layer (the counterpart of tokio-console): live per-task stats
 * at {@code /actuator/tasks}, warnings, and task meters.
 *
 * @param enabled whether the console layer is on
 * @param retention how long a completed task stays in the table
 * @param maxCompletedTasks how many completed tasks stay in the table at most; the oldest
 * are dropped first
 * @param maxTaskNames how many (task name, executor) pairs get their own aggregated
 * histograms and meters; tasks beyond that count under the name "other"
 * @param maxEventsPerTask how many events (log records) are kept per task
 * @param meters whether task meters (tracetools.tasks.*) are registered when a
 * MeterRegistry exists
 * @param warnings the warnings' thresholds and switches
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.console")
public record ConsoleProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") Duration retention,
		@DefaultValue("10000") int maxCompletedTasks, @DefaultValue("200") int maxTaskNames,
		@DefaultValue("32") int maxEventsPerTask, @DefaultValue("true") boolean meters,
		@DefaultValue Warnings warnings) {

	/**
	 * Validate the properties.
	 * @param enabled whether the console layer is on
	 * @param retention how long a completed task stays in the table
	 * @param maxCompletedTasks how many completed tasks stay in the table at most
	 * @param maxTaskNames how many task names get their own statistics
	 * @param maxEventsPerTask how many events are kept per task
	 * @param meters whether task meters are registered
	 * @param warnings the warnings' thresholds and switches
	 */
	public ConsoleProperties {
		if (retention.isNegative() || retention.isZero()) {
			throw new IllegalArgumentException("trace-tools.console.retention must be positive but was " + retention);
		}
		if (maxCompletedTasks < 0) {
			throw new IllegalArgumentException(
					"trace-tools.console.max-completed-tasks must not be negative but was " + maxCompletedTasks);
		}
		if (maxTaskNames < 1) {
			throw new IllegalArgumentException(
					"trace-tools.console.max-task-names must be positive but was " + maxTaskNames);
		}
		if (maxEventsPerTask < 0) {
			throw new IllegalArgumentException(
					"trace-tools.console.max-events-per-task must not be negative but was " + maxEventsPerTask);
		}
	}

	/**
	 * The layer's options.
	 * @return the options
	 */
	ConsoleOptions toOptions() {
		Map<TaskWarning, WarningRule> rules = new EnumMap<>(TaskWarning.class);
		rules.put(TaskWarning.LONG_POLL, this.warnings.longPoll().toRule());
		rules.put(TaskWarning.STUCK, this.warnings.stuck().toRule());
		rules.put(TaskWarning.SCHEDULING_DELAY, this.warnings.schedulingDelay().toRule());
		rules.put(TaskWarning.FAILED, this.warnings.failed().toRule());
		rules.put(TaskWarning.REJECTED, this.warnings.rejected().toRule());
		return new ConsoleOptions(this.retention, this.maxCompletedTasks, this.maxTaskNames, this.maxEventsPerTask,
				rules);
	}

	/**
	 * The warnings, the JVM counterparts of tokio-console's lints.
	 *
	 * @param longPoll long-poll: one poll busy longer than the threshold (it blocks an
	 * executor thread)
	 * @param stuck stuck: a task not done and idle (not polled), or blocked on a future,
	 * for longer than the threshold (a future that never completes)
	 * @param schedulingDelay scheduling-delay: an executor's p99 wake-to-poll latency (or
	 * one task's) above the threshold (the pool is saturated)
	 * @param failed failed: tasks of one name that failed, from the threshold number of
	 * them in the table
	 * @param rejected rejected: tasks an executor rejected, from the threshold number of
	 * them in the table
	 */
	public record Warnings(@DefaultValue LongPoll longPoll, @DefaultValue Stuck stuck,
			@DefaultValue SchedulingDelay schedulingDelay, @DefaultValue Failed failed,
			@DefaultValue Rejected rejected) {

	}

	/**
	 * The {@code long-poll} warning.
	 *
	 * @param enabled whether the long-poll warning is raised
	 * @param threshold the poll duration above which it is raised
	 */
	public record LongPoll(@DefaultValue("true") boolean enabled, @DefaultValue("1s") Duration threshold) {

		/**
		 * Validate the warning.
		 * @param enabled whether it is raised
		 * @param threshold its threshold
		 */
		public LongPoll {
			durationRule("long-poll", enabled, threshold);
		}

		WarningRule toRule() {
			return durationRule("long-poll", this.enabled, this.threshold);
		}

	}

	/**
	 * The {@code stuck} warning.
	 *
	 * @param enabled whether the stuck warning is raised
	 * @param threshold how long an idle task may go without a poll before it is raised
	 */
	public record Stuck(@DefaultValue("true") boolean enabled, @DefaultValue("1m") Duration threshold) {

		/**
		 * Validate the warning.
		 * @param enabled whether it is raised
		 * @param threshold its threshold
		 */
		public Stuck {
			durationRule("stuck", enabled, threshold);
		}

		WarningRule toRule() {
			return durationRule("stuck", this.enabled, this.threshold);
		}

	}

	/**
	 * The {@code scheduling-delay} warning.
	 *
	 * @param enabled whether the scheduling-delay warning is raised
	 * @param threshold the wake-to-poll latency (p99 for an executor) above which it is
	 * raised
	 */
	public record SchedulingDelay(@DefaultValue("true") boolean enabled, @DefaultValue("100ms") Duration threshold) {

		/**
		 * Validate the warning.
		 * @param enabled whether it is raised
		 * @param threshold its threshold
		 */
		public SchedulingDelay {
			durationRule("scheduling-delay", enabled, threshold);
		}

		WarningRule toRule() {
			return durationRule("scheduling-delay", this.enabled, this.threshold);
		}

	}

	/**
	 * The {@code failed} warning.
	 *
	 * @param enabled whether the failed warning is raised
	 * @param threshold how many failed tasks of one name (and executor) in the table
	 * raise it
	 */
	public record Failed(@DefaultValue("true") boolean enabled, @DefaultValue("1") long threshold) {

		/**
		 * Validate the warning.
		 * @param enabled whether it is raised
		 * @param threshold its threshold
		 */
		public Failed {
			countRule("failed", enabled, threshold);
		}

		WarningRule toRule() {
			return countRule("failed", this.enabled, this.threshold);
		}

	}

	/**
	 * The {@code rejected} warning.
	 *
	 * @param enabled whether the rejected warning is raised
	 * @param threshold how many rejected tasks of one executor in the table raise it
	 */
	public record Rejected(@DefaultValue("true") boolean enabled, @DefaultValue("1") long threshold) {

		/**
		 * Validate the warning.
		 * @param enabled whether it is raised
		 * @param threshold its threshold
		 */
		public Rejected {
			countRule("rejected", enabled, threshold);
		}

		WarningRule toRule() {
			return countRule("rejected", this.enabled, this.threshold);
		}

	}

	private static WarningRule durationRule(String name, boolean enabled, Duration threshold) {
		if (threshold.isNegative()) {
			throw new IllegalArgumentException(
					"trace-tools.console.warnings." + name + ".threshold must not be negative but was " + threshold);
		}
		return new WarningRule(enabled, threshold.toNanos());
	}

	private static WarningRule countRule(String name, boolean enabled, long threshold) {
		if (threshold < 1) {
			throw new IllegalArgumentException(
					"trace-tools.console.warnings." + name + ".threshold must be positive but was " + threshold);
		}
		return new WarningRule(enabled, threshold);
	}

}
