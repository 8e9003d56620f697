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

package dev.tracetools.executor;

import dev.tracetools.observe.EventClock;
import dev.tracetools.observe.LayerDispatcher;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The times of one task, recorded once where the task runs and read by every layer: its
 * wakes, its polls (start, end, thread and the wake each answered), the time it held its
 * thread blocked on a future, and its end. The arithmetic is tokio-console's:
 * <ul>
 * <li>{@code busy} is the sum of poll durations (a poll in progress counts; a thread
 * blocked on the task's future is held, so its time is busy too);</li>
 * <li>{@code scheduled} is, for each poll, poll start minus the later of the last wake
 * and the previous poll's end (the submission is the first wake);</li>
 * <li>{@code idle} is total minus busy minus scheduled;</li>
 * <li>{@code blocked} is the part of busy the task spent holding its thread while it
 * waited for a future (Spring's {@code @Async} interceptor does so).</li>
 * </ul>
 * The code that runs the task writes (one poll at a time, so one writer at a time); the
 * layers and endpoints read. Only the field each step writes last is volatile: its write
 * publishes the plain writes before it, and readers read it first. Nothing here locks or
 * allocates.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskTimes {

	/** The key of a {@code @Scheduled} run's id in its observation's context. */
	private static final String RUN_ID = TaskTimes.class.getName() + ".runId";

	private final long createdNanos;

	private volatile long wakeNanos;

	private int polls;

	private long firstPollNanos;

	private long busyNanos;

	private long scheduledNanos;

	private long blockedNanos;

	private long maxPollNanos;

	private long maxScheduledNanos;

	/**
	 * When the current or last poll began to hold its thread blocked on a future, or
	 * {@code 0} if it did not: reset when a poll starts, kept after it ended.
	 */
	private volatile long blockedSinceNanos;

	/** Whether a poll is in progress: written before the volatile time of each step. */
	private boolean inPoll;

	/**
	 * Whether {@link #lastThread} runs the current poll: from the poll's start until its
	 * scope closed.
	 */
	private volatile boolean held;

	/**
	 * The thread of the current or last poll until the task ends, then its name (a
	 * {@link Thread} or a {@link String}: one field, not two, in every task).
	 */
	private @Nullable Object lastThread;

	/** Written last when a poll starts. */
	private volatile long pollStartNanos;

	/** Written last when a poll ends. */
	private volatile long pollEndNanos;

	/** Written last when the task ends. */
	private volatile long endedNanos;

	/**
	 * Create the times of a task submitted now.
	 * @param createdNanos when the task was submitted, in {@link System#nanoTime()} units
	 * @param firstWakeNanos when it is first ready to run (its submission, or the expiry
	 * of its delay)
	 */
	TaskTimes(long createdNanos, long firstWakeNanos) {
		this.createdNanos = createdNanos;
		this.wakeNanos = firstWakeNanos;
	}

	/**
	 * The times of an observation that is a task: a {@code tracetools.task} span, or one
	 * of Spring's {@code tasks.scheduled.execution} observations (a {@code @Scheduled}
	 * method's run), which is one task with one poll: it is ready, and polled on its
	 * thread, from its start until its scope closes. The times of such an observation are
	 * made by the first layer that asks, when it starts;
	 * {@link #scopeClosed(Observation.Context)} ends its poll and
	 * {@link #stopped(Observation.Context)} ends it.
	 * @param context the observation's context
	 * @return the task's times, or {@code null} if the observation is no task
	 */
	public static @Nullable TaskTimes of(Observation.Context context) {
		if (context instanceof TaskContext task) {
			return task.times();
		}
		if (!SpanKeys.SCHEDULED_OBSERVATION.equals(context.getName())) {
			return null;
		}
		TaskTimes times = context.get(TaskTimes.class);
		if (times == null) {
			// The run's start as every layer reads it.
			long now = EventClock.nanoTime();
			times = new TaskTimes(now, now);
			times.pollStarted(now, Thread.currentThread());
			// Its id, from the sequence of task.ids, as every view shows it.
			context.put(RUN_ID, TaskContext.nextId());
			context.put(TaskTimes.class, times);
		}
		return times;
	}

	/**
	 * The id of the task an observation is: a {@code tracetools.task} span's
	 * {@code task.id}, or the id a {@code @Scheduled} run got from the same sequence when
	 * its times were made (by the first layer that saw it start), so that every view
	 * names the run by the same id.
	 * @param context the observation's context
	 * @return the id, or {@code 0} if the observation is no task
	 */
	public static long idOf(Observation.ContextView context) {
		if (context instanceof TaskContext task) {
			return task.getId();
		}
		Long id = context.get(RUN_ID);
		return (id != null) ? id : 0;
	}

	/**
	 * The times of a task observation whose scope closes now on the current thread: the
	 * only poll of a {@code tasks.scheduled.execution} observation ends when the scope of
	 * its run closes (once, by the first layer that sees it close), so that every layer
	 * reads the same end and the observation's other handlers, which stop it after, are
	 * not its busy time. A scope of the run opened again on its own thread (context
	 * propagation running a task inline) does not end it. A {@code tracetools.task}
	 * span's poll was ended by the code that ran it.
	 * @param context the observation's context
	 * @return the task's times, or {@code null} if the observation is no task
	 */
	public static @Nullable TaskTimes scopeClosed(Observation.Context context) {
		TaskTimes times = of(context);
		if (times != null && !(context instanceof TaskContext) && times.isPolling()
				&& times.isPolledBy(Thread.currentThread()) && !isNestedScope(context)) {
			times.pollEnded(EventClock.nanoTime());
		}
		return times;
	}

	/**
	 * Whether the scope of the given observation that closes now was opened inside
	 * another scope of the same observation on this thread (Micrometer restores the
	 * previous scope after its handlers saw the close).
	 */
	private static boolean isNestedScope(Observation.Context context) {
		ObservationRegistry registry = LayerDispatcher.registryOf(context);
		Observation.Scope closing = (registry != null) ? registry.getCurrentObservationScope() : null;
		if (closing == null || closing.getCurrentObservation().getContextView() != context) {
			return false;
		}
		for (Observation.Scope outer = closing.getPreviousObservationScope(); outer != null; outer = outer
			.getPreviousObservationScope()) {
			if (outer.getCurrentObservation().getContextView() == context) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The times of a task observation that stops now, ended: a
	 * {@code tasks.scheduled.execution} observation ends with the end of its only poll
	 * (see {@link #scopeClosed(Observation.Context)}; now, if its scope never closed),
	 * once, by the first layer that sees it stop, as an executor task ends with its last
	 * poll; a {@code tracetools.task} span was ended by the code that ran it.
	 * @param context the observation's context
	 * @return the task's times, or {@code null} if the observation is no task
	 */
	public static @Nullable TaskTimes stopped(Observation.Context context) {
		TaskTimes times = of(context);
		if (times != null && !(context instanceof TaskContext) && !times.isEnded()) {
			long end = EventClock.nanoTime();
			if (times.isPolling()) {
				times.pollEnded(end);
			}
			else {
				end = times.pollEndNanos;
			}
			times.released();
			times.ended(end);
		}
		return times;
	}

	void wake(long nanos) {
		this.wakeNanos = nanos;
	}

	void pollStarted(long now, Thread thread) {
		long wake = this.wakeNanos;
		long ready = (this.polls > 0) ? Math.max(wake, this.pollEndNanos) : wake;
		long scheduled = Math.max(0, now - ready);
		this.scheduledNanos += scheduled;
		if (scheduled > this.maxScheduledNanos) {
			this.maxScheduledNanos = scheduled;
		}
		if (this.polls++ == 0) {
			this.firstPollNanos = now;
		}
		this.blockedSinceNanos = 0;
		this.inPoll = true;
		this.lastThread = thread;
		this.held = true;
		this.pollStartNanos = now;
	}

	void blocked(long now) {
		this.blockedSinceNanos = now;
	}

	void pollEnded(long now) {
		long poll = Math.max(0, now - this.pollStartNanos);
		this.busyNanos += poll;
		if (poll > this.maxPollNanos) {
			this.maxPollNanos = poll;
		}
		long blockedSince = this.blockedSinceNanos;
		long blocked = (blockedSince != 0) ? Math.max(0, now - blockedSince) : 0;
		this.blockedNanos += blocked;
		this.inPoll = false;
		this.pollEndNanos = now;
	}

	/** The scope of the poll that ended has closed: the thread is released. */
	void released() {
		this.held = false;
		if (this.endedNanos != 0) {
			forgetThread();
		}
	}

	void ended(long now) {
		if (!this.held) {
			forgetThread();
		}
		this.endedNanos = now;
	}

	/**
	 * Keep the last thread's name, not the thread (the one who answers whether a thread
	 * polls the task needs the thread until the poll's scope closed).
	 */
	private void forgetThread() {
		if (this.lastThread instanceof Thread thread) {
			// Do not keep threads alive (a thread per task executor would pile them up).
			// Ended on the polling thread, a virtual thread still names its carrier.
			this.lastThread = ThreadNames.of(thread);
		}
	}

	/**
	 * When the task was submitted (its first wake), in {@link System#nanoTime()} units.
	 * @return the submission time
	 */
	public long createdNanos() {
		return this.createdNanos;
	}

	/**
	 * When the task was last woken: its submission, the expiry of its delay, or the start
	 * of a periodic run. A task is woken again only as its next poll starts, so this is
	 * also the wake the current or last poll answered.
	 * @return the last wake time
	 */
	public long wakeNanos() {
		return this.wakeNanos;
	}

	/**
	 * The number of polls started.
	 * @return the number of polls
	 */
	public long polls() {
		long started = this.pollStartNanos;
		return (started != 0) ? this.polls : 0;
	}

	/**
	 * When the first poll started.
	 * @return the time, or {@code 0} before the first poll
	 */
	public long firstPollNanos() {
		long started = this.pollStartNanos;
		return (started != 0) ? this.firstPollNanos : 0;
	}

	/**
	 * When the current or last poll started.
	 * @return the time, or {@code 0} before the first poll
	 */
	public long pollStartNanos() {
		return this.pollStartNanos;
	}

	/**
	 * When the last poll ended.
	 * @return the time, or {@code 0} before the first poll ended
	 */
	public long pollEndNanos() {
		return this.pollEndNanos;
	}

	/**
	 * The scheduled time of the current poll (its start minus the wake it answered or the
	 * previous poll's end, whichever was later), derived from the times the poll's start
	 * kept. Read it while the poll is in progress: its end replaces the previous one.
	 * @return the scheduled time, in nanoseconds, or {@code 0} before the first poll
	 */
	public long lastScheduledNanos() {
		long started = this.pollStartNanos;
		if (started == 0) {
			return 0;
		}
		long wake = this.wakeNanos;
		long ready = (this.polls > 1) ? Math.max(wake, this.pollEndNanos) : wake;
		return Math.max(0, started - ready);
	}

	/**
	 * The duration of the last poll that ended, derived from its start and end. Read it
	 * while no poll is in progress: the next poll's start replaces the last one.
	 * @return the duration, in nanoseconds, or {@code 0} before the first poll ended
	 */
	public long lastPollNanos() {
		long ended = this.pollEndNanos;
		return (ended != 0) ? Math.max(0, ended - this.pollStartNanos) : 0;
	}

	/**
	 * The time the last poll that ended held its thread blocked on a future (the end of
	 * the poll), derived from the poll's end and when it blocked. Read it while no poll
	 * is in progress: the next poll's start forgets when the last one blocked.
	 * @return the duration, in nanoseconds
	 */
	public long lastPollBlockedNanos() {
		long ended = this.pollEndNanos;
		long blockedSince = this.blockedSinceNanos;
		return (ended != 0 && blockedSince != 0 && !this.inPoll) ? Math.max(0, ended - blockedSince) : 0;
	}

	/**
	 * The longest poll that ended.
	 * @return the duration, in nanoseconds
	 */
	public long maxPollNanos() {
		long ended = this.pollEndNanos;
		return (ended != 0) ? this.maxPollNanos : 0;
	}

	/**
	 * The longest scheduled time of a poll.
	 * @return the duration, in nanoseconds
	 */
	public long maxScheduledNanos() {
		long started = this.pollStartNanos;
		return (started != 0) ? this.maxScheduledNanos : 0;
	}

	/**
	 * The thread running the task right now. Scopes of the task's span opened on other
	 * threads are not polls: context propagation opens the span's scope on a worker while
	 * a child task runs there, to make it the child's parent.
	 * @return the polling thread, or {@code null} between polls
	 */
	public @Nullable Thread pollingThread() {
		return (this.held && this.lastThread instanceof Thread thread) ? thread : null;
	}

	/**
	 * Whether the given thread runs a poll of the task: from the poll's start until its
	 * scope closed. A layer sees a poll start when the task's scope opens on that thread
	 * while {@link #isPolling()}, and its end when the scope closes there while no longer
	 * polling (the poll's end is recorded before its scope closes).
	 * @param thread the thread
	 * @return whether a scope event on that thread belongs to a poll
	 */
	public boolean isPolledBy(Thread thread) {
		return this.held && this.lastThread == thread;
	}

	/**
	 * Whether a poll is in progress.
	 * @return whether it is
	 */
	public boolean isPolling() {
		long start = this.pollStartNanos;
		return start != 0 && this.inPoll;
	}

	/**
	 * The thread of the current or last poll, as {@link ThreadNames} shows it.
	 * @return the name, or {@code null} before the first poll
	 */
	public @Nullable String threadName() {
		Object last = this.lastThread;
		return (last instanceof Thread thread) ? ThreadNames.of(thread) : (String) last;
	}

	/**
	 * When the current poll began to hold its thread blocked on a future.
	 * @return the time, or {@code 0} if the task is not blocked
	 */
	public long blockedSinceNanos() {
		return isPolling() ? this.blockedSinceNanos : 0;
	}

	/**
	 * Whether the task has ended.
	 * @return whether it has
	 */
	public boolean isEnded() {
		return this.endedNanos != 0;
	}

	/**
	 * When the task ended.
	 * @return the time, or {@code 0} while it has not
	 */
	public long endedNanos() {
		return this.endedNanos;
	}

	/**
	 * The task's state now.
	 * @param now the current time
	 * @return the state
	 */
	public Phase phase(long now) {
		if (this.endedNanos != 0) {
			return Phase.DONE;
		}
		long start = this.pollStartNanos;
		if (start != 0 && this.inPoll) {
			return (this.blockedSinceNanos != 0) ? Phase.BLOCKED : Phase.RUNNING;
		}
		long wake = this.wakeNanos;
		if ((start == 0 || wake > start) && wake <= now) {
			return Phase.SCHEDULED;
		}
		return Phase.IDLE;
	}

	/**
	 * Read the task's times: for a task that has ended, the same numbers every time; for
	 * a task that runs, the time up to {@code now} counts (as busy in a poll, as
	 * scheduled once woken).
	 * @param now the current time
	 * @return the times
	 */
	public Totals totals(long now) {
		long ended = this.endedNanos;
		long at = (ended != 0) ? ended : now;
		long total = Math.max(0, at - this.createdNanos);
		long busy = busyNanos(ended, at, total);
		long scheduled = scheduledNanos(ended, at, total, busy);
		long blocked = this.blockedNanos;
		long blockedSince = this.blockedSinceNanos;
		if (ended == 0 && blockedSince != 0 && isPolling()) {
			blocked += Math.max(0, at - blockedSince);
		}
		long start = this.pollStartNanos;
		return new Totals(total, busy, scheduled, total - busy - scheduled, Math.min(blocked, busy),
				(start != 0) ? this.polls : 0);
	}

	/**
	 * The task's idle time, as {@link #totals(long)} computes it, without allocating.
	 * @param now the current time
	 * @return the idle time, in nanoseconds
	 */
	public long idleNanos(long now) {
		long ended = this.endedNanos;
		long at = (ended != 0) ? ended : now;
		long total = Math.max(0, at - this.createdNanos);
		long busy = busyNanos(ended, at, total);
		return total - busy - scheduledNanos(ended, at, total, busy);
	}

	// Reads of a live task are not atomic: the parts are kept within the total.

	private long busyNanos(long ended, long at, long total) {
		long start = this.pollStartNanos;
		long busy = this.busyNanos;
		if (ended == 0 && start != 0 && this.inPoll) {
			busy += Math.max(0, at - start);
		}
		return Math.min(busy, total);
	}

	private long scheduledNanos(long ended, long at, long total, long busy) {
		long start = this.pollStartNanos;
		long end = this.pollEndNanos;
		long scheduled = this.scheduledNanos;
		if (ended == 0 && !(start != 0 && this.inPoll)) {
			long wake = this.wakeNanos;
			if ((start == 0 || wake > start) && wake <= at) {
				scheduled += Math.max(0, at - ((start != 0) ? Math.max(wake, end) : wake));
			}
		}
		return Math.min(scheduled, total - busy);
	}

	/**
	 * A task's state, as tokio-console derives it, with the state of a thread held
	 * waiting for a future.
	 */
	public enum Phase {

		/** Woken and waiting for a thread to poll it. */
		SCHEDULED,

		/** Being polled. */
		RUNNING,

		/** Being polled, but its thread waits for a future: held, not free. */
		BLOCKED,

		/** Between polls and not woken. */
		IDLE,

		/** Ended. */
		DONE

	}

	/**
	 * A task's times, in nanoseconds: {@code busy + scheduled + idle == total}.
	 *
	 * @param total from submission to the end (or to now)
	 * @param busy the sum of poll durations, blocked time included
	 * @param scheduled the time woken and waiting for a thread
	 * @param idle the rest: waiting, not woken
	 * @param blocked the part of busy spent holding the thread blocked on a future
	 * @param polls the number of polls started
	 */
	public record Totals(long total, long busy, long scheduled, long idle, long blocked, long polls) {

	}

}
