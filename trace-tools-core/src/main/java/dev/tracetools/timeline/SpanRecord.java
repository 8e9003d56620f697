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

package dev.tracetools.timeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TaskTimes;
import org.jspecify.annotations.Nullable;

/**
 * What the timeline layer records of one span while it lives: written by the threads that
 * run it without locks, read by snapshots. It is its span's first poll (most spans have
 * one); the further polls and the events are kept in two {@link EntryStack}s, made when
 * first needed, that keep only the latest entries. It also counts the bytes it holds, so
 * that the recorder can bound its memory; once evicted it counts no more. A task's record
 * ({@link TaskSpanRecord}) reads its creation and stop from the task's {@link TaskTimes};
 * any other span's ({@link PlainSpanRecord}) keeps them.
 *
 * @author trace-tools
 */
abstract class SpanRecord extends PollEntry {

	/**
	 * Estimated shallow size of a record, its two stacks and its boxed fields, on a
	 * 64-bit JVM with compressed references.
	 */
	static final long BYTES = 160;

	private static final int EVICTED = Integer.MIN_VALUE;

	private static final VarHandle RETAINED;

	private static final VarHandle NAME;

	private static final VarHandle OPEN;

	private static final VarHandle ENDING;

	private static final VarHandle POLLS;

	private static final VarHandle EVENTS;

	private static final int EVICTED_BIT = 1;

	private static final int STOPPED_BIT = 2;

	private static final int ERROR_BIT = 4;

	/** Set by the thread whose scope is the span's first poll: this record itself. */
	private static final int FIRST_POLL_BIT = 8;

	/** Where a task's outcome (its ordinal + 1) is kept in {@link #ending}. */
	private static final int OUTCOME_SHIFT = 8;

	private static final TaskOutcome[] OUTCOMES = TaskOutcome.values();

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			RETAINED = lookup.findVarHandle(SpanRecord.class, "retained", int.class);
			NAME = lookup.findVarHandle(SpanRecord.class, "name", String.class);
			OPEN = lookup.findVarHandle(SpanRecord.class, "open", PollEntry.class);
			ENDING = lookup.findVarHandle(SpanRecord.class, "ending", int.class);
			POLLS = lookup.findVarHandle(SpanRecord.class, "polls", EntryStack.class);
			EVENTS = lookup.findVarHandle(SpanRecord.class, "events", EntryStack.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	final long parentId;

	/** The observation, kind, executor and method, shared with the spans of its site. */
	final SpanSite site;

	final ThreadLabel createdThread;

	/**
	 * The position of the record in the recorder's ring; its id is one more (ids go on
	 * across rings).
	 */
	final long sequence;

	volatile String name;

	/**
	 * The polls and the events, made when the first is pushed (most spans have no event,
	 * and a task's first poll alone still needs the stack).
	 */
	private volatile @Nullable EntryStack polls;

	private volatile @Nullable EntryStack events;

	/** The poll in progress, shown before it ends. */
	private volatile @Nullable PollEntry open;

	private volatile int retained;

	/**
	 * {@link #EVICTED_BIT} and {@link #STOPPED_BIT} (which of the two came first), and
	 * {@link #ERROR_BIT}.
	 */
	private volatile int ending;

	@SuppressWarnings("NullAway") // name is set through its VarHandle
	SpanRecord(long sequence, long parentId, String name, SpanSite site, ThreadLabel thread) {
		this.sequence = sequence;
		this.parentId = parentId;
		NAME.set(this, name);
		this.site = site;
		this.createdThread = thread;
		// Plain writes (the fields are volatile for later writes): the record is
		// published by the ring's slot (a release) and by the context; a volatile write
		// here would cost a fence per span.
		RETAINED.set(this, (int) BYTES);
	}

	/**
	 * The record's id: one more than its sequence, so that 0 means no parent.
	 * @return the id
	 */
	long id() {
		return this.sequence + 1;
	}

	/**
	 * The task's id, for a task span.
	 * @return the id, or {@code 0}
	 */
	abstract long taskId();

	/**
	 * When the span was created (a task: submitted).
	 * @return the time, in {@link System#nanoTime()} units
	 */
	abstract long createdNanos();

	/**
	 * When the span stopped, once {@link #stopped()} answers {@code true}.
	 * @return the time, in {@link System#nanoTime()} units
	 */
	abstract long stoppedNanos();

	/**
	 * A task's times (the task model's record of its polls).
	 * @return the times, or {@code null} if the span is no task
	 */
	abstract @Nullable TaskTimes times();

	/**
	 * Whether the span stopped.
	 * @return whether it stopped
	 */
	boolean stopped() {
		return (this.ending & STOPPED_BIT) != 0;
	}

	/**
	 * Whether the span failed.
	 * @return whether an error was seen
	 */
	boolean error() {
		return (this.ending & ERROR_BIT) != 0;
	}

	void markError() {
		ENDING.getAndBitwiseOr(this, ERROR_BIT);
	}

	/**
	 * The polls, made if there are none yet.
	 * @return the polls
	 */
	EntryStack polls() {
		return stack(POLLS);
	}

	/**
	 * The events, made if there are none yet.
	 * @return the events
	 */
	EntryStack events() {
		return stack(EVENTS);
	}

	private EntryStack stack(VarHandle handle) {
		EntryStack stack = (EntryStack) handle.getVolatile(this);
		if (stack != null) {
			return stack;
		}
		EntryStack created = new EntryStack();
		EntryStack witness = (EntryStack) handle.compareAndExchange(this, null, created);
		return (witness != null) ? witness : created;
	}

	/**
	 * A new poll of the span: the record itself for the first one. The scopes of a span
	 * that is no task may open on several threads at once: the first is claimed
	 * atomically.
	 * @param startNanos when it started
	 * @param thread its thread
	 * @return the poll
	 */
	PollEntry newPoll(long startNanos, ThreadLabel thread) {
		boolean first = ((int) ENDING.getAndBitwiseOr(this, FIRST_POLL_BIT) & FIRST_POLL_BIT) == 0;
		return poll(first, startNanos, thread, 0);
	}

	final PollEntry poll(boolean first, long startNanos, ThreadLabel thread, long wakeNanos) {
		if (first) {
			begin(startNanos, thread, wakeNanos);
			return this;
		}
		return new PollEntry(startNanos, thread, wakeNanos);
	}

	/**
	 * The first poll (this record) ended: it takes its place after the polls pushed
	 * before.
	 */
	void firstPollEnding() {
		if (!isCarried()) {
			EntryStack stack = this.polls;
			this.ordinal = (stack != null) ? (int) stack.count() : 0;
		}
	}

	private boolean hasFirstPoll() {
		return isEnded() && !isCarried();
	}

	/**
	 * The latest polls, oldest first.
	 * @param max how many at most
	 * @return the polls
	 */
	List<Entry> latestPolls(int max) {
		EntryStack stack = this.polls;
		List<Entry> entries = (stack != null) ? stack.latest(max) : new ArrayList<>(1);
		if (hasFirstPoll()) {
			int index = 0;
			while (index < entries.size() && entries.get(index).ordinal < this.ordinal) {
				index++;
			}
			entries.add(index, this);
			if (entries.size() > max) {
				entries.remove(0);
			}
		}
		return entries;
	}

	/**
	 * The latest events, oldest first.
	 * @param max how many at most
	 * @return the events
	 */
	List<Entry> latestEvents(int max) {
		EntryStack stack = this.events;
		return (stack != null) ? stack.latest(max) : List.of();
	}

	/**
	 * How many polls were ever pushed.
	 * @return the count
	 */
	long pollCount() {
		EntryStack stack = this.polls;
		return ((stack != null) ? stack.count() : 0) + (hasFirstPoll() ? 1 : 0);
	}

	/**
	 * How many events were ever pushed.
	 * @return the count
	 */
	long eventCount() {
		EntryStack stack = this.events;
		return (stack != null) ? stack.count() : 0;
	}

	/**
	 * The poll in progress, shown before it ends.
	 * @param poll the poll, its fields written
	 */
	void opened(PollEntry poll) {
		// A release publishes the poll's fields to snapshots, which read it with an
		// acquire; no thread orders a later read after this write (a volatile write's
		// fence would order nothing here).
		OPEN.setRelease(this, poll);
	}

	void closed(PollEntry poll) {
		OPEN.compareAndSet(this, poll, null);
	}

	@Nullable PollEntry open() {
		return this.open;
	}

	/**
	 * Count bytes this record holds (or, if negative, no longer holds).
	 * @param bytes the bytes
	 * @return whether they count: {@code false} once the record is evicted
	 */
	boolean retain(long bytes) {
		return (int) RETAINED.getAndAdd(this, (int) bytes) > EVICTED / 2;
	}

	/**
	 * Mark the record evicted.
	 * @return the bytes it held, or {@code -1} if it was already evicted
	 */
	long evict() {
		int held = (int) RETAINED.getAndSet(this, EVICTED);
		return (held < EVICTED / 2) ? -1 : held;
	}

	/**
	 * Mark the record out of the recorder's ring.
	 * @return whether it had stopped already (nothing holds it any more); otherwise its
	 * observation holds it until it stops
	 */
	boolean markEvicted() {
		return ((int) ENDING.getAndBitwiseOr(this, EVICTED_BIT) & STOPPED_BIT) != 0;
	}

	/**
	 * Mark the record stopped.
	 * @param outcome how a task ended, or {@code null}
	 * @param error whether the span failed (one update for both marks)
	 * @return whether it was out of the ring already (then it was held by its observation
	 * only, until now)
	 */
	boolean markStopped(@Nullable TaskOutcome outcome, boolean error) {
		int bits = STOPPED_BIT | ((outcome != null) ? (outcome.ordinal() + 1) << OUTCOME_SHIFT : 0)
				| (error ? ERROR_BIT : 0);
		return ((int) ENDING.getAndBitwiseOr(this, bits) & EVICTED_BIT) != 0;
	}

	/**
	 * Write the span's stop time and final name, before {@link #markStopped}.
	 * @param stoppedNanos when it stopped (a task's record reads it from the task's
	 * times)
	 * @param name its name as it stopped, {@code null} to keep the name it had
	 */
	void stopping(long stoppedNanos, @Nullable String name) {
		// A release: a snapshot reads the name whether or not the span stopped (either
		// name is right then). No fence is needed.
		if (name != null) {
			NAME.setRelease(this, name);
		}
	}

	/**
	 * How a task ended, once it stopped.
	 * @return the outcome's name, or {@code null}
	 */
	@Nullable String outcome() {
		int index = (this.ending >>> OUTCOME_SHIFT) & 0xFF;
		return (index != 0) ? OUTCOMES[index - 1].name() : null;
	}

	/** Let the entries go (an evicted record still open keeps only itself). */
	void forgetEntries() {
		this.polls = null;
		this.events = null;
	}

	boolean isEvicted() {
		return this.retained < EVICTED / 2;
	}

}
