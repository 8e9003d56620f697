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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;

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
		Queue queue = new Queue(query, reading, selection);
		int[] counts = new int[TaskState.values().length];
		int[] totals = new int[2];
		// One pass over the table, in the order of ids the query lists queued tasks in.
		this.table.forEach(now, !queue.ascending, new LiveTasks.Visitor() {

			@Override
			public void queued(int group, long id, long wakeNanos, TaskRecord record) {
				counts[TaskState.SCHEDULED.ordinal()]++;
				totals[0]++;
				totals[1] += queue.add(group, id, wakeNanos, record);
			}

			@Override
			public void task(TaskRecord record) {
				TaskState state = record.state(now);
				counts[state.ordinal()]++;
				totals[0]++;
				if (record.isQueued(state)) {
					totals[1] += queue.add(record.group.index, record.id, record.times.wakeNanos(), record);
					return;
				}
				int warnings = reading.warnings(record, state);
				if (query.matches(record, state, warnings)) {
					totals[1]++;
					selection.offer(record, state, warnings);
				}
			}

		});
		this.table.release();
		totals[1] += queue.offerListed();
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
			parent = (parentRecord != null)
					? new TaskDetails.TaskRef(parentRecord.id, parentRecord.name(), parentRecord.state(now))
					: new TaskDetails.TaskRef(record.parentId, (record.parentName != null) ? record.parentName : "",
							null);
		}
		List<TaskDetails.TaskRef> children = new ArrayList<>();
		this.table.forEach(now, false, (other) -> {
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
				// Spring's @Scheduled runs do not say which bean runs them:
				// "scheduler" is a label of their tasks, not an executor to show.
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
	 * The queued tasks of one read (see {@link TaskTable}), per group: counted, with the
	 * scheduling-delay warning they raise, and, in an order by id the query's follows
	 * (see {@link TaskColumn#queuedOrder}), only the first {@code limit} that match kept
	 * for the listing, so that a million of them cost one pass and no view each. In the
	 * other orders every one that matches is offered.
	 */
	private final class Queue {

		private final TaskQuery query;

		private final Reading reading;

		private final Selection selection;

		/** Whether the query lists queued tasks from the lowest id. */
		final boolean ascending;

		private final ConsoleOptions.WarningRule delay;

		/** By group index. */
		private @Nullable Queued[] groups = new Queued[16];

		private @Nullable Queued last;

		Queue(TaskQuery query, Reading reading, Selection selection) {
			this.query = query;
			this.reading = reading;
			this.selection = selection;
			TaskColumn sort = query.sort();
			boolean byTimeSinceSubmission = sort == TaskColumn.TOTAL || sort == TaskColumn.SCHED;
			this.ascending = byTimeSinceSubmission == query.descending();
			this.delay = reading.rules[TaskWarning.SCHEDULING_DELAY.ordinal()];
		}

		/**
		 * Count a queued task, and offer it if the query lists its group's tasks one by
		 * one, else keep it if it is among the first of its group.
		 * @return how many match (counted here only for those offered one by one)
		 */
		int add(int groupIndex, long id, long wakeNanos, TaskRecord record) {
			Queued queued = queued(groupIndex);
			queued.count++;
			int warnings = 0;
			if (this.delay.enabled()) {
				// Never polled: the wait since the wake is the longest.
				long value = this.reading.now - wakeNanos;
				if (value > this.delay.threshold()) {
					warnings = 1 << TaskWarning.SCHEDULING_DELAY.ordinal();
					queued.delayed++;
					queued.warned().add(id, value, null);
				}
			}
			if (!queued.mayMatch) {
				return 0;
			}
			if (queued.oneByOne) {
				if (this.query.matches(record, TaskState.SCHEDULED, warnings)) {
					this.selection.offer(record, TaskState.SCHEDULED, warnings);
					return 1;
				}
				return 0;
			}
			if (this.query.warning() == null || warnings != 0) {
				queued.kept.offer(id, record);
			}
			return 0;
		}

		private Queued queued(int groupIndex) {
			Queued queued = this.last;
			if (queued == null || queued.group.index != groupIndex) {
				if (groupIndex >= this.groups.length) {
					this.groups = Arrays.copyOf(this.groups, Math.max(groupIndex + 1, this.groups.length * 2));
				}
				queued = this.groups[groupIndex];
				if (queued == null) {
					queued = new Queued(ConsoleReading.this.table.group(groupIndex), this.query, this.ascending);
					this.groups[groupIndex] = queued;
				}
				this.last = queued;
			}
			return queued;
		}

		/**
		 * Offer the queued tasks kept, and count their groups' warnings in the reading
		 * (after the other tasks', group by group).
		 * @return how many of the groups listed by group match
		 */
		int offerListed() {
			int matched = 0;
			for (Map<String, TaskGroup> byName : ConsoleReading.this.table.groups().values()) {
				for (TaskGroup group : byName.values()) {
					Queued queued = (group.index < this.groups.length) ? this.groups[group.index] : null;
					if (queued == null) {
						continue;
					}
					if (queued.warned != null) {
						this.reading.warned(group, TaskWarning.SCHEDULING_DELAY).merge(queued.warned);
					}
					if (queued.mayMatch && !queued.oneByOne) {
						queued.kept.forEach((record) -> {
							TaskState state = record.state(this.reading.now);
							this.selection.offer(record, state, this.reading.warningsOf(record, state));
						});
						matched += (this.query.warning() != null) ? queued.delayed : queued.count;
					}
				}
			}
			return matched;
		}

	}

	/** The queued tasks of one group in a read. */
	private static final class Queued {

		final TaskGroup group;

		final boolean mayMatch;

		/** Whether the group's tasks are offered one by one (in no order by id). */
		final boolean oneByOne;

		/** The first tasks in the query's order. */
		final Kept kept;

		int count;

		int delayed;

		@Nullable Warned warned;

		Queued(TaskGroup group, TaskQuery query, boolean ascending) {
			this.group = group;
			this.mayMatch = query.mayMatchQueued(group);
			this.oneByOne = query.sort().queuedOrder(group) == 0 || !query.matchesQueuedByGroup(group);
			this.kept = new Kept((this.mayMatch && !this.oneByOne) ? query.limit() : 0, ascending);
		}

		Warned warned() {
			Warned warned = this.warned;
			if (warned == null) {
				warned = new Warned(TaskWarning.SCHEDULING_DELAY, this.group);
				this.warned = warned;
			}
			return warned;
		}

	}

	/**
	 * The first {@code limit} tasks by id, lowest or highest, from the ids their slots
	 * hold (no record is read): a heap whose head is the one to let go first.
	 */
	private static final class Kept {

		private final int limit;

		/** Whether the lowest ids are kept. */
		private final boolean lowest;

		private long[] ids;

		private TaskRecord[] records;

		private int size;

		Kept(int limit, boolean lowest) {
			this.limit = limit;
			this.lowest = lowest;
			int capacity = Math.min(limit, 64);
			this.ids = new long[capacity];
			this.records = new TaskRecord[capacity];
		}

		/** Whether id {@code a} is let go before id {@code b}. */
		private boolean before(long a, long b) {
			return this.lowest ? a > b : a < b;
		}

		void offer(long id, TaskRecord record) {
			if (this.size < this.limit) {
				if (this.size == this.ids.length) {
					int capacity = Math.min(this.limit, this.size * 2);
					this.ids = Arrays.copyOf(this.ids, capacity);
					this.records = Arrays.copyOf(this.records, capacity);
				}
				int child = this.size++;
				while (child > 0) {
					int parent = (child - 1) / 2;
					if (!before(id, this.ids[parent])) {
						break;
					}
					this.ids[child] = this.ids[parent];
					this.records[child] = this.records[parent];
					child = parent;
				}
				this.ids[child] = id;
				this.records[child] = record;
				return;
			}
			if (this.size == 0 || !before(this.ids[0], id)) {
				return;
			}
			int parent = 0;
			while (true) {
				int child = 2 * parent + 1;
				if (child >= this.size) {
					break;
				}
				if (child + 1 < this.size && before(this.ids[child + 1], this.ids[child])) {
					child++;
				}
				if (!before(this.ids[child], id)) {
					break;
				}
				this.ids[parent] = this.ids[child];
				this.records[parent] = this.records[child];
				parent = child;
			}
			this.ids[parent] = id;
			this.records[parent] = record;
		}

		/** Visit the tasks kept whose record still has the id its slot said. */
		void forEach(Consumer<TaskRecord> action) {
			for (int i = 0; i < this.size; i++) {
				TaskRecord record = this.records[i];
				if (record.id == this.ids[i] && TaskTable.isLive(record)) {
					action.accept(record);
				}
			}
		}

	}

	/**
	 * One read of the table at one instant: the warnings its tasks raise, counted per
	 * (warning, executor, name) without keeping the tasks, and views of the tasks asked
	 * for. Failed and rejected tasks are counted from the groups' counters, over all
	 * time.
	 */
	private final class Reading {

		final long now;

		private final Map<String, Long> rejectedPerExecutor = new HashMap<>();

		private final Map<TaskGroup, Warned[]> warned = new LinkedHashMap<>();

		/** The rules, read once per reading (by warning ordinal). */
		final ConsoleOptions.WarningRule[] rules = new ConsoleOptions.WarningRule[TaskWarning.values().length];

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
					(record.parentId != 0) ? record.parentId : null, record.parentName, times.threadName(),
					toMillis(times.createdNanos()), (firstPoll != 0) ? toMillis(firstPoll) : null,
					(lastStart != 0) ? toMillis(lastStart) : null, (ended != 0) ? toMillis(ended) : null);
		}

		Warned warned(TaskGroup group, TaskWarning warning) {
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
		long longestScheduled(TaskRecord record, TaskState state, long now) {
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

		/** Whether the ids came in ascending order so far (see addId). */
		private boolean ascending = true;

		/** While ascending and full: the index of the lowest id kept. */
		private int oldest;

		int count;

		long max;

		long latestId;

		@Nullable String error;

		Warned(TaskWarning warning, TaskGroup group) {
			this.warning = warning;
			this.group = group;
		}

		void add(TaskRecord record, long value) {
			add(record.id, value, record.error);
		}

		void add(long id, long value, @Nullable String error) {
			this.count++;
			this.max = Math.max(this.max, value);
			addId(id);
			if (id > this.latestId || this.error == null) {
				this.latestId = id;
				this.error = (error != null) ? error : this.error;
			}
		}

		/**
		 * Add the tasks of another entry of the same warning and group (read later).
		 * @param other the other entry
		 */
		void merge(Warned other) {
			this.count += other.count;
			this.max = Math.max(this.max, other.max);
			for (int i = 0; i < other.listed; i++) {
				addId(other.ids[i]);
			}
			if (other.latestId > this.latestId || this.error == null) {
				this.latestId = Math.max(this.latestId, other.latestId);
				this.error = (other.error != null) ? other.error : this.error;
			}
		}

		/**
		 * Keep the highest ids, without boxing those that do not make it. While the ids
		 * come in ascending order (a read of the queued tasks from the oldest), the next
		 * one takes the place of the oldest kept; from the first one out of order on, the
		 * ids are a heap whose head is the lowest.
		 */
		private void addId(long id) {
			long[] ids = this.ids;
			if (this.listed < ids.length) {
				this.ascending &= this.listed == 0 || id > ids[this.listed - 1];
				ids[this.listed++] = id;
				if (this.listed == ids.length && !this.ascending) {
					for (int i = ids.length / 2 - 1; i >= 0; i--) {
						siftDown(ids, i);
					}
				}
				return;
			}
			if (this.ascending) {
				int oldest = this.oldest;
				if (id > ids[(oldest > 0) ? oldest - 1 : ids.length - 1]) {
					ids[oldest] = id;
					this.oldest = (oldest + 1 < ids.length) ? oldest + 1 : 0;
					return;
				}
				// Out of order: rotated to ascending order, the ids are a heap.
				long[] rotated = new long[ids.length];
				for (int i = 0; i < ids.length; i++) {
					rotated[i] = ids[(this.oldest + i) % ids.length];
				}
				System.arraycopy(rotated, 0, ids, 0, ids.length);
				this.ascending = false;
			}
			if (id > ids[0]) {
				ids[0] = id;
				siftDown(ids, 0);
			}
		}

		private static void siftDown(long[] heap, int from) {
			int parent = from;
			while (true) {
				int child = 2 * parent + 1;
				if (child >= heap.length) {
					return;
				}
				if (child + 1 < heap.length && heap[child + 1] < heap[child]) {
					child++;
				}
				if (heap[parent] <= heap[child]) {
					return;
				}
				long swap = heap[parent];
				heap[parent] = heap[child];
				heap[child] = swap;
				parent = child;
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
