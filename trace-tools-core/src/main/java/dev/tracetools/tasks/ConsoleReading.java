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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.executor.ThreadNames;
import dev.tracetools.observe.Durations;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * The console's reading model: views of the table's tasks at one instant, from their
 * {@link TaskTimes}, with the warnings they raise, the details of one task, and the
 * executors. Reading changes nothing.
 *
 * @author trace-tools
 */
final class ConsoleReading {

	private static final int MAX_LISTED_IDS = 10;

	private static final int MAX_CHILDREN = 100;

	private static final int MAX_STACK_FRAMES = 64;

	private final ConsoleOptions options;

	private final TaskTable table;

	private final List<ExecutorStatsSource> executorStatsSources;

	private final long startNanos = System.nanoTime();

	private final long startMillis = System.currentTimeMillis();

	ConsoleReading(ConsoleOptions options, TaskTable table, List<ExecutorStatsSource> executorStatsSources) {
		this.options = options;
		this.table = table;
		this.executorStatsSources = executorStatsSources;
	}

	/**
	 * Take a snapshot of the table.
	 * @param query which tasks to list, in which order
	 * @return the snapshot
	 */
	ConsoleSnapshot snapshot(TaskQuery query) {
		long now = System.nanoTime();
		Reading reading = new Reading(now);
		Map<String, Integer> states = new LinkedHashMap<>();
		for (TaskState state : TaskState.values()) {
			states.put(state.value(), 0);
		}
		List<TaskView> matched = new ArrayList<>();
		for (TaskView view : reading.views) {
			states.merge(view.state().value(), 1, Integer::sum);
			if (query.matches(view)) {
				matched.add(view);
			}
		}
		Comparator<TaskView> order = query.sort().comparator();
		matched.sort(query.descending() ? order.reversed() : order);
		List<TaskView> listed = List.copyOf(matched.subList(0, Math.min(query.limit(), matched.size())));
		ConsoleSnapshot.Summary summary = new ConsoleSnapshot.Summary(states, reading.views.size(), matched.size(),
				this.table.seen(), this.table.dropped(now), this.table.droppedEvents());
		return new ConsoleSnapshot(toMillis(now), "nanoseconds", summary, listed, executors(reading),
				reading.warnings());
	}

	/**
	 * Look one task up, with its histograms, events, parent, children and, while it runs,
	 * the stack of the thread polling it (taken now).
	 * @param id the task's id
	 * @return the task's details, empty if it is not (or no longer) in the table
	 */
	Optional<TaskDetails> task(long id) {
		long now = System.nanoTime();
		TaskRecord record = this.table.find(id, now);
		if (record == null) {
			return Optional.empty();
		}
		Reading reading = new Reading(now);
		TaskView view = reading.view(record);
		TaskDetails.TaskRef parent = null;
		if (record.parentId != 0) {
			TaskRecord parentRecord = this.table.find(record.parentId, now);
			parent = (parentRecord != null)
					? new TaskDetails.TaskRef(parentRecord.id, parentRecord.name, parentRecord.state(now))
					: new TaskDetails.TaskRef(record.parentId, (record.parentName != null) ? record.parentName : "",
							null);
		}
		List<TaskDetails.TaskRef> children = new ArrayList<>();
		for (TaskRecord other : reading.records) {
			if (other.parentId == id && children.size() < MAX_CHILDREN) {
				children.add(new TaskDetails.TaskRef(other.id, other.name, other.state(now)));
			}
		}
		children.sort(Comparator.comparingLong(TaskDetails.TaskRef::id));
		List<WarningView> warnings = new ArrayList<>();
		for (String warning : view.warnings()) {
			TaskWarning type = TaskWarning.of(warning);
			warnings.add(new WarningView(warning, record.name, record.executor, 1, List.of(record.id),
					reading.message(type, List.of(record)), type.meaning()));
		}
		return Optional.of(new TaskDetails(view, record.pollTimes(), record.scheduledTimes(), record.group.pollTimes(),
				record.group.scheduledTimes(), warnings, record.events(), record.droppedEvents(), parent, children,
				stack(record, view)));
	}

	private static @Nullable List<String> stack(TaskRecord record, TaskView view) {
		Thread thread = record.times.pollingThread();
		if ((view.state() != TaskState.RUNNING && view.state() != TaskState.BLOCKED) || thread == null) {
			return null;
		}
		StackTraceElement[] frames = thread.getStackTrace();
		List<String> stack = new ArrayList<>();
		stack.add("\"" + ThreadNames.of(thread) + "\" " + thread.getState());
		for (int i = 0; i < frames.length && i < MAX_STACK_FRAMES; i++) {
			stack.add("at " + frames[i]);
		}
		if (frames.length > MAX_STACK_FRAMES) {
			stack.add("... " + (frames.length - MAX_STACK_FRAMES) + " more");
		}
		return stack;
	}

	private List<ExecutorView> executors(Reading reading) {
		Map<String, ExecutorStats> stats = new TreeMap<>();
		for (ExecutorStatsSource source : this.executorStatsSources) {
			for (ExecutorStats stat : source.executorStats()) {
				stats.put(stat.name(), stat);
			}
		}
		TreeMap<String, Object> names = new TreeMap<>();
		stats.keySet().forEach((name) -> names.put(name, name));
		this.table.groups().keySet().forEach((name) -> names.put(name, name));
		List<ExecutorView> executors = new ArrayList<>();
		for (String name : names.keySet()) {
			ExecutorStats stat = stats.get(name);
			if (stat == null && ConsoleLayer.SCHEDULER.equals(name)) {
				// Spring's @Scheduled runs do not say which bean runs them: "scheduler"
				// is
				// a label of their tasks, not an executor to show.
				continue;
			}
			long rejected = 0;
			long started = 0;
			Histogram scheduled = new PackedHistogram(2);
			Map<String, TaskGroup> byName = this.table.groups().get(name);
			if (byName != null) {
				for (TaskGroup group : byName.values()) {
					rejected += group.completed(TaskOutcome.REJECTED);
					started += group.started.sum();
					group.addScheduledTimesTo(scheduled);
				}
			}
			long p99 = (scheduled.getTotalCount() > 0) ? scheduled.getValueAtPercentile(99) : 0;
			List<String> warnings = new ArrayList<>();
			ConsoleOptions.WarningRule delay = this.options.rule(TaskWarning.SCHEDULING_DELAY);
			if (delay.enabled() && scheduled.getTotalCount() > 0 && p99 > delay.threshold()) {
				warnings.add(TaskWarning.SCHEDULING_DELAY.value());
				String latency = scheduled.valuesAreEquivalent(p99, TaskRecord.MAX_VALUE)
						? "> " + Durations.format(TaskRecord.MAX_VALUE) : Durations.format(p99);
				reading.executorWarning(name, TaskWarning.SCHEDULING_DELAY,
						"p99 wake-to-poll latency " + latency + " over " + scheduled.getTotalCount() + " polls");
			}
			if (stat != null) {
				executors
					.add(new ExecutorView(name, stat.type(), stat.poolSize(), stat.corePoolSize(), stat.maxPoolSize(),
							stat.active(), stat.queued(), stat.completed(), rejected, started, p99, warnings));
			}
			else {
				executors.add(new ExecutorView(name, null, null, null, null, null, null, null, rejected, started, p99,
						warnings));
			}
		}
		return executors;
	}

	private long toMillis(long nanos) {
		return this.startMillis + (nanos - this.startNanos) / 1_000_000L;
	}

	/**
	 * One read of the table: views of every task at one instant, with the warnings.
	 */
	private final class Reading {

		private final long now;

		private final List<TaskRecord> records;

		private final Map<TaskGroup, Integer> failedPerGroup = new HashMap<>();

		private final Map<String, Integer> rejectedPerExecutor = new HashMap<>();

		private final List<TaskView> views;

		private final Map<String, List<TaskRecord>> warned = new LinkedHashMap<>();

		private final List<WarningView> executorWarnings = new ArrayList<>();

		Reading(long now) {
			this.now = now;
			this.records = ConsoleReading.this.table.records(now);
			for (TaskRecord record : this.records) {
				if (record.outcome == TaskOutcome.ERROR) {
					this.failedPerGroup.merge(record.group, 1, Integer::sum);
				}
				else if (record.outcome == TaskOutcome.REJECTED) {
					this.rejectedPerExecutor.merge(record.executor, 1, Integer::sum);
				}
			}
			this.views = new ArrayList<>(this.records.size());
			for (TaskRecord record : this.records) {
				this.views.add(view(record));
			}
		}

		TaskView view(TaskRecord record) {
			TaskTimes times = record.times;
			TaskState state = record.state(this.now);
			TaskTimes.Totals totals = times.totals(this.now);
			long ended = times.endedNanos();
			List<String> warnings = warnings(record, state, this.now);
			TaskOutcome outcome = record.outcome;
			long firstPoll = times.firstPollNanos();
			long lastStart = times.pollStartNanos();
			return new TaskView(record.id, state, record.name, record.kind, record.executor, record.location(),
					record.fields, warnings, totals.total(), totals.busy(), totals.scheduled(), totals.idle(),
					totals.blocked(), totals.polls(), (outcome != null) ? outcome.name() : null, record.error,
					(record.parentId != 0) ? record.parentId : null, record.parentName, times.threadName(),
					toMillis(times.createdNanos()), (firstPoll != 0) ? toMillis(firstPoll) : null,
					(lastStart != 0) ? toMillis(lastStart) : null, (ended != 0) ? toMillis(ended) : null);
		}

		private List<String> warnings(TaskRecord record, TaskState state, long now) {
			List<String> warnings = null;
			for (TaskWarning warning : TaskWarning.values()) {
				ConsoleOptions.WarningRule rule = ConsoleReading.this.options.rule(warning);
				if (rule.enabled() && raises(warning, rule.threshold(), record, state, now)) {
					warnings = (warnings != null) ? warnings : new ArrayList<>(2);
					warnings.add(warning.value());
					String key = warning.value() + "\u0000" + record.executor + "\u0000" + record.name;
					this.warned.computeIfAbsent(key, (k) -> new ArrayList<>()).add(record);
				}
			}
			return (warnings != null) ? List.copyOf(warnings) : List.of();
		}

		private boolean raises(TaskWarning warning, long threshold, TaskRecord record, TaskState state, long now) {
			return switch (warning) {
				case LONG_POLL -> longestPoll(record, state, now) > threshold;
				case STUCK -> waiting(record, state, now) > threshold;
				case SCHEDULING_DELAY -> longestScheduled(record, state, now) > threshold;
				case FAILED -> record.outcome == TaskOutcome.ERROR
						&& this.failedPerGroup.getOrDefault(record.group, 0) >= threshold;
				case REJECTED -> record.outcome == TaskOutcome.REJECTED
						&& this.rejectedPerExecutor.getOrDefault(record.executor, 0) >= threshold;
			};
		}

		/** The longest poll, the one in progress included (blocked or not). */
		private long longestPoll(TaskRecord record, TaskState state, long now) {
			TaskTimes times = record.times;
			boolean polling = state == TaskState.RUNNING || state == TaskState.BLOCKED;
			return Math.max(times.maxPollNanos(), polling ? now - times.pollStartNanos() : 0);
		}

		/** The longest wait for a thread, the one in progress included. */
		private long longestScheduled(TaskRecord record, TaskState state, long now) {
			TaskTimes times = record.times;
			long waiting = (state == TaskState.SCHEDULED) ? now - Math.max(times.wakeNanos(), times.pollEndNanos()) : 0;
			return Math.max(times.maxScheduledNanos(), waiting);
		}

		/**
		 * How long a task has been waiting for something that may never come: idle since
		 * its last poll (not a {@code @Scheduled} task, which waits for its trigger), or
		 * blocked on a future.
		 */
		private long waiting(TaskRecord record, TaskState state, long now) {
			TaskTimes times = record.times;
			if (state == TaskState.BLOCKED) {
				return now - times.blockedSinceNanos();
			}
			if (state != TaskState.IDLE || record.kind.equals("scheduled")) {
				return 0;
			}
			long end = times.pollEndNanos();
			return now - ((end != 0) ? end : Math.max(times.createdNanos(), times.wakeNanos()));
		}

		void executorWarning(String executor, TaskWarning warning, String message) {
			this.executorWarnings
				.add(new WarningView(warning.value(), null, executor, 0, List.of(), message, warning.meaning()));
		}

		List<WarningView> warnings() {
			List<WarningView> warnings = new ArrayList<>(this.executorWarnings);
			for (Map.Entry<String, List<TaskRecord>> entry : this.warned.entrySet()) {
				List<TaskRecord> records = entry.getValue();
				records.sort(Comparator.comparingLong((TaskRecord record) -> record.id).reversed());
				TaskRecord first = records.get(0);
				TaskWarning warning = TaskWarning.of(entry.getKey().substring(0, entry.getKey().indexOf('\u0000')));
				List<Long> ids = new ArrayList<>();
				for (int i = 0; i < records.size() && i < MAX_LISTED_IDS; i++) {
					ids.add(records.get(i).id);
				}
				warnings.add(new WarningView(warning.value(), first.name, first.executor, records.size(), ids,
						message(warning, records), warning.meaning()));
			}
			warnings.sort(Comparator.comparing(WarningView::warning).thenComparing(WarningView::executor));
			return warnings;
		}

		String message(TaskWarning warning, Collection<TaskRecord> records) {
			long max = 0;
			String error = null;
			for (TaskRecord record : records) {
				TaskState state = record.state(this.now);
				long value = switch (warning) {
					case LONG_POLL -> longestPoll(record, state, this.now);
					case STUCK -> waiting(record, state, this.now);
					case SCHEDULING_DELAY -> longestScheduled(record, state, this.now);
					case FAILED, REJECTED -> 0;
				};
				max = Math.max(max, value);
				if (error == null) {
					error = record.error;
				}
			}
			int count = records.size();
			return switch (warning) {
				case LONG_POLL -> "longest poll " + Durations.format(max);
				case STUCK -> "waiting for " + Durations.format(max);
				case SCHEDULING_DELAY -> "longest wake-to-poll latency " + Durations.format(max);
				case FAILED -> count + ((count == 1) ? " task failed" : " tasks failed")
						+ ((error != null) ? " (" + error + ")" : "");
				case REJECTED -> count + ((count == 1) ? " task rejected" : " tasks rejected")
						+ ((error != null) ? " (" + error + ")" : "");
			};
		}

	}

}
