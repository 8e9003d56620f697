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

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import dev.tracetools.executor.TaskOutcome;
import org.HdrHistogram.Histogram;

/**
 * The aggregated statistics of every task of one name on one executor (or of the overflow
 * name {@code other}): counts that meters read (per thread, see {@link GroupCounts}), and
 * histograms of poll and scheduled times recorded without locks
 * ({@link DurationHistogram}s: one atomic increment a value, a few KB each for most
 * groups, at most about 37 KB, hence the cap on groups). Packed concurrent histograms
 * were tried: they resize under contention and stall the writers.
 *
 * @author trace-tools
 */
final class TaskGroup {

	final String name;

	final String executor;

	/** Started, busy, scheduled, idle, completed: counted per thread, summed on reads. */
	private final GroupCounts counts = new GroupCounts();

	private final DurationHistogram pollTimes = new DurationHistogram();

	private final DurationHistogram scheduledTimes = new DurationHistogram();

	private final LongAdder pollOutliers = new LongAdder();

	private final LongAdder scheduledOutliers = new LongAdder();

	private final AtomicLong highestPollOutlier = new AtomicLong();

	private final AtomicLong highestScheduledOutlier = new AtomicLong();

	/**
	 * The queued tasks (started, never polled, ready since they started), readable in id
	 * order. Its size is exact and read without walking it.
	 */
	final QueuedTasks queued = new QueuedTasks();

	TaskGroup(String name, String executor) {
		this.name = name;
		this.executor = executor;
	}

	void queue(TaskRecord record) {
		this.queued.add(record);
	}

	/**
	 * Take a task out of the queued ones.
	 * @param record the task
	 * @return whether it was queued (once per task: its first poll or its stop)
	 */
	boolean dequeue(TaskRecord record) {
		return this.queued.remove(record);
	}

	/** The number of queued tasks: exact, without reading them. */
	int queuedCount() {
		return this.queued.size();
	}

	/** Give back what a drained queue still holds (see {@link QueuedTasks#release()}). */
	void releaseQueue() {
		this.queued.release();
	}

	/** A task started: counted on the current thread, in the cell the record keeps. */
	void started(TaskRecord record) {
		record.counts = this.counts.add(record.counts, GroupCounts.STARTED, 1);
	}

	/** A poll's scheduled time: counted on the current thread, and histogrammed. */
	void recordScheduled(TaskRecord record, long nanos) {
		record.counts = this.counts.add(record.counts, GroupCounts.SCHEDULED, nanos);
		recordScheduled(nanos);
	}

	/** A scheduled time in the histogram. */
	void recordScheduled(long nanos) {
		if (nanos > TaskRecord.MAX_VALUE) {
			this.scheduledOutliers.increment();
			this.highestScheduledOutlier.accumulateAndGet(nanos, Math::max);
		}
		this.scheduledTimes.record(Math.min(nanos, TaskRecord.MAX_VALUE));
	}

	/** A poll's duration: counted on the current thread, and histogrammed. */
	void recordPoll(TaskRecord record, long nanos) {
		record.counts = this.counts.add(record.counts, GroupCounts.BUSY, nanos);
		recordPoll(nanos);
	}

	/** A poll's duration in the histogram. */
	void recordPoll(long nanos) {
		if (nanos > TaskRecord.MAX_VALUE) {
			this.pollOutliers.increment();
			this.highestPollOutlier.accumulateAndGet(nanos, Math::max);
		}
		this.pollTimes.record(Math.min(nanos, TaskRecord.MAX_VALUE));
	}

	/** The number of polls: the values in the poll-time histogram. */
	long polls() {
		return this.pollTimes.count();
	}

	void completed(TaskRecord record, TaskOutcome outcome, long idleNanos) {
		record.counts = this.counts.completed(record.counts, outcome, idleNanos);
	}

	/** A completed task was dropped from the table to make room for this one. */
	void dropped(TaskRecord record) {
		record.counts = this.counts.add(record.counts, GroupCounts.DROPPED, 1);
	}

	/** The completed tasks dropped from the table to make room for the group's. */
	long dropped() {
		return this.counts.sum(GroupCounts.DROPPED);
	}

	long started() {
		return this.counts.sum(GroupCounts.STARTED);
	}

	long busyNanos() {
		return this.counts.sum(GroupCounts.BUSY);
	}

	long scheduledNanos() {
		return this.counts.sum(GroupCounts.SCHEDULED);
	}

	long idleNanos() {
		return this.counts.sum(GroupCounts.IDLE);
	}

	long completed(TaskOutcome outcome) {
		return this.counts.completed(outcome);
	}

	long active() {
		return this.counts.active();
	}

	/**
	 * Let go of what threads that ended hold: their counts' cells, folded into the shared
	 * one (see {@link GroupCounts}).
	 */
	void foldEndedThreads() {
		this.counts.foldEndedThreads();
	}

	HistogramView pollTimes() {
		return HistogramView.of(this.pollTimes.copy(), this.pollOutliers.sum(), this.highestPollOutlier.get());
	}

	HistogramView scheduledTimes() {
		return HistogramView.of(this.scheduledTimes.copy(), this.scheduledOutliers.sum(),
				this.highestScheduledOutlier.get());
	}

	/**
	 * Add this group's scheduled times to a histogram (to merge an executor's groups).
	 * @param target the histogram to add to
	 */
	void addScheduledTimesTo(Histogram target) {
		this.scheduledTimes.addTo(target);
	}

}
