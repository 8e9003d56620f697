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
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.observe.SpanNames;
import dev.tracetools.observe.SpanParents;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationView;
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
 * the task's record and its table entries, and once per request (an observation of
 * another library) that starts tasks, what its tasks share of it ({@link ParentSpan}).
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

	private static final LayerSlot<TaskRecord> RECORD = new LayerSlot<>(TaskRecord.class);

	private static final CallSite.Derived<LastGroup> LAST_GROUP = new CallSite.Derived<>((site) -> new LastGroup());

	private final ConsoleOptions options;

	private final TaskTable table;

	/**
	 * The key of this layer's {@link ParentSpan} in the map of an observation that is not
	 * a task and has tasks (the record's key there is the layer itself).
	 */
	private final Object parentSpans = new Object();

	/** This layer's record of a span (a task), for the walks up parents. */
	private final Function<Observation.ContextView, @Nullable TaskRecord> records = (view) -> RECORD.get(view, this);

	private final List<ExecutorStatsSource> executorStatsSources = new CopyOnWriteArrayList<>();

	private final ConsoleReading reading;

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
		this.table = new TaskTable(options);
		this.reading = new ConsoleReading(options, this.table, this.executorStatsSources);
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
		TaskTimes times = TaskTimes.of(context);
		if (times == null) {
			return;
		}
		TaskRecord record;
		if (context instanceof TaskContext task) {
			CallSite site = task.getCallSite();
			record = newRecord(task.getId(), task.getKind(), site, times, context,
					groupOf(site, task.getExecutorName()));
		}
		else {
			String name = SpanNames.nameOf(context);
			CallSite method = SpanNames.methodOf(context);
			// The record's name is its site's.
			CallSite site = (method != null && method.name().equals(name)) ? method
					: new CallSite(name, null, null, null, 0);
			record = newRecord(TaskTimes.idOf(context), TaskKind.SCHEDULED, site, times, context,
					this.table.group(name, SCHEDULER));
		}
		RECORD.put(context, this, record);
		this.table.started(record);
	}

	private TaskRecord newRecord(long id, TaskKind kind, CallSite site, TaskTimes times, Observation.Context context,
			TaskGroup group) {
		ObservationView parent = context.getParentObservation();
		if (parent == null) {
			return new TaskRecord(id, kind, site, times, 0, null, group);
		}
		Observation.ContextView view = parent.getContextView();
		if (!(view instanceof ObservedSpanContext) && view.get(this.parentSpans) instanceof ParentSpan known) {
			// A later task of a request, say: its name and nearest task are known.
			return new TaskRecord(id, kind, site, times, known.taskId, known, group);
		}
		TaskRecord own = RECORD.get(view, this);
		TaskRecord parentRecord = (own != null) ? own : SpanParents.nearest(view, this.records);
		long parentId = (parentRecord != null) ? parentRecord.id : 0;
		if (view instanceof ObservedSpanContext span) {
			// Named once and for all when its call site was made.
			return new TaskRecord(id, kind, site, times, parentId, span.getObservedName(), group);
		}
		if (own != null || !(view instanceof Observation.Context parentContext)) {
			// A @Scheduled run (a task, its record in its map), or a view with no map to
			// keep a ParentSpan in: named for every task, as before.
			return new TaskRecord(id, kind, site, times, parentId, SpanNames.nameOf(view), group);
		}
		// The first task of a request, say: it is named when the console is read.
		ParentSpan known = parentContext.computeIfAbsent(this.parentSpans, new ParentSpan(parentId, view));
		return new TaskRecord(id, kind, site, times, known.taskId, known, group);
	}

	/**
	 * The group of the tasks of a call site: looked up once per call site (the tasks of a
	 * call site nearly always go to one executor), not twice in maps for every task.
	 */
	private TaskGroup groupOf(CallSite site, String executor) {
		LastGroup last = LAST_GROUP.get(site);
		LastGroup.Entry entry = last.entry;
		if (entry == null || entry.layer != this || !entry.executor.equals(executor)) {
			entry = new LastGroup.Entry(this, executor, this.table.group(site.name(), executor));
			last.entry = entry;
		}
		return entry.group;
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		TaskRecord record = RECORD.get(context, this);
		if (record != null && record.times.isPolling() && record.times.isPolledBy(Thread.currentThread())) {
			if (record.queued) {
				this.table.polled(record);
			}
			record.pollStarted();
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		TaskRecord record = RECORD.get(context, this);
		if (record != null) {
			TaskTimes.scopeClosed(context);
			if (!record.times.isPolling() && record.times.isPolledBy(Thread.currentThread())) {
				record.pollEnded();
			}
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		TaskRecord record = SpanParents.selfOrNearest(context, this.records);
		if (record != null) {
			String message = (event.getContextualName() != null) ? event.getContextualName() : event.getName();
			TaskEvent taskEvent = new TaskEvent(event.getWallTime(), event.getName(), message);
			if (!record.addEvent(taskEvent, this.options.maxEventsPerTask())) {
				this.table.droppedEvent();
			}
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		TaskTimes.stopped(context);
		TaskRecord record = RECORD.get(context, this);
		if (record == null) {
			if (!(context instanceof ObservedSpanContext)
					&& context.get(this.parentSpans) instanceof ParentSpan parent) {
				parent.stopped();
			}
			return;
		}
		if (record.stopped) {
			return;
		}
		Throwable error = context.getError();
		TaskOutcome outcome = outcome(context, error);
		record.stopped(outcome, (error != null) ? error.getClass().getName() : null, fields(context));
		long now = System.nanoTime();
		record.group.completed(record, outcome, record.times.idleNanos(now));
		this.table.stopped(record, now);
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

	// Reading: the endpoint, the meters, and tests. Nothing read changes the table.

	/**
	 * The number of tasks seen since the layer started.
	 * @return the exact count
	 */
	public long seen() {
		return this.table.seen();
	}

	/**
	 * The number of completed tasks dropped from the table (by age or by the cap).
	 * @return the exact count
	 */
	public long dropped() {
		return this.table.dropped(System.nanoTime());
	}

	/**
	 * The number of completed tasks in the table.
	 * @return the count
	 */
	public int completedInTable() {
		return this.table.completedInTable(System.nanoTime());
	}

	/**
	 * Drop the completed tasks older than the retention from memory now. Reads leave them
	 * out anyway, and stopping tasks drops them once a second: call this to free their
	 * memory in an application that has stopped running tasks.
	 */
	public void expireCompleted() {
		this.table.expire(System.nanoTime());
	}

	/**
	 * Take a snapshot of the table.
	 * @param query which tasks to list, in which order
	 * @return the snapshot
	 */
	public ConsoleSnapshot snapshot(TaskQuery query) {
		return this.reading.snapshot(query);
	}

	/**
	 * Look one task up, with its histograms, events, parent, children and, while it runs,
	 * the stack of the thread polling it (taken now).
	 * @param id the task's id
	 * @return the task's details, empty if it is not (or no longer) in the table
	 */
	public Optional<TaskDetails> task(long id) {
		return this.reading.task(id);
	}

	/**
	 * Register a listener told about every new (task name, executor) group, and tell it
	 * about the existing ones now.
	 * @param listener the listener
	 */
	void onGroup(Consumer<TaskGroup> listener) {
		this.table.onGroup(listener);
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
