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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.observe.CallSite;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * What the console keeps about one task besides its {@link TaskTimes} (which the code
 * that runs the task records, and every layer reads): its names, group, outcome, and the
 * histograms of its poll and scheduled times, created from the second poll on. The
 * histograms are filled from the times when a poll's scope closes on its thread (or when
 * the task stops, for a poll that ends with it).
 *
 * @author trace-tools
 */
final class TaskRecord {

	/**
	 * The largest value histograms hold: an hour, so that a task that waited minutes for
	 * a thread shows its wait (tokio-console stops at 1 s). Larger values are outliers.
	 * At 2 significant digits a fixed-size histogram of this range takes 37 KB (25 KB for
	 * 1 s); the per-task histograms are packed and grow with the values they hold.
	 */
	static final long MAX_VALUE = 3_600_000_000_000L;

	/** The tasks by id: the order of the queued ones, and of the default listing. */
	static final Comparator<TaskRecord> BY_ID = Comparator.comparingLong((record) -> record.id);

	private static final TaskOutcome[] OUTCOMES = TaskOutcome.values();

	private static final TaskKind[] KINDS = TaskKind.values();

	private static final VarHandle ACTIVE_SLOT;

	private static final VarHandle STOPPED;

	static {
		try {
			ACTIVE_SLOT = MethodHandles.lookup().findVarHandle(TaskRecord.class, "activeSlot", int.class);
			STOPPED = MethodHandles.lookup().findVarHandle(TaskRecord.class, "stopped", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final long id;

	/**
	 * The call site (shared per call site: the location text is built when read), whose
	 * name is the task's.
	 */
	final CallSite site;

	final TaskTimes times;

	final long parentId;

	/**
	 * The name of the span the task was started in: a {@code String}, or the
	 * {@link ParentSpan} that names a span of another library when the console is read.
	 */
	private final @Nullable Object parentName;

	final TaskGroup group;

	/**
	 * The cell of its group's counts that the thread which last counted for the task
	 * counted in: the next count on that thread needs no lookup (see
	 * {@link GroupCounts}).
	 */
	GroupCounts.@Nullable Cell counts;

	/**
	 * The polls whose start (scheduled time) the histograms hold; polling thread only.
	 */
	int scheduledRecorded;

	/** The polls whose duration the histograms hold; polling thread only. */
	int pollsRecorded;

	/** The first poll's scheduled time, kept in a field until a histogram is needed. */
	private long firstScheduled;

	/** The first poll's duration, kept in a field until a histogram is needed. */
	private long firstPoll;

	/** The kind's ordinal (a byte, not a reference: the record is made per task). */
	private final byte kind;

	/** The outcome's ordinal once the task stopped, {@code -1} before. */
	private byte outcome = -1;

	@Nullable String error;

	String fields = "";

	/**
	 * Written last when the task stops, with release semantics (no fence per task): the
	 * stop of a task that another thread is making active fences itself before it looks
	 * for the task in the slots (see {@link ActiveTasks#remove}).
	 */
	volatile boolean stopped;

	/**
	 * Whether the task is queued in its group (see {@link TaskTable}): set when it
	 * starts, cleared by its first poll.
	 */
	boolean queued;

	/**
	 * The task's slot among the active ones (see {@link ActiveTasks}), {@code -1} until
	 * it becomes active, and below that its place while it is queued (see
	 * {@link QueuedTasks}). Written with release semantics, not as a volatile (a fence
	 * per task): a thread that stops the task while its first poll makes it active on
	 * another thread may not see the slot yet, and then looks for the task in the slots
	 * themselves (see {@link ActiveTasks#remove}). Set to {@code -1} by a plain write in
	 * the constructor: the record reaches other threads through a release.
	 */
	private volatile int activeSlot;

	/** Histograms, outliers and events: most tasks are polled once and log nothing. */
	private @Nullable Details details;

	TaskRecord(long id, TaskKind kind, CallSite site, TaskTimes times, long parentId, @Nullable Object parentName,
			TaskGroup group) {
		this.id = id;
		this.kind = (byte) kind.ordinal();
		this.site = site;
		this.times = times;
		this.parentId = parentId;
		this.parentName = parentName;
		this.group = group;
		ACTIVE_SLOT.set(this, -1);
	}

	int activeSlot() {
		return this.activeSlot;
	}

	/**
	 * Keep the task's place in its group's queue, or its slot among the active tasks: a
	 * release write (no fence per task).
	 * @param slot the place, as {@link QueuedTasks} encodes it, or the slot
	 */
	void activeSlot(int slot) {
		ACTIVE_SLOT.setRelease(this, slot);
	}

	/** The name of the span the task was started in, if it has a parent. */
	@Nullable String parentName() {
		return (this.parentName instanceof ParentSpan span) ? span.name() : (String) this.parentName;
	}

	/** The task's name, its call site's (a field less per task). */
	String name() {
		return this.site.name();
	}

	TaskKind kind() {
		return KINDS[this.kind];
	}

	@Nullable TaskOutcome outcome() {
		byte outcome = this.outcome;
		return (outcome >= 0) ? OUTCOMES[outcome] : null;
	}

	/** The executor, its group's (a field less per task). */
	String executor() {
		return this.group.executor;
	}

	String location() {
		return this.site.location();
	}

	/** A poll's scope opened on its thread: histogram the poll's scheduled time once. */
	void pollStarted() {
		long polls = this.times.polls();
		if (polls == this.scheduledRecorded) {
			return;
		}
		this.scheduledRecorded = (int) polls;
		long scheduled = this.times.lastScheduledNanos();
		this.group.recordScheduled(this, scheduled);
		if (polls > 1) {
			// From the second poll on: the first one's time is what was scheduled before.
			synchronized (this) {
				details().scheduled.record(this.firstScheduled, scheduled);
			}
		}
		else {
			this.firstScheduled = scheduled;
		}
	}

	/** A poll ended: histogram its duration once. */
	void pollEnded() {
		long polls = this.times.polls();
		if (polls == this.pollsRecorded || this.times.isPolling()) {
			return;
		}
		this.pollsRecorded = (int) polls;
		long busy = this.times.lastPollNanos();
		this.group.recordPoll(this, busy);
		if (polls > 1) {
			synchronized (this) {
				details().polls.record(this.firstPoll, busy);
			}
		}
		else {
			this.firstPoll = busy;
		}
	}

	private Details details() {
		Details current = this.details;
		if (current == null) {
			current = new Details();
			this.details = current;
		}
		return current;
	}

	void stopped(TaskOutcome outcome, @Nullable String error, String fields) {
		pollEnded();
		this.outcome = (byte) outcome.ordinal();
		this.error = error;
		this.fields = fields;
		STOPPED.setRelease(this, true);
	}

	TaskState state(long now) {
		return TaskState.of(this.times.phase(now));
	}

	HistogramView pollTimes() {
		synchronized (this) {
			if (this.details != null && this.details.polls.histogram != null) {
				return this.details.polls.view();
			}
			return single((this.pollsRecorded > 0) ? this.firstPoll : -1);
		}
	}

	HistogramView scheduledTimes() {
		synchronized (this) {
			if (this.details != null && this.details.scheduled.histogram != null) {
				return this.details.scheduled.view();
			}
			return single((this.scheduledRecorded > 0) ? this.firstScheduled : -1);
		}
	}

	private static HistogramView single(long value) {
		if (value < 0) {
			return HistogramView.of(null, 0, 0);
		}
		Histogram histogram = new PackedHistogram(2);
		histogram.recordValue(Math.min(value, MAX_VALUE));
		return HistogramView.of(histogram, (value > MAX_VALUE) ? 1 : 0, value);
	}

	/** Add an event; return whether it was kept. */
	synchronized boolean addEvent(TaskEvent event, int max) {
		Details details = details();
		List<TaskEvent> list = details.events;
		if (list == null) {
			if (max == 0) {
				details.droppedEvents++;
				return false;
			}
			list = new ArrayList<>(Math.min(max, 4));
			details.events = list;
		}
		if (list.size() >= max) {
			details.droppedEvents++;
			return false;
		}
		list.add(event);
		return true;
	}

	synchronized List<TaskEvent> events() {
		return (this.details != null && this.details.events != null) ? List.copyOf(this.details.events) : List.of();
	}

	synchronized long droppedEvents() {
		return (this.details != null) ? this.details.droppedEvents : 0;
	}

	/**
	 * What a task polled more than once, or with events, keeps besides its totals
	 * (guarded by the record's lock).
	 */
	private static final class Details {

		final Times polls = new Times();

		final Times scheduled = new Times();

		@Nullable List<TaskEvent> events;

		long droppedEvents;

	}

	/**
	 * A histogram of poll or scheduled times, created with the second value, and the
	 * values beyond its range.
	 */
	private static final class Times {

		@Nullable Histogram histogram;

		long outliers;

		long highestOutlier;

		void record(long first, long value) {
			Histogram target = this.histogram;
			if (target == null) {
				target = new PackedHistogram(2);
				this.histogram = target;
				count(first);
				target.recordValue(Math.min(first, MAX_VALUE));
			}
			count(value);
			target.recordValue(Math.min(value, MAX_VALUE));
		}

		private void count(long value) {
			if (value > MAX_VALUE) {
				this.outliers++;
				this.highestOutlier = Math.max(this.highestOutlier, value);
			}
		}

		HistogramView view() {
			return HistogramView.of(this.histogram, this.outliers, this.highestOutlier);
		}

	}

}
