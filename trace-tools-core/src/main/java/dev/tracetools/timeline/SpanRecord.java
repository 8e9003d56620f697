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
 * one); the further polls and the events are kept in {@link SpanEntries}, made when first
 * needed, that keep only the latest entries. It also counts the bytes it holds, so that
 * the recorder can bound its memory; once evicted it counts no more. A task's record
 * ({@link TaskSpanRecord}) reads its creation and stop from the task's {@link TaskTimes};
 * any other span's ({@link PlainSpanRecord}) keeps them.
 *
 * @author trace-tools
 */
abstract class SpanRecord extends PollEntry {

	/**
	 * Estimated shallow size of a record, its stacks and its boxed fields, on a 64-bit
	 * JVM with compressed references.
	 */
	static final long BYTES = 160;

	/**
	 * The bytes held are kept in the low half of {@link #state} plus this bias, so that a
	 * charge that briefly takes more than was added (a stack's cut counted before the
	 * push of an entry it cut, on another thread) never borrows from the marks above.
	 */
	private static final long BYTES_BIAS = 1L << 31;

	private static final long BYTES_MASK = 0xFFFF_FFFFL;

	private static final VarHandle NAME;

	/**
	 * The poll in progress, shown before it ends: kept in the record's {@link #next}
	 * link, which a record never needs (it is in no stack: it is its span's first poll).
	 */
	private static final VarHandle OPEN;

	private static final VarHandle STATE;

	private static final VarHandle ENTRIES;

	/** Out of the recorder's ring (see {@link #markEvicted()}). */
	private static final long EVICTED_BIT = 1L << 32;

	private static final long STOPPED_BIT = 1L << 33;

	private static final long ERROR_BIT = 1L << 34;

	/** Set by the thread whose scope is the span's first poll: this record itself. */
	private static final long FIRST_POLL_BIT = 1L << 35;

	/** Its bytes no longer count (see {@link #evict()}). */
	private static final long UNCOUNTED_BIT = 1L << 36;

	/** Where a task's outcome (its ordinal + 1) is kept in {@link #state}. */
	private static final int OUTCOME_SHIFT = 40;

	private static final TaskOutcome[] OUTCOMES = TaskOutcome.values();

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			NAME = lookup.findVarHandle(SpanRecord.class, "name", String.class);
			OPEN = lookup.findVarHandle(Entry.class, "next", Entry.class);
			STATE = lookup.findVarHandle(SpanRecord.class, "state", long.class);
			ENTRIES = lookup.findVarHandle(SpanRecord.class, "entries", SpanEntries.class);
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
	 * The further polls and the events, made when the first is pushed (most spans have
	 * neither: their first poll is this record).
	 */
	private volatile @Nullable SpanEntries entries;

	/**
	 * The bytes the record holds (the low half, {@link #BYTES_BIAS} added), and above
	 * them its marks: {@link #EVICTED_BIT} and {@link #STOPPED_BIT} (which of the two
	 * came first), {@link #ERROR_BIT}, {@link #FIRST_POLL_BIT}, {@link #UNCOUNTED_BIT}
	 * and a task's outcome. One word, not two: the record is 8 bytes smaller.
	 */
	private volatile long state;

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
		STATE.set(this, BYTES_BIAS + BYTES);
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
		return (this.state & STOPPED_BIT) != 0;
	}

	/**
	 * Whether the span failed.
	 * @return whether an error was seen
	 */
	boolean error() {
		return (this.state & ERROR_BIT) != 0;
	}

	void markError() {
		STATE.getAndBitwiseOr(this, ERROR_BIT);
	}

	/**
	 * The further polls and the events, made if there are none yet.
	 * @return the entries
	 */
	SpanEntries entries() {
		SpanEntries entries = this.entries;
		if (entries != null) {
			return entries;
		}
		SpanEntries created = new SpanEntries();
		SpanEntries witness = (SpanEntries) ENTRIES.compareAndExchange(this, null, created);
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
		boolean first = ((long) STATE.getAndBitwiseOr(this, FIRST_POLL_BIT) & FIRST_POLL_BIT) == 0;
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
			SpanEntries stacks = this.entries;
			this.ordinal = (stacks != null) ? (int) stacks.count(SpanEntries.POLLS) : 0;
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
		SpanEntries stacks = this.entries;
		List<Entry> entries = (stacks != null) ? stacks.latest(SpanEntries.POLLS, max) : new ArrayList<>(1);
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
		SpanEntries stacks = this.entries;
		return (stacks != null) ? stacks.latest(SpanEntries.EVENTS, max) : List.of();
	}

	/**
	 * How many polls were ever pushed.
	 * @return the count
	 */
	long pollCount() {
		SpanEntries stacks = this.entries;
		return ((stacks != null) ? stacks.count(SpanEntries.POLLS) : 0) + (hasFirstPoll() ? 1 : 0);
	}

	/**
	 * How many events were ever pushed.
	 * @return the count
	 */
	long eventCount() {
		SpanEntries stacks = this.entries;
		return (stacks != null) ? stacks.count(SpanEntries.EVENTS) : 0;
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
		return (PollEntry) OPEN.getAcquire(this);
	}

	/**
	 * Count bytes this record holds (or, if negative, no longer holds).
	 * @param bytes the bytes
	 * @return whether they count: {@code false} once the record is evicted
	 */
	boolean retain(long bytes) {
		return ((long) STATE.getAndAdd(this, bytes) & UNCOUNTED_BIT) == 0;
	}

	/**
	 * Mark the record evicted.
	 * @return the bytes it held, or {@code -1} if it was already evicted
	 */
	long evict() {
		long state = (long) STATE.getAndBitwiseOr(this, UNCOUNTED_BIT);
		return ((state & UNCOUNTED_BIT) != 0) ? -1 : (state & BYTES_MASK) - BYTES_BIAS;
	}

	/**
	 * Mark the record out of the recorder's ring.
	 * @return whether it had stopped already (nothing holds it any more); otherwise its
	 * observation holds it until it stops
	 */
	boolean markEvicted() {
		return ((long) STATE.getAndBitwiseOr(this, EVICTED_BIT) & STOPPED_BIT) != 0;
	}

	/**
	 * Mark the record stopped.
	 * @param outcome how a task ended, or {@code null}
	 * @param error whether the span failed (one update for both marks)
	 * @return whether it was out of the ring already (then it was held by its observation
	 * only, until now)
	 */
	boolean markStopped(@Nullable TaskOutcome outcome, boolean error) {
		long bits = STOPPED_BIT | ((outcome != null) ? (outcome.ordinal() + 1L) << OUTCOME_SHIFT : 0)
				| (error ? ERROR_BIT : 0);
		return ((long) STATE.getAndBitwiseOr(this, bits) & EVICTED_BIT) != 0;
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
		int index = (int) (this.state >>> OUTCOME_SHIFT) & 0xFF;
		return (index != 0) ? OUTCOMES[index - 1].name() : null;
	}

	/** Let the entries go (an evicted record still open keeps only itself). */
	void forgetEntries() {
		this.entries = null;
	}

	boolean isEvicted() {
		return (this.state & UNCOUNTED_BIT) != 0;
	}

}
