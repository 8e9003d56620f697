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
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;

import dev.tracetools.executor.TaskKind;
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
		Selection selection = new Selection(query, reading);
		int[] counts = new int[TaskState.values().length];
		int[] totals = new int[2];
		this.table.forEachActive(now, (record) -> {
			TaskState state = record.state(now);
			int warnings = reading.warnings(record, state);
			counts[state.ordinal()]++;
			totals[0]++;
			if (query.matches(record, state, warnings)) {
				totals[1]++;
				selection.offer(record, state, warnings);
			}
		});
		// The queued tasks: counted, not read one by one (see TaskTable).
		for (Map<String, TaskGroup> byName : this.table.groups().values()) {
			for (TaskGroup group : byName.values()) {
				group.releaseQueue();
				int queued = group.queuedCount();
				if (queued > 0) {
					int delayed = reading.queuedWarnings(group, queued);
					counts[TaskState.SCHEDULED.ordinal()] += queued;
					totals[0] += queued;
					totals[1] += selection.offerQueued(group, queued, delayed);
				}
			}
		}
		Map<String, Integer> states = new LinkedHashMap<>();
		for (TaskState state : TaskState.values()) {
			states.put(state.value(), counts[state.ordinal()]);
		}
		ConsoleSnapshot.Summary summary = new ConsoleSnapshot.Summary(states, totals[0], totals[1], this.table.seen(),
				this.table.dropped(now), this.table.droppedEvents());
		return new ConsoleSnapshot(toMillis(now), "nanoseconds", summary, selection.listed(), executors(reading),
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
		TaskState state = record.state(now);
		TaskView view = reading.view(record, state, reading.warnings(record, state));
		TaskDetails.TaskRef parent = null;
		if (record.parentId != 0) {
			TaskRecord parentRecord = this.table.find(record.parentId, now);
			if (parentRecord != null) {
				parent = new TaskDetails.TaskRef(parentRecord.id, parentRecord.name(), parentRecord.state(now));
			}
			else {
				String parentName = record.parentName();
				parent = new TaskDetails.TaskRef(record.parentId, (parentName != null) ? parentName : "", null);
			}
		}
		List<TaskDetails.TaskRef> children = new ArrayList<>();
		this.table.forEach(now, (other) -> {
			if (other.parentId == id && children.size() < MAX_CHILDREN) {
				children.add(new TaskDetails.TaskRef(other.id, other.name(), other.state(now)));
			}
		});
		children.sort(Comparator.comparingLong(TaskDetails.TaskRef::id));
		List<WarningView> warnings = new ArrayList<>();
		for (String warning : view.warnings()) {
			TaskWarning type = TaskWarning.of(warning);
			warnings.add(new WarningView(warning, record.name(), record.executor(), 1, List.of(record.id),
					reading.message(type, record.group, reading.value(type, record, view.state()), record.error),
					type.meaning()));
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
					started += group.started();
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
			ConsoleOptions.WarningRule rejectedRule = this.options.rule(TaskWarning.REJECTED);
			if (rejectedRule.enabled() && rejected > 0 && rejected >= rejectedRule.threshold()) {
				warnings.add(TaskWarning.REJECTED.value());
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
	 * The rows a query lists: the first {@code limit} matching tasks in the query's
	 * order, kept in a bounded heap so that only those rows become views (by id, the
	 * default order, no view is built for a task that is not listed).
	 */
	private static final class Selection {

		private final TaskQuery query;

		private final Reading reading;

		private final @Nullable PriorityQueue<TaskRecord> byId;

		private final @Nullable PriorityQueue<TaskView> byView;

		private final Comparator<TaskView> order;

		Selection(TaskQuery query, Reading reading) {
			this.query = query;
			this.reading = reading;
			Comparator<TaskView> order = query.sort().comparator();
			this.order = query.descending() ? order.reversed() : order;
			int capacity = Math.min(query.limit(), 1024) + 1;
			if (query.sort() == TaskColumn.ID) {
				// The head is the row to let go first: the last in the query's order.
				Comparator<TaskRecord> ids = Comparator.comparingLong((TaskRecord record) -> record.id);
				this.byId = new PriorityQueue<>(capacity, query.descending() ? ids : ids.reversed());
				this.byView = null;
			}
			else {
				this.byId = null;
				this.byView = new PriorityQueue<>(capacity, this.order.reversed());
			}
		}

		void offer(TaskRecord record, TaskState state, int warnings) {
			PriorityQueue<TaskRecord> byId = this.byId;
			if (byId != null) {
				TaskRecord last = byId.peek();
				if (byId.size() >= this.query.limit() && last != null && byId.comparator().compare(record, last) <= 0) {
					// Not before the last listed row.
					return;
				}
				byId.add(record);
				if (byId.size() > this.query.limit()) {
					byId.poll();
				}
				// The state and warnings are read again for the listed rows.
				return;
			}
			PriorityQueue<TaskView> byView = this.byView;
			if (byView != null) {
				byView.add(this.reading.view(record, state, warnings));
				if (byView.size() > this.query.limit()) {
					byView.poll();
				}
			}
		}

		/**
		 * Offer a group's queued tasks: in an order the query's follows, only until
		 * {@code limit} of them match; otherwise every one.
		 * @return how many match
		 */
		int offerQueued(TaskGroup group, int queued, int delayed) {
			if (!this.query.mayMatchQueued(group)) {
				return 0;
			}
			int order = this.query.sort().queuedOrder(group);
			boolean byGroup = this.query.matchesQueuedByGroup(group);
			boolean ascending = (order >= 0) != this.query.descending();
			Iterable<TaskRecord> records = group.queued.inOrder(ascending);
			int matched = 0;
			for (TaskRecord record : records) {
				if (!TaskTable.isLive(record)) {
					continue;
				}
				TaskState state = record.state(this.reading.now);
				int warnings = this.reading.warningsOf(record, state);
				if (this.query.matches(record, state, warnings)) {
					offer(record, state, warnings);
					if (++matched >= this.query.limit() && order != 0 && byGroup) {
						break;
					}
				}
			}
			if (!byGroup || order == 0) {
				return matched;
			}
			return (this.query.warning() != null) ? delayed : queued;
		}

		List<TaskView> listed() {
			List<TaskView> listed = new ArrayList<>();
			if (this.byId != null) {
				for (TaskRecord record : this.byId) {
					TaskState state = record.state(this.reading.now);
					listed.add(this.reading.view(record, state, this.reading.warningsOf(record, state)));
				}
			}
			else if (this.byView != null) {
				listed.addAll(this.byView);
			}
			listed.sort(this.order);
			return List.copyOf(listed);
		}

	}

	/**
	 * One read of the table at one instant: the warnings its tasks raise, counted per
	 * (warning, executor, name) without keeping the tasks, and views of the tasks asked
	 * for. Failed and rejected tasks are counted from the groups' counters, over all
	 * time.
	 */
	private final class Reading {

		private final long now;

		private final Map<String, Long> rejectedPerExecutor = new HashMap<>();

		private final Map<TaskGroup, Warned[]> warned = new LinkedHashMap<>();

		/** The rules, read once per reading (by warning ordinal). */
		private final ConsoleOptions.WarningRule[] rules = new ConsoleOptions.WarningRule[TaskWarning.values().length];

		private final List<WarningView> executorWarnings = new ArrayList<>();

		Reading(long now) {
			this.now = now;
			for (TaskWarning warning : TaskWarning.values()) {
				this.rules[warning.ordinal()] = ConsoleReading.this.options.rule(warning);
			}
			for (Map<String, TaskGroup> byName : ConsoleReading.this.table.groups().values()) {
				for (TaskGroup group : byName.values()) {
					this.rejectedPerExecutor.merge(group.executor, group.completed(TaskOutcome.REJECTED), Long::sum);
				}
			}
		}

		TaskView view(TaskRecord record, TaskState state, int warningMask) {
			TaskTimes times = record.times;
			TaskTimes.Totals totals = times.totals(this.now);
			long ended = times.endedNanos();
			List<String> warnings = new ArrayList<>(0);
			for (TaskWarning warning : TaskWarning.values()) {
				if ((warningMask & (1 << warning.ordinal())) != 0) {
					warnings.add(warning.value());
				}
			}
			TaskOutcome outcome = record.outcome();
			long firstPoll = times.firstPollNanos();
			long lastStart = times.pollStartNanos();
			return new TaskView(record.id, state, record.name(), record.kind().value(), record.executor(),
					record.location(), record.fields, List.copyOf(warnings), totals.total(), totals.busy(),
					totals.scheduled(), totals.idle(), totals.blocked(), totals.polls(),
					(outcome != null) ? outcome.name() : null, record.error,
					(record.parentId != 0) ? record.parentId : null, record.parentName(), times.threadName(),
					toMillis(times.createdNanos()), (firstPoll != 0) ? toMillis(firstPoll) : null,
					(lastStart != 0) ? toMillis(lastStart) : null, (ended != 0) ? toMillis(ended) : null);
		}

		private Warned warned(TaskGroup group, TaskWarning warning) {
			Warned[] byWarning = this.warned.computeIfAbsent(group, (key) -> new Warned[TaskWarning.values().length]);
			Warned entry = byWarning[warning.ordinal()];
			if (entry == null) {
				entry = new Warned(warning, group);
				byWarning[warning.ordinal()] = entry;
			}
			return entry;
		}

		/**
		 * The warnings a task raises (a bit per {@link TaskWarning} ordinal), counted in
		 * this reading's warnings.
		 */
		int warnings(TaskRecord record, TaskState state) {
			int warnings = warningsOf(record, state);
			if (warnings != 0) {
				for (TaskWarning warning : TaskWarning.values()) {
					if ((warnings & (1 << warning.ordinal())) != 0) {
						warned(record.group, warning).add(record, value(warning, record, state));
					}
				}
			}
			return warnings;
		}

		/**
		 * Count a group's queued tasks in this reading's warnings without reading them
		 * all: of the warnings only the scheduling delay applies to them (they have not
		 * run, nor failed), and its value, the time since their submission, is the larger
		 * the lower the id. So they are read from the newest until ten raise it; the
		 * older ones raise it too, the oldest with the largest value.
		 * @return how many raise it
		 */
		int queuedWarnings(TaskGroup group, int queued) {
			TaskWarning warning = TaskWarning.SCHEDULING_DELAY;
			ConsoleOptions.WarningRule rule = this.rules[warning.ordinal()];
			if (!rule.enabled()) {
				return 0;
			}
			Warned entry = null;
			int read = 0;
			int raised = 0;
			for (TaskRecord record : group.queued.inOrder(false)) {
				read++;
				TaskState state = record.state(this.now);
				long value = value(warning, record, state);
				if (TaskTable.isLive(record) && value > rule.threshold()) {
					entry = (entry != null) ? entry : warned(group, warning);
					entry.add(record, value);
					if (++raised == MAX_LISTED_IDS) {
						break;
					}
				}
			}
			// Not read: the older ones, if the reading stopped at the tenth.
			int older = (raised == MAX_LISTED_IDS) ? Math.max(0, queued - read) : 0;
			TaskRecord record = (entry != null && older > 0) ? oldestQueued(group) : null;
			if (entry == null || record == null) {
				return raised;
			}
			entry.count += older;
			entry.max = Math.max(entry.max, value(warning, record, record.state(this.now)));
			return raised + older;
		}

		private @Nullable TaskRecord oldestQueued(TaskGroup group) {
			return group.queued.first();
		}

		/** The warnings a task raises, without counting them. */
		int warningsOf(TaskRecord record, TaskState state) {
			int warnings = 0;
			for (TaskWarning warning : TaskWarning.values()) {
				ConsoleOptions.WarningRule rule = this.rules[warning.ordinal()];
				if (rule.enabled() && raises(warning, rule.threshold(), record, state)) {
					warnings |= 1 << warning.ordinal();
				}
			}
			return warnings;
		}

		private boolean raises(TaskWarning warning, long threshold, TaskRecord record, TaskState state) {
			return switch (warning) {
				case LONG_POLL, STUCK, SCHEDULING_DELAY -> value(warning, record, state) > threshold;
				case FAILED ->
					record.outcome() == TaskOutcome.ERROR && record.group.completed(TaskOutcome.ERROR) >= threshold;
				case REJECTED -> record.outcome() == TaskOutcome.REJECTED
						&& this.rejectedPerExecutor.getOrDefault(record.executor(), 0L) >= threshold;
			};
		}

		/** The duration a warning is about, for a task (none for counted warnings). */
		long value(TaskWarning warning, TaskRecord record, TaskState state) {
			return switch (warning) {
				case LONG_POLL -> longestPoll(record, state, this.now);
				case STUCK -> waiting(record, state, this.now);
				case SCHEDULING_DELAY -> longestScheduled(record, state, this.now);
				case FAILED, REJECTED -> 0;
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
			if (state != TaskState.IDLE || record.kind() == TaskKind.SCHEDULED) {
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
			countedWarningsOfGroupsTheTableNoLongerHolds();
			List<WarningView> warnings = new ArrayList<>(this.executorWarnings);
			for (Warned[] byWarning : this.warned.values()) {
				for (Warned entry : byWarning) {
					if (entry != null) {
						warnings.add(view(entry));
					}
				}
			}
			warnings.sort(Comparator.comparing(WarningView::warning).thenComparing(WarningView::executor));
			return warnings;
		}

		/**
		 * Failed and rejected tasks are counted over all time: their warning stays once
		 * the count reaches the threshold, also when none of those tasks is left in the
		 * table (then it lists no ids).
		 */
		private void countedWarningsOfGroupsTheTableNoLongerHolds() {
			ConsoleOptions.WarningRule failed = this.rules[TaskWarning.FAILED.ordinal()];
			ConsoleOptions.WarningRule rejected = this.rules[TaskWarning.REJECTED.ordinal()];
			for (Map<String, TaskGroup> byName : ConsoleReading.this.table.groups().values()) {
				for (TaskGroup group : byName.values()) {
					long failures = group.completed(TaskOutcome.ERROR);
					if (failed.enabled() && failures > 0 && failures >= failed.threshold()) {
						warned(group, TaskWarning.FAILED);
					}
					if (rejected.enabled() && group.completed(TaskOutcome.REJECTED) > 0
							&& this.rejectedPerExecutor.getOrDefault(group.executor, 0L) >= rejected.threshold()) {
						warned(group, TaskWarning.REJECTED);
					}
				}
			}
		}

		private WarningView view(Warned entry) {
			TaskWarning warning = entry.warning;
			TaskGroup group = entry.group;
			return new WarningView(warning.value(), group.name, group.executor, count(warning, group, entry),
					entry.ids(), message(warning, group, entry.max, entry.error), warning.meaning());
		}

		/**
		 * Failed and rejected tasks are counted over all time, the others in the table.
		 */
		private int count(TaskWarning warning, TaskGroup group, Warned entry) {
			return switch (warning) {
				case FAILED -> (int) Math.min(Integer.MAX_VALUE, group.completed(TaskOutcome.ERROR));
				case REJECTED -> (int) Math.min(Integer.MAX_VALUE, group.completed(TaskOutcome.REJECTED));
				case LONG_POLL, STUCK, SCHEDULING_DELAY -> entry.count;
			};
		}

		String message(TaskWarning warning, TaskGroup group, long max, @Nullable String error) {
			return switch (warning) {
				case LONG_POLL -> "longest poll " + Durations.format(max);
				case STUCK -> "waiting for " + Durations.format(max);
				case SCHEDULING_DELAY -> "longest wake-to-poll latency " + Durations.format(max);
				case FAILED -> counted(group.completed(TaskOutcome.ERROR), "failed", error);
				case REJECTED -> counted(group.completed(TaskOutcome.REJECTED), "rejected", error);
			};
		}

		private static String counted(long count, String outcome, @Nullable String error) {
			return count + ((count == 1) ? " task " : " tasks ") + outcome
					+ ((error != null) ? " (" + error + ")" : "");
		}

	}

	/**
	 * The tasks of one (warning, executor, name) in a reading: how many, the highest ids
	 * (the latest tasks), the largest value and the latest task's error.
	 */
	private static final class Warned {

		final TaskWarning warning;

		final TaskGroup group;

		private final long[] ids = new long[MAX_LISTED_IDS];

		private int listed;

		int count;

		long max;

		long latestId;

		@Nullable String error;

		Warned(TaskWarning warning, TaskGroup group) {
			this.warning = warning;
			this.group = group;
		}

		void add(TaskRecord record, long value) {
			this.count++;
			this.max = Math.max(this.max, value);
			// The highest ids, without boxing those that do not make it.
			if (this.listed < this.ids.length) {
				this.ids[this.listed++] = record.id;
			}
			else {
				int lowest = 0;
				for (int i = 1; i < this.ids.length; i++) {
					lowest = (this.ids[i] < this.ids[lowest]) ? i : lowest;
				}
				if (record.id > this.ids[lowest]) {
					this.ids[lowest] = record.id;
				}
			}
			if (record.id > this.latestId || this.error == null) {
				this.latestId = record.id;
				this.error = (record.error != null) ? record.error : this.error;
			}
		}

		List<Long> ids() {
			List<Long> ids = new ArrayList<>(this.listed);
			for (int i = 0; i < this.listed; i++) {
				ids.add(this.ids[i]);
			}
			ids.sort(Comparator.reverseOrder());
			return ids;
		}

	}

}
