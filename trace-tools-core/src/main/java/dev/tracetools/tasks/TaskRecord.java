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
import java.util.List;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.observe.CallSite;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.jspecify.annotations.Nullable;

/**
 * What the console keeps about one task: tokio-console's per-task stats. The polls of a
 * task are sequential, so its poll fields have one writer at a time; they are volatile so
 * that the endpoint reads them while the task runs. A task polled once keeps its two
 * durations in fields; histograms are created from the second poll on.
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

	final long id;

	/** The id, boxed once: the key of the table of live tasks. */
	final Long key;

	final String name;

	final String kind;

	final String executor;

	/** The call site (shared per call site: the location text is built when read). */
	final CallSite site;

	final long createdNanos;

	final long parentId;

	final @Nullable String parentName;

	final TaskGroup group;

	// The stats are written by one thread at a time (the polling one) and read by the
	// endpoint. Only the field each event writes last is volatile: its write publishes
	// the plain writes before it, and readers read it first. A volatile write is a
	// fence on every write, a dozen of them per task otherwise.

	/**
	 * The task's context, while it is not done (for its wake time and polling thread).
	 */
	@Nullable TaskContext task;

	/** For observations without a polling thread: the thread that started them. */
	final @Nullable Thread startThread;

	/** Nesting depth of accepted scopes; touched only by the polling thread. */
	int depth;

	long firstPollNanos;

	/** Written last when a poll starts. */
	volatile long lastPollStartNanos;

	/** Written last when a poll ends. */
	volatile long lastPollEndNanos;

	long polls;

	long busyNanos;

	long scheduledNanos;

	long maxPollNanos;

	long maxScheduledNanos;

	/** Written last when the task stops. */
	volatile long endedNanos;

	@Nullable Thread pollThread;

	/**
	 * The thread of the last poll, as {@link ThreadNames} shows it, kept instead of the
	 * thread once done.
	 */
	@Nullable String threadName;

	@Nullable TaskOutcome outcome;

	@Nullable String error;

	String fields = "";

	/** Histograms, outliers and events: most tasks are polled once and log nothing. */
	private @Nullable Details details;

	TaskRecord(long id, String name, String kind, String executor, CallSite site, long createdNanos, long parentId,
			@Nullable String parentName, TaskGroup group, @Nullable TaskContext task, @Nullable Thread startThread) {
		this.id = id;
		this.key = id;
		this.name = name;
		this.kind = kind;
		this.executor = executor;
		this.site = site;
		this.createdNanos = createdNanos;
		this.parentId = parentId;
		this.parentName = parentName;
		this.group = group;
		this.task = task;
		this.startThread = startThread;
	}

	/**
	 * Whether a scope opened or closed on the current thread is one of this task's polls.
	 */
	boolean isPolledBy(Thread thread) {
		TaskContext context = this.task;
		if (context != null) {
			return context.getPollingThread() == thread;
		}
		return this.startThread == thread && this.endedNanos == 0;
	}

	String location() {
		return this.site.location();
	}

	long wakeNanos() {
		TaskContext context = this.task;
		return (context != null) ? context.getWakeNanos() : this.createdNanos;
	}

	/** A poll starts: account the time since the task was ready as scheduled time. */
	long pollStarted(long now, Thread thread) {
		long ready = Math.max(wakeNanos(), this.lastPollEndNanos);
		long scheduled = Math.max(0, now - ready);
		long before = this.scheduledNanos;
		boolean first = this.firstPollNanos == 0;
		this.scheduledNanos = before + scheduled;
		if (scheduled > this.maxScheduledNanos) {
			this.maxScheduledNanos = scheduled;
		}
		this.pollThread = thread;
		if (first) {
			this.firstPollNanos = now;
		}
		this.lastPollStartNanos = now;
		if (!first) {
			// From the second poll on: the first one's time is what was scheduled before.
			synchronized (this) {
				details().scheduled.record(before, scheduled);
			}
		}
		return scheduled;
	}

	/** A poll ends: account its duration as busy time. */
	long pollEnded(long now) {
		long busy = Math.max(0, now - this.lastPollStartNanos);
		long before = this.busyNanos;
		this.busyNanos = before + busy;
		if (busy > this.maxPollNanos) {
			this.maxPollNanos = busy;
		}
		if (this.polls > 0) {
			synchronized (this) {
				details().polls.record(before, busy);
			}
		}
		this.polls++;
		this.lastPollEndNanos = now;
		return busy;
	}

	private Details details() {
		Details current = this.details;
		if (current == null) {
			current = new Details();
			this.details = current;
		}
		return current;
	}

	void stopped(long now, TaskOutcome outcome, @Nullable String error, String fields) {
		this.outcome = outcome;
		this.error = error;
		this.fields = fields;
		this.task = null;
		Thread thread = this.pollThread;
		if (thread != null) {
			// Do not keep threads alive (a thread per task executor would pile them up).
			// Stopped on the polling thread, a virtual thread still names its carrier.
			this.threadName = ThreadNames.of(thread);
			this.pollThread = null;
		}
		this.endedNanos = now;
	}

	TaskState state(long now) {
		if (this.endedNanos != 0) {
			return TaskState.DONE;
		}
		long start = this.lastPollStartNanos;
		if (start != 0 && start > this.lastPollEndNanos) {
			return TaskState.RUNNING;
		}
		long wake = wakeNanos();
		if ((start == 0 || wake > start) && wake <= now) {
			return TaskState.SCHEDULED;
		}
		return TaskState.IDLE;
	}

	HistogramView pollTimes() {
		synchronized (this) {
			if (this.details != null && this.details.polls.histogram != null) {
				return this.details.polls.view();
			}
			return single((this.polls > 0) ? this.busyNanos : -1);
		}
	}

	HistogramView scheduledTimes() {
		synchronized (this) {
			if (this.details != null && this.details.scheduled.histogram != null) {
				return this.details.scheduled.view();
			}
			return single((this.firstPollNanos != 0) ? this.scheduledNanos : -1);
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
