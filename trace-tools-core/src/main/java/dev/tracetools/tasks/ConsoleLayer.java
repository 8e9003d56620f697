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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.observe.SpanNames;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * The console layer: keeps, for every task span ({@code tracetools.task}, and Spring's
 * {@code tasks.scheduled.execution}, treated as a task of kind {@code scheduled}), the
 * statistics tokio-console keeps, with its arithmetic:
 * <ul>
 * <li>{@code busy} is the sum of poll durations (a poll in progress counts);</li>
 * <li>{@code scheduled} is, for each poll, poll start minus the later of the last wake
 * and the previous poll's end (the submission is the first wake);</li>
 * <li>{@code idle} is total minus busy minus scheduled.</li>
 * </ul>
 * A poll is one opening of the task's scope by the thread that runs it. Completed tasks
 * stay in the table for a bounded time and number ({@link ConsoleOptions}); the counts of
 * tasks seen and dropped stay exact. Events on a task's span (or on a span inside it),
 * such as the log records the logging layer bridges, are kept per task, up to a cap.
 * <p>
 * The hot path (start, scope opened and closed, stop) takes no lock and allocates only
 * the task's record and its table entries.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class ConsoleLayer implements ObservationHandler<Observation.Context> {

	/** The name under which tasks beyond the cap on task names are counted. */
	public static final String OTHER = "other";

	/**
	 * The executor name of Spring's {@code @Scheduled} tasks, whose observations do not
	 * say which scheduler bean runs them: a label, left out of the executors list.
	 */
	public static final String SCHEDULER = "scheduler";

	private static final int MAX_LISTED_IDS = 10;

	private static final int MAX_CHILDREN = 100;

	private static final int MAX_STACK_FRAMES = 64;

	private static final LayerSlot<TaskRecord> RECORD = new LayerSlot<>(TaskRecord.class, LayerSlot.CONSOLE);

	private static final CallSite.Derived<LastGroup> LAST_GROUP = new CallSite.Derived<>((site) -> new LastGroup());

	private final ConsoleOptions options;

	/** The tasks not done yet, by id. */
	private final ConcurrentMap<Long, TaskRecord> live = new ConcurrentHashMap<>();

	private final CompletedTasks completed;

	private final LongAdder seen = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder droppedEvents = new LongAdder();

	private final ConcurrentMap<String, ConcurrentMap<String, TaskGroup>> groups = new ConcurrentHashMap<>();

	private final AtomicInteger groupCount = new AtomicInteger();

	private final List<Consumer<TaskGroup>> groupListeners = new CopyOnWriteArrayList<>();

	private final List<ExecutorStatsSource> executorStatsSources = new CopyOnWriteArrayList<>();

	private final long startNanos = System.nanoTime();

	private final long startMillis = System.currentTimeMillis();

	/**
	 * Create the layer with the default options.
	 */
	public ConsoleLayer() {
		this(ConsoleOptions.defaults());
	}

	/**
	 * Create the layer.
	 * @param options its options
	 */
	public ConsoleLayer(ConsoleOptions options) {
		this.options = options;
		this.completed = new CompletedTasks(options.maxCompletedTasks());
	}

	/**
	 * The layer's options.
	 * @return the options
	 */
	public ConsoleOptions options() {
		return this.options;
	}

	/**
	 * Add a source of executor pool stats, shown next to the executors' tasks.
	 * @param source the source
	 */
	public void addExecutorStatsSource(ExecutorStatsSource source) {
		this.executorStatsSources.add(source);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// Every observation: tasks and Spring's @Scheduled ones (whose name is set only
		// at start) become records; an event on any span inside a task belongs to it.
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		TaskRecord record;
		if (context instanceof TaskContext task) {
			CallSite site = task.getCallSite();
			record = newRecord(task.getId(), site.name(), task.getKind().value(), task.getExecutorName(), site,
					task.getCreatedNanos(), context, task, null, groupOf(site, task.getExecutorName()));
		}
		else if (SpanKeys.SCHEDULED_OBSERVATION.equals(context.getName())) {
			String name = SpanNames.nameOf(context);
			CallSite method = SpanNames.methodOf(context);
			CallSite site = (method != null) ? method : new CallSite(name, null, null, null, 0);
			record = newRecord(TaskContext.nextId(), name, "scheduled", SCHEDULER, site, System.nanoTime(), context,
					null, Thread.currentThread(), group(name, SCHEDULER));
		}
		else {
			return;
		}
		RECORD.put(context, this, record);
		this.live.put(record.key, record);
		this.seen.increment();
		record.group.started.increment();
	}

	private TaskRecord newRecord(long id, String name, String kind, String executor, CallSite site, long created,
			Observation.Context context, @Nullable TaskContext task, @Nullable Thread startThread, TaskGroup group) {
		long parentId = 0;
		String parentName = null;
		ObservationView parent = context.getParentObservation();
		for (int depth = 0; parent != null && depth < 64; depth++) {
			Observation.ContextView view = parent.getContextView();
			if (parentName == null) {
				parentName = SpanNames.nameOf(view);
			}
			TaskRecord parentRecord = RECORD.get(view, this);
			if (parentRecord != null) {
				parentId = parentRecord.id;
				break;
			}
			parent = view.getParentObservation();
		}
		return new TaskRecord(id, name, kind, executor, site, created, parentId, parentName, group, task, startThread);
	}

	/**
	 * The group of the tasks of a call site: looked up once per call site (the tasks of a
	 * call site nearly always go to one executor), not twice in maps for every task.
	 */
	private TaskGroup groupOf(CallSite site, String executor) {
		LastGroup last = LAST_GROUP.get(site);
		LastGroup.Entry entry = last.entry;
		if (entry == null || entry.layer != this || !entry.executor.equals(executor)) {
			entry = new LastGroup.Entry(this, executor, group(site.name(), executor));
			last.entry = entry;
		}
		return entry.group;
	}

	private TaskGroup group(String name, String executor) {
		ConcurrentMap<String, TaskGroup> byName = this.groups.get(executor);
		if (byName == null) {
			byName = this.groups.computeIfAbsent(executor, (key) -> new ConcurrentHashMap<>());
		}
		TaskGroup group = byName.get(name);
		if (group != null) {
			return group;
		}
		boolean[] created = new boolean[1];
		if (this.groupCount.get() >= this.options.maxTaskNames()) {
			group = byName.computeIfAbsent(OTHER, (key) -> {
				created[0] = true;
				return new TaskGroup(OTHER, executor);
			});
		}
		else {
			group = byName.computeIfAbsent(name, (key) -> {
				created[0] = true;
				this.groupCount.incrementAndGet();
				return new TaskGroup(name, executor);
			});
		}
		if (created[0]) {
			for (Consumer<TaskGroup> listener : this.groupListeners) {
				listener.accept(group);
			}
		}
		return group;
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		TaskRecord record = RECORD.get(context, this);
		if (record == null) {
			return;
		}
		Thread thread = Thread.currentThread();
		if (!record.isPolledBy(thread) || record.depth++ > 0) {
			return;
		}
		record.group.recordScheduled(record.pollStarted(System.nanoTime(), thread));
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		TaskRecord record = RECORD.get(context, this);
		if (record == null || record.depth == 0 || !record.isPolledBy(Thread.currentThread()) || --record.depth > 0) {
			return;
		}
		record.group.recordPoll(record.pollEnded(System.nanoTime()));
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		TaskRecord record = taskOf(context);
		if (record != null) {
			String message = (event.getContextualName() != null) ? event.getContextualName() : event.getName();
			TaskEvent taskEvent = new TaskEvent(event.getWallTime(), event.getName(), message);
			if (!record.addEvent(taskEvent, this.options.maxEventsPerTask())) {
				this.droppedEvents.increment();
			}
		}
	}

	private @Nullable TaskRecord taskOf(Observation.ContextView context) {
		Observation.ContextView view = context;
		for (int depth = 0; depth < 64; depth++) {
			TaskRecord record = RECORD.get(view, this);
			if (record != null) {
				return record;
			}
			ObservationView parent = view.getParentObservation();
			if (parent == null) {
				return null;
			}
			view = parent.getContextView();
		}
		return null;
	}

	@Override
	public void onStop(Observation.Context context) {
		TaskRecord record = RECORD.get(context, this);
		if (record == null || record.endedNanos != 0) {
			return;
		}
		long now = System.nanoTime();
		Throwable error = context.getError();
		TaskOutcome outcome = outcome(context, error);
		record.stopped(now, outcome, (error != null) ? error.getClass().getName() : null, fields(context));
		long idle = (now - record.createdNanos) - record.busyNanos - record.scheduledNanos;
		record.group.completed(outcome, Math.max(0, idle));
		this.live.remove(record.key);
		if (this.completed.add(record)) {
			this.dropped.increment();
		}
	}

	private static TaskOutcome outcome(Observation.Context context, @Nullable Throwable error) {
		if (context instanceof TaskContext task && task.getOutcome() != null) {
			return task.getOutcome();
		}
		KeyValue outcome = context.getLowCardinalityKeyValue(SpanKeys.OUTCOME);
		if (outcome != null) {
			for (TaskOutcome value : TaskOutcome.values()) {
				if (value.name().equalsIgnoreCase(outcome.getValue())) {
					return value;
				}
			}
		}
		return (error != null) ? TaskOutcome.ERROR : TaskOutcome.SUCCESS;
	}

	private static String fields(Observation.Context context) {
		if (context instanceof ObservedSpanContext span && !span.hasStoredLowCardinalityKeyValues()) {
			// Only the fixed keys of the span, which are all columns.
			return "";
		}
		StringBuilder fields = null;
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			if (!isColumn(keyValue.getKey())) {
				fields = (fields != null) ? fields.append(' ') : new StringBuilder();
				fields.append(keyValue.getKey()).append('=').append(keyValue.getValue());
			}
		}
		return (fields != null) ? fields.toString() : "";
	}

	private static boolean isColumn(String key) {
		return switch (key) {
			case SpanKeys.OBSERVED_NAME, SpanKeys.LOC_FILE, SpanKeys.LOC_LINE, SpanKeys.TASK_KIND,
					SpanKeys.EXECUTOR_NAME, SpanKeys.OUTCOME, SpanKeys.CODE_NAMESPACE, SpanKeys.CODE_FUNCTION,
					"exception", "error" ->
				true;
			default -> false;
		};
	}

	private void expire(long now) {
		int expired = this.completed.expire(now - this.options.retention().toNanos());
		if (expired > 0) {
			this.dropped.add(expired);
		}
	}

	// Reading: the endpoint, the meters, and tests.

	/**
	 * The number of tasks seen since the layer started.
	 * @return the exact count
	 */
	public long seen() {
		return this.seen.sum();
	}

	/**
	 * The number of completed tasks dropped from the table (by age or by the cap).
	 * @return the exact count
	 */
	public long dropped() {
		expire(System.nanoTime());
		return this.dropped.sum();
	}

	/**
	 * The number of completed tasks in the table.
	 * @return the count
	 */
	public int completedInTable() {
		expire(System.nanoTime());
		return this.completed.size();
	}

	/**
	 * Take a snapshot of the table.
	 * @param query which tasks to list, in which order
	 * @return the snapshot
	 */
	public ConsoleSnapshot snapshot(TaskQuery query) {
		long now = System.nanoTime();
		expire(now);
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
				seen(), dropped(), this.droppedEvents.sum());
		return new ConsoleSnapshot(toMillis(now), "nanoseconds", summary, listed, executors(reading),
				reading.warnings());
	}

	/**
	 * Look one task up, with its histograms, events, parent, children and, while it runs,
	 * the stack of the thread polling it (taken now).
	 * @param id the task's id
	 * @return the task's details, empty if it is not (or no longer) in the table
	 */
	public Optional<TaskDetails> task(long id) {
		long now = System.nanoTime();
		expire(now);
		TaskRecord record = find(id);
		if (record == null) {
			return Optional.empty();
		}
		Reading reading = new Reading(now);
		TaskView view = reading.view(record);
		TaskDetails.TaskRef parent = null;
		if (record.parentId != 0) {
			TaskRecord parentRecord = find(record.parentId);
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

	private @Nullable TaskRecord find(long id) {
		TaskRecord record = this.live.get(id);
		return (record != null) ? record : this.completed.find(id);
	}

	private static @Nullable List<String> stack(TaskRecord record, TaskView view) {
		Thread thread = record.pollThread;
		if (view.state() != TaskState.RUNNING || thread == null) {
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

	/**
	 * Register a listener told about every new (task name, executor) group, and tell it
	 * about the existing ones now.
	 * @param listener the listener
	 */
	void onGroup(Consumer<TaskGroup> listener) {
		this.groupListeners.add(listener);
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				listener.accept(group);
			}
		}
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
		this.groups.keySet().forEach((name) -> names.put(name, name));
		List<ExecutorView> executors = new ArrayList<>();
		for (String name : names.keySet()) {
			ExecutorStats stat = stats.get(name);
			if (stat == null && SCHEDULER.equals(name)) {
				// Spring's @Scheduled runs do not say which bean runs them: "scheduler"
				// is
				// a label of their tasks, not an executor to show.
				continue;
			}
			long rejected = 0;
			long started = 0;
			Histogram scheduled = new PackedHistogram(2);
			Map<String, TaskGroup> byName = this.groups.get(name);
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
						? "> " + formatNanos(TaskRecord.MAX_VALUE) : formatNanos(p99);
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
	 * Format a duration as tracing-subscriber does ({@code 1.23ms}, {@code 456µs}).
	 * @param nanos the duration in nanoseconds
	 * @return the text
	 */
	public static String formatNanos(long nanos) {
		double value = nanos;
		String[] units = { "ns", "µs", "ms", "s" };
		int unit = 0;
		while (unit < units.length - 1 && value >= 1000) {
			value /= 1000;
			unit++;
		}
		String format = (value < 10) ? "%.2f%s" : (value < 100) ? "%.1f%s" : "%.0f%s";
		return String.format(Locale.ROOT, format, value, units[unit]);
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
			this.records = new ArrayList<>();
			for (TaskRecord record : ConsoleLayer.this.live.values()) {
				// A task that just ended is read from the completed ones (it moves
				// there).
				if (record.endedNanos == 0) {
					this.records.add(record);
				}
			}
			ConsoleLayer.this.completed.addTo(this.records);
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
			long ended = record.endedNanos;
			long at = (ended != 0) ? ended : this.now;
			TaskState state = record.state(this.now);
			long total = Math.max(0, at - record.createdNanos);
			long busy = record.busyNanos;
			long scheduled = record.scheduledNanos;
			long lastStart = record.lastPollStartNanos;
			if (state == TaskState.RUNNING) {
				busy += Math.max(0, this.now - lastStart);
			}
			else if (state == TaskState.SCHEDULED) {
				scheduled += Math.max(0, this.now - Math.max(record.wakeNanos(), record.lastPollEndNanos));
			}
			// Reads of a live task are not atomic: keep the parts within the total.
			busy = Math.min(busy, total);
			scheduled = Math.min(scheduled, total - busy);
			long idle = total - busy - scheduled;
			List<String> warnings = warnings(record, state, this.now);
			Thread thread = record.pollThread;
			TaskOutcome outcome = record.outcome;
			long firstPoll = record.firstPollNanos;
			return new TaskView(record.id, state, record.name, record.kind, record.executor, record.location(),
					record.fields, warnings, total, busy, scheduled, idle, record.polls,
					(outcome != null) ? outcome.name() : null, record.error,
					(record.parentId != 0) ? record.parentId : null, record.parentName,
					(thread != null) ? ThreadNames.of(thread) : record.threadName, toMillis(record.createdNanos),
					(firstPoll != 0) ? toMillis(firstPoll) : null, (lastStart != 0) ? toMillis(lastStart) : null,
					(ended != 0) ? toMillis(ended) : null);
		}

		private List<String> warnings(TaskRecord record, TaskState state, long now) {
			List<String> warnings = null;
			for (TaskWarning warning : TaskWarning.values()) {
				ConsoleOptions.WarningRule rule = ConsoleLayer.this.options.rule(warning);
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
				case LONG_POLL -> record.maxPollNanos > threshold
						|| (state == TaskState.RUNNING && now - record.lastPollStartNanos > threshold);
				case STUCK -> state == TaskState.IDLE && !record.kind.equals("scheduled")
						&& now - lastActivity(record) > threshold;
				case SCHEDULING_DELAY -> record.maxScheduledNanos > threshold || (state == TaskState.SCHEDULED
						&& now - Math.max(record.wakeNanos(), record.lastPollEndNanos) > threshold);
				case FAILED -> record.outcome == TaskOutcome.ERROR
						&& this.failedPerGroup.getOrDefault(record.group, 0) >= threshold;
				case REJECTED -> record.outcome == TaskOutcome.REJECTED
						&& this.rejectedPerExecutor.getOrDefault(record.executor, 0) >= threshold;
			};
		}

		private long lastActivity(TaskRecord record) {
			long end = record.lastPollEndNanos;
			return (end != 0) ? end : Math.max(record.createdNanos, record.wakeNanos());
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
				long value = switch (warning) {
					case LONG_POLL -> Math.max(record.maxPollNanos,
							(record.state(this.now) == TaskState.RUNNING) ? this.now - record.lastPollStartNanos : 0);
					case STUCK -> this.now - lastActivity(record);
					case SCHEDULING_DELAY ->
						Math.max(record.maxScheduledNanos, (record.state(this.now) == TaskState.SCHEDULED)
								? this.now - Math.max(record.wakeNanos(), record.lastPollEndNanos) : 0);
					case FAILED, REJECTED -> 0;
				};
				max = Math.max(max, value);
				if (error == null) {
					error = record.error;
				}
			}
			int count = records.size();
			return switch (warning) {
				case LONG_POLL -> "longest poll " + formatNanos(max);
				case STUCK -> "not polled for " + formatNanos(max);
				case SCHEDULING_DELAY -> "longest wake-to-poll latency " + formatNanos(max);
				case FAILED -> count + ((count == 1) ? " task failed" : " tasks failed")
						+ ((error != null) ? " (" + error + ")" : "");
				case REJECTED -> count + ((count == 1) ? " task rejected" : " tasks rejected")
						+ ((error != null) ? " (" + error + ")" : "");
			};
		}

	}

	/**
	 * The group of a call site's tasks, for the layer and executor that last looked it
	 * up.
	 */
	private static final class LastGroup {

		volatile @Nullable Entry entry;

		record Entry(ConsoleLayer layer, String executor, TaskGroup group) {
		}

	}

}
