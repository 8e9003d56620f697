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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.EventClock;
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
 * The timeline layer: an {@link ObservationHandler} that records the recent spans the way
 * async users draw them by hand: each span's lifetime (start to stop), every poll (a
 * scope opened and closed on a thread: a busy section) with its thread, for tasks the
 * time they were woken before each poll (so the scheduled gaps show), its events (log
 * records, errors) with their time and thread, and its logical parent
 * ({@link Observation.Context#getParentObservation()}), so that a task sits under the
 * request that spawned it although it ran on another thread.
 * <p>
 * A task's polls are read from its {@link TaskTimes} (recorded once, where it runs), so a
 * scope of a task opened anywhere else is no poll of it. A scope that context propagation
 * opens on a worker only to make a span the parent of a task that runs there is not a
 * poll of that span either, and is not recorded as one.
 * <p>
 * Memory is bounded: at most {@link TimelineOptions#maxSpans()} spans are kept (a ring: a
 * new span evicts the oldest), and their estimated size is kept under
 * {@link TimelineOptions#maxBytes()} by evicting the oldest spans; within a span only the
 * latest {@link TimelineOptions#maxPollsPerSpan() polls} and
 * {@link TimelineOptions#maxEventsPerSpan() events} are kept, and messages are cut. The
 * hot path takes no lock: a thread-local stack of open polls, compare-and-set pushes, one
 * clock read, one object per span (which holds its first poll), one per further poll or
 * event, and one that holds those when the first comes.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TimelineLayer implements ObservationHandler<Observation.Context> {

	private static final LayerSlot<Object> STATE = new LayerSlot<>(Object.class);

	/** The name of the events the layer records for errors. */
	public static final String ERROR_EVENT = "error";

	private static final Object SAMPLED_OUT = new Object();

	/** The dividends below which {@link #remainder} needs no division: 2^52. */
	private static final long EXACT_QUOTIENTS = 1L << 52;

	/**
	 * The state of a span not recorded because the recorder was full (and of its
	 * children).
	 */
	private static final Object DROPPED = new Object();

	private final TimelineOptions options;

	/**
	 * Whether the options record every observation (no include or exclude prefix): then
	 * no name is filtered per span.
	 */
	private final boolean everyName;

	private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

	private final long originNanos;

	private final long originEpochNanos;

	private volatile Ring ring;

	/**
	 * The next record's sequence (its id is one more), the head of every ring: ids go on
	 * across {@link #clear()}.
	 */
	private final AtomicLong sequences = new AtomicLong();

	/**
	 * The records held, in the ring or by their open spans after eviction: at most
	 * maxSpans.
	 */
	private final AtomicLong held = new AtomicLong();

	/** The records evicted from the ring while their spans are open (held by them). */
	private final AtomicLong detached = new AtomicLong();

	private final LongAdder dropped = new LongAdder();

	/** This layer's state of a span, for the walk up parents. */
	private final Function<Observation.ContextView, @Nullable Object> states = (view) -> STATE.get(view, this);

	/**
	 * Create a layer.
	 * @param options the options
	 */
	public TimelineLayer(TimelineOptions options) {
		this.options = options;
		this.everyName = options.include().isEmpty() && options.exclude().isEmpty();
		this.originNanos = System.nanoTime();
		this.originEpochNanos = System.currentTimeMillis() * 1_000_000L;
		this.ring = new Ring(options, this.held, this.detached, this.sequences);
	}

	/**
	 * The layer's options.
	 * @return the options
	 */
	public TimelineOptions options() {
		return this.options;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// The name of an observation with a convention is only known at start.
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (!this.everyName && !this.options.records(context.getName())) {
			return;
		}
		// An excluded observation is transparent: the walk looks further up.
		Object parent = SpanParents.nearest(context, this.states);
		if (parent == SAMPLED_OUT) {
			STATE.put(context, this, SAMPLED_OUT);
			return;
		}
		if (parent == DROPPED) {
			STATE.put(context, this, DROPPED);
			this.dropped.increment();
			return;
		}
		long parentId = (parent instanceof SpanRecord record) ? record.id() : 0;
		if (parentId == 0 && this.options.sampleRate() < 1.0
				&& ThreadLocalRandom.current().nextDouble() >= this.options.sampleRate()) {
			STATE.put(context, this, SAMPLED_OUT);
			return;
		}
		Ring ring = this.ring;
		long sequence = ring.reserve();
		int slot = ring.slot(sequence);
		ThreadState thread = this.threads.get();
		thread.touched = ring.touchAhead(slot);
		long admission = ring.admit(sequence, slot);
		if (admission == Ring.NO_ROOM) {
			// Its sequence stays unused: ids are unique, not consecutive.
			STATE.put(context, this, DROPPED);
			this.dropped.increment();
			return;
		}
		SpanRecord record = newRecord(context, parentId, sequence, thread);
		STATE.put(context, this, record);
		ring.add(record, slot, admission);
	}

	/** The record a span holds, if it is recorded (for tests of the bounds). */
	@Nullable SpanRecord recordOf(Observation.ContextView context) {
		return (STATE.get(context, this) instanceof SpanRecord record) ? record : null;
	}

	private SpanRecord newRecord(Observation.Context context, long parentId, long sequence, ThreadState thread) {
		String observation = context.getName();
		observation = (observation != null) ? observation : "";
		String kind = "span";
		String executor = null;
		CallSite callSite = SpanNames.methodOf(context);
		long created = 0;
		if (context instanceof ObservedSpanContext) {
			kind = "observe";
		}
		if (context instanceof TaskContext task) {
			kind = task.getKind().value();
			executor = task.getExecutorName();
		}
		else {
			// A task's record reads its creation from its times.
			created = EventClock.nanoTime();
			if (SpanKeys.SCHEDULED_OBSERVATION.equals(observation)) {
				kind = "scheduled";
			}
		}
		TaskTimes times = TaskTimes.of(context);
		SpanSite site = thread.site(observation, kind, executor, callSite);
		if (times != null) {
			return new TaskSpanRecord(sequence, TaskTimes.idOf(context), parentId, SpanNames.nameOf(context), site,
					times, thread.label());
		}
		return new PlainSpanRecord(sequence, parentId, SpanNames.nameOf(context), site, created, thread.label());
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		ThreadState thread = this.threads.get();
		TaskTimes task = (context instanceof TaskContext taskContext) ? taskContext.times() : null;
		if (task != null && task.isPolling() && task.isPolledBy(Thread.currentThread())) {
			markCarriedParent(context, task, thread);
		}
		Object state = STATE.get(context, this);
		if (!(state instanceof SpanRecord record)) {
			thread.lastOpenedDepth = 0;
			return;
		}
		PollEntry poll;
		if (!(record instanceof TaskSpanRecord taskRecord)) {
			poll = record.newPoll(EventClock.nanoTime(), thread.label());
		}
		else if (taskRecord.times().isPolling() && taskRecord.times().isPolledBy(Thread.currentThread())
				&& taskRecord.isNewPoll()) {
			// A poll of the task, as its times recorded it. Other scopes of a task
			// (context propagation carrying it into a child on another thread, a nested
			// scope) are no polls.
			poll = taskRecord.newTaskPoll(thread.label());
		}
		else {
			thread.lastOpenedDepth = 0;
			return;
		}
		thread.push(record, poll);
		record.opened(poll);
	}

	/**
	 * Before a task runs, context propagation may open its parent's scope on the worker
	 * (so that the parent is current there): that scope, opened just before the task's
	 * own and after the task was woken, is not a poll of the parent. (A parent's own poll
	 * that a task runs inside, inline or completing there, began before the wake.)
	 */
	private void markCarriedParent(Observation.Context task, TaskTimes times, ThreadState thread) {
		ObservationView parent = task.getParentObservation();
		if (thread.lastOpenedDepth == 0 || thread.lastOpenedDepth != thread.depth || parent == null) {
			return;
		}
		PollEntry last = thread.pollAt(thread.depth - 1);
		if (last.startNanos - times.wakeNanos() < 0) {
			return;
		}
		SpanRecord top = thread.records[thread.depth - 1];
		if (STATE.get(parent.getContextView(), this) == top) {
			last.markCarried();
			top.closed(last);
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		ThreadState thread = this.threads.get();
		thread.lastOpenedDepth = 0;
		if (!(STATE.get(context, this) instanceof SpanRecord record)) {
			return;
		}
		TaskTimes times = record.times();
		if (times == null) {
			endPoll(thread, record, EventClock.nanoTime(), 0);
		}
		else {
			TaskTimes.scopeClosed(context);
			if (!times.isPolling() && times.isPolledBy(Thread.currentThread())) {
				endPoll(thread, record, times.pollEndNanos(), times.lastPollBlockedNanos());
			}
			// Otherwise a nested scope.
		}
	}

	private void endPoll(ThreadState thread, SpanRecord record, long endNanos, long blockedNanos) {
		int index = thread.indexOf(record);
		if (index < 0) {
			// Opened before this layer was installed.
			return;
		}
		PollEntry poll = thread.remove(index);
		if (poll == record) {
			record.firstPollEnding();
			poll.end(endNanos, blockedNanos);
			if (!poll.isCarried()) {
				this.ring.charge(record, PollEntry.BYTES);
			}
		}
		else {
			poll.end(endNanos, blockedNanos);
			if (!poll.isCarried()) {
				this.ring.push(record, SpanEntries.POLLS, poll, this.options.maxPollsPerSpan());
			}
		}
		record.closed(poll);
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		if (STATE.get(context, this) instanceof SpanRecord record) {
			String message = event.getContextualName();
			addEvent(record, event.getName(), (message != null) ? message : event.getName());
		}
	}

	@Override
	public void onError(Observation.Context context) {
		if (STATE.get(context, this) instanceof SpanRecord record) {
			Throwable error = context.getError();
			record.markError();
			if (error != null) {
				String message = error.getMessage();
				addEvent(record, ERROR_EVENT, error.getClass().getName() + ((message != null) ? ": " + message : ""));
			}
		}
	}

	private void addEvent(SpanRecord record, String name, String message) {
		int max = this.options.maxMessageLength();
		String text = (message.length() > max) ? message.substring(0, max) + "…" : message;
		EventEntry event = new EventEntry(System.nanoTime(), this.threads.get().label(), name, text);
		this.ring.push(record, SpanEntries.EVENTS, event, this.options.maxEventsPerSpan());
	}

	@Override
	public void onStop(Observation.Context context) {
		TaskTimes.stopped(context);
		if (STATE.get(context, this) instanceof SpanRecord record) {
			TaskTimes times = record.times();
			// A task span whose poll's scope has not closed yet, or one of Spring's
			// @Scheduled runs, whose only poll ends with it: TaskTimes.stopped has just
			// ended that poll and released its thread, so the thread is no test there
			// (endPoll finds the poll on this thread's stack, or leaves it alone).
			if (times != null && record.open() != null
					&& (times.isPolledBy(Thread.currentThread()) || !(context instanceof TaskContext))) {
				endPoll(this.threads.get(), record, times.pollEndNanos(), times.lastPollBlockedNanos());
			}
			// A task's record reads its stop from its times.
			long stoppedNanos = (times != null) ? 0 : EventClock.nanoTime();
			// Conventions set the contextual name of their observations when they stop.
			record.stopping(stoppedNanos, (context instanceof ObservedSpanContext) ? null : SpanNames.nameOf(context));
			TaskOutcome outcome = (context instanceof TaskContext task) ? task.getOutcome() : null;
			if (record.markStopped(outcome, context.getError() != null)) {
				this.detached.decrementAndGet();
				this.held.decrementAndGet();
			}
		}
	}

	/**
	 * Forget every recorded span. Spans running now are not recorded any further.
	 */
	public void clear() {
		Ring previous = this.ring;
		this.ring = new Ring(this.options, this.held, this.detached, this.sequences);
		previous.evictAll();
	}

	/**
	 * Take a snapshot of every recorded span.
	 * @return the snapshot
	 */
	public Timeline timeline() {
		return timeline(TimelineQuery.all());
	}

	/**
	 * Take a snapshot of the recorded spans the query selects.
	 * @param query which spans
	 * @return the snapshot
	 */
	public Timeline timeline(TimelineQuery query) {
		long now = System.nanoTime();
		Ring current = this.ring;
		List<SpanRecord> records = current.records();
		Long sinceNanos = query.sinceNanos();
		long since = (sinceNanos != null) ? toNanoTime(sinceNanos) : 0;
		List<SpanRecord> selected = new ArrayList<>();
		for (SpanRecord record : records) {
			boolean stoppedBefore = sinceNanos != null && record.stopped() && record.stoppedNanos() - since < 0;
			if (!stoppedBefore && query.matchesName(record.name, record.site.observation())) {
				selected.add(record);
			}
		}
		selected.sort(Comparator.comparingLong((SpanRecord record) -> record.createdNanos())
			.thenComparingLong((record) -> record.sequence));
		if (selected.size() > query.limit()) {
			selected = selected.subList(selected.size() - query.limit(), selected.size());
		}
		List<Timeline.Span> spans = new ArrayList<>(selected.size());
		for (SpanRecord record : selected) {
			spans.add(toSpan(record, now));
		}
		long detached = this.detached.get();
		return new Timeline(toEpochNanos(now), spans, records.size(), current.evicted.get(), this.dropped.sum(),
				detached, current.bytes.get() + detached * SpanRecord.BYTES, this.options);
	}

	private Timeline.Span toSpan(SpanRecord record, long now) {
		int maxPolls = this.options.maxPollsPerSpan();
		List<Entry> pollEntries = record.latestPolls(maxPolls);
		PollEntry open = record.open();
		if (open != null && (open.isCarried() || pollEntries.contains(open))) {
			open = null;
		}
		if (open != null && pollEntries.size() == maxPolls) {
			pollEntries = pollEntries.subList(1, maxPolls);
		}
		List<Timeline.Poll> polls = new ArrayList<>(pollEntries.size() + 1);
		for (Entry entry : pollEntries) {
			polls.add(toPoll(record, (PollEntry) entry, now));
		}
		if (open != null) {
			polls.add(toPoll(record, open, now));
		}
		List<Entry> eventEntries = record.latestEvents(this.options.maxEventsPerSpan());
		List<Timeline.Event> events = new ArrayList<>(eventEntries.size());
		for (Entry entry : eventEntries) {
			EventEntry event = (EventEntry) entry;
			events.add(new Timeline.Event(toEpochNanos(event.timeNanos), event.thread.name(), event.thread.id(),
					event.name, event.message));
		}
		CallSite site = record.site.callSite();
		String location = (site != null) ? site.location() : null;
		TaskTimes times = record.times();
		Timeline.TaskTimes taskTimes = null;
		if (times != null) {
			TaskTimes.Totals totals = times.totals(now);
			taskTimes = new Timeline.TaskTimes(times.phase(now).name().toLowerCase(Locale.ROOT), totals.total(),
					totals.busy(), totals.scheduled(), totals.idle(), totals.blocked());
		}
		return new Timeline.Span(record.id(), (record.taskId() != 0) ? record.taskId() : null,
				(record.parentId != 0) ? record.parentId : null, record.name, record.site.observation(),
				record.site.kind(), record.site.executor(), location, toEpochNanos(record.createdNanos()),
				record.stopped() ? toEpochNanos(record.stoppedNanos()) : null, record.createdThread.name(),
				record.createdThread.id(), record.outcome(), record.error(), taskTimes, polls,
				Math.max(0, record.pollCount() - pollEntries.size()), events,
				Math.max(0, record.eventCount() - eventEntries.size()));
	}

	private Timeline.Poll toPoll(SpanRecord record, PollEntry poll, long now) {
		long endNanos = poll.endNanos();
		boolean ended = poll.isEnded();
		Long end = ended ? toEpochNanos(endNanos) : null;
		TaskTimes times = record.times();
		Long wake = (times != null) ? toEpochNanos(poll.wakeNanos) : null;
		long blocked = poll.blockedNanos;
		if (!ended && times != null) {
			long since = times.blockedSinceNanos();
			blocked = (since != 0) ? Math.max(0, now - since) : 0;
		}
		return new Timeline.Poll(toEpochNanos(poll.startNanos), end, poll.thread.name(), poll.thread.id(), wake,
				blocked);
	}

	private long toEpochNanos(long nanoTime) {
		return this.originEpochNanos + (nanoTime - this.originNanos);
	}

	private long toNanoTime(long epochNanos) {
		return this.originNanos + (epochNanos - this.originEpochNanos);
	}

	/**
	 * The remainder of a division, without a 64-bit division (it takes tens of cycles,
	 * and the hot path needs one per span for the slot of its sequence) for dividends
	 * below 2<sup>52</sup>: the quotient is the product by the divisor's inverse,
	 * truncated. Its relative error is at most about 2<sup>-52</sup> (the inverse's
	 * rounding and the product's), so its absolute error is below one: the truncated
	 * quotient is the exact one or one off, which one correction of the remainder puts
	 * right.
	 * @param dividend the dividend, not negative
	 * @param divisor the divisor, positive
	 * @param inverse {@code 1.0 / divisor}
	 * @return {@code dividend % divisor}
	 */
	static int remainder(long dividend, int divisor, double inverse) {
		if (dividend >= EXACT_QUOTIENTS) {
			return (int) (dividend % divisor);
		}
		long remainder = dividend - (long) (dividend * inverse) * divisor;
		if (remainder < 0) {
			remainder += divisor;
		}
		else if (remainder >= divisor) {
			remainder -= divisor;
		}
		return (int) remainder;
	}

	/**
	 * The recorded spans: a ring of {@code maxSpans} slots, and the estimate of the bytes
	 * they hold, kept under {@code maxBytes} by evicting the oldest.
	 */
	private static final class Ring {

		/** {@link #admit}: there is room, no record was evicted in the slot. */
		static final long ADMITTED = -1;

		/** {@link #admit}: no room, the span is dropped. */
		static final long NO_ROOM = -2;

		/** How many slots {@link #touchAhead} reads at once, a batch ahead. */
		static final int TOUCHED = 32;

		private final AtomicReferenceArray<@Nullable SpanRecord> slots;

		/** One divided by the number of slots, for {@link #slot(long)}. */
		private final double inverseLength;

		private final long maxBytes;

		private final AtomicLong head;

		private final AtomicLong tail;

		final AtomicLong bytes = new AtomicLong();

		final AtomicLong evicted = new AtomicLong();

		private final AtomicLong held;

		private final AtomicLong detached;

		/** How many evicted open spans may be held before new spans are dropped. */
		private final long maxDetached;

		/** Whether the ring is long enough for {@link #touchAhead} to look ahead. */
		private final boolean touching;

		Ring(TimelineOptions options, AtomicLong held, AtomicLong detached, AtomicLong sequences) {
			this.slots = new AtomicReferenceArray<>(options.maxSpans());
			this.inverseLength = 1.0 / options.maxSpans();
			this.head = sequences;
			this.tail = new AtomicLong(sequences.get());
			this.maxBytes = options.maxBytes();
			this.held = held;
			this.detached = detached;
			this.maxDetached = Math.max(1, options.maxSpans() / 2);
			this.touching = options.maxSpans() >= 2 * TOUCHED;
		}

		/**
		 * Read the slots of the next {@link #TOUCHED} sequences and their records, once
		 * every {@link #TOUCHED} spans, so that they are in cache when their turn comes.
		 * Admission reads the record of a lap ago in its sequence's slot (written
		 * {@code maxSpans} spans and megabytes of allocation ago): one cache miss per
		 * span, which the atomics right after it wait for. Read together, independent of
		 * one another, a batch's misses overlap and cost about one.
		 * @param slot the slot of the span being started
		 * @return a sum of what was read, for the caller to keep (a read whose value is
		 * never used is no read for the JIT)
		 */
		long touchAhead(int slot) {
			if (!this.touching || slot % TOUCHED != 0) {
				return 0;
			}
			int length = this.slots.length();
			long sum = 0;
			for (int i = slot + TOUCHED; i < slot + 2 * TOUCHED; i++) {
				SpanRecord record = this.slots.getPlain((i < length) ? i : i - length);
				if (record != null) {
					sum += record.sequence;
				}
			}
			return sum;
		}

		/**
		 * Make room for the record of a sequence: once the recorder is full, the record
		 * of the span {@code maxSpans} older usually sits in the sequence's slot, is the
		 * oldest and has stopped; then it is evicted and the new record takes its place
		 * and its count (held stays as it is): one compare-and-set of the tail and one
		 * eviction mark, instead of giving back the count and taking it again. Otherwise
		 * as {@link #admitByCount()}.
		 * @param sequence the sequence of the new record
		 * @param slot the sequence's {@link #slot(long) slot}
		 * @return the bytes of the stopped record evicted in its slot (the slot is then
		 * the new record's), {@link #ADMITTED} if there is room otherwise, or
		 * {@link #NO_ROOM}
		 */
		long admit(long sequence, int slot) {
			long oldest = sequence - this.slots.length();
			SpanRecord previous = this.slots.get(slot);
			if (previous != null && previous.sequence == oldest && previous.stopped() && this.tail.get() == oldest
					&& this.tail.compareAndSet(oldest, oldest + 1)) {
				// The tail is ours: no other evictor takes this record. A stopped record
				// needs no eviction mark (only markStopped, which ran, reads it).
				long bytes = previous.evict();
				if (bytes >= 0) {
					this.evicted.incrementAndGet();
					return bytes;
				}
			}
			return admitByCount() ? ADMITTED : NO_ROOM;
		}

		/**
		 * Make room for one more record, open spans evicted before included: evict the
		 * oldest while the recorder is full, unless the evicted open spans already fill
		 * half of it (then the new span is dropped).
		 * @return whether there is room
		 */
		private boolean admitByCount() {
			while (true) {
				long count = this.held.get();
				if (count < this.slots.length()) {
					if (this.held.compareAndSet(count, count + 1)) {
						return true;
					}
					continue;
				}
				if (this.detached.get() >= this.maxDetached || !evictOldest()) {
					return false;
				}
			}
		}

		private boolean evictOldest() {
			long oldest = this.tail.get();
			if (oldest >= this.head.get()) {
				return false;
			}
			if (this.tail.compareAndSet(oldest, oldest + 1)) {
				int slot = slot(oldest);
				SpanRecord record = this.slots.get(slot);
				if (record != null && record.sequence == oldest && this.slots.compareAndSet(slot, record, null)) {
					evict(record);
				}
			}
			return true;
		}

		/**
		 * The slot of a sequence.
		 * @param sequence a sequence, not negative
		 * @return its slot
		 */
		int slot(long sequence) {
			return remainder(sequence, this.slots.length(), this.inverseLength);
		}

		/**
		 * Take the next position, for a record about to be added.
		 * @return its sequence
		 */
		long reserve() {
			return this.head.getAndIncrement();
		}

		/**
		 * Put an admitted record in its slot and count its bytes (set when it was made).
		 * @param record the record
		 * @param slot the slot of its sequence
		 * @param admission what {@link #admit} answered for it
		 */
		void add(SpanRecord record, int slot, long admission) {
			long freed = (admission >= 0) ? admission : 0;
			// An exchange, not a plain store, even when admit evicted the slot's record
			// for this one: between the two, a thread descheduled here may have let a
			// later span of the same slot (maxSpans newer) be admitted and added; a plain
			// store would drop that record from the ring without evicting it, and its
			// bytes and count would stay held for ever.
			SpanRecord previous = this.slots.getAndSet(slot, record);
			if (previous != null && (admission < 0 || previous.sequence != record.sequence - this.slots.length())) {
				evict(previous);
			}
			// One update for both: if the record is evicted meanwhile, its eviction
			// takes off the bytes it was made with.
			if (this.bytes.addAndGet(SpanRecord.BYTES - freed) > this.maxBytes) {
				shrink();
			}
		}

		void push(SpanRecord record, boolean events, Entry entry, int max) {
			if (record.isEvicted()) {
				return;
			}
			long freed = record.entries().push(events, entry, max);
			charge(record, entry.bytes() - freed);
		}

		void charge(SpanRecord record, long bytes) {
			if (record.retain(bytes) && this.bytes.addAndGet(bytes) > this.maxBytes) {
				shrink();
			}
		}

		/**
		 * Evict the oldest spans until the estimate fits, always keeping the newest.
		 */
		private void shrink() {
			while (this.bytes.get() > this.maxBytes) {
				long newest = this.head.get() - 1;
				long oldest = this.tail.get();
				if (oldest >= newest) {
					return;
				}
				long floor = newest - this.slots.length();
				if (oldest <= floor) {
					// Those slots were reused: their spans were evicted already.
					this.tail.compareAndSet(oldest, floor + 1);
					continue;
				}
				if (!this.tail.compareAndSet(oldest, oldest + 1)) {
					continue;
				}
				int slot = slot(oldest);
				SpanRecord record = this.slots.get(slot);
				if (record != null && record.sequence == oldest && this.slots.compareAndSet(slot, record, null)) {
					evict(record);
				}
			}
		}

		private void evict(SpanRecord record) {
			long bytes = record.evict();
			if (bytes >= 0) {
				this.bytes.addAndGet(-bytes);
				this.evicted.incrementAndGet();
				release(record);
			}
		}

		/** A record out of the ring: free, or held by its open span until it stops. */
		private void release(SpanRecord record) {
			if (record.markEvicted()) {
				this.held.decrementAndGet();
			}
			else {
				this.detached.incrementAndGet();
				record.forgetEntries();
			}
		}

		void evictAll() {
			for (int i = 0; i < this.slots.length(); i++) {
				SpanRecord record = this.slots.getAndSet(i, null);
				if (record != null && record.evict() >= 0) {
					release(record);
				}
			}
		}

		List<SpanRecord> records() {
			List<SpanRecord> records = new ArrayList<>();
			for (int i = 0; i < this.slots.length(); i++) {
				SpanRecord record = this.slots.get(i);
				if (record != null && !record.isEvicted()) {
					records.add(record);
				}
			}
			return records;
		}

	}

	/**
	 * The polls open on one thread, innermost last, where the last poll opened is if no
	 * scope event followed it, and the thread's label. A span's first poll (its record)
	 * is kept as {@code null} in {@link #polls}, and the last poll opened as its depth:
	 * the record and the arrays are in different heap regions, and every reference stored
	 * costs the collector's write barrier (with G1, a fence in its slow path).
	 */
	static final class ThreadState {

		private @Nullable ThreadLabel label;

		private @Nullable SpanSite site;

		SpanRecord[] records = new SpanRecord[16];

		/** The polls of {@link #records}, {@code null} for a record's first poll. */
		@Nullable PollEntry[] polls = new PollEntry[16];

		int depth;

		/**
		 * The depth of the poll opened last if no scope event followed it (the top of the
		 * stack then), or 0.
		 */
		int lastOpenedDepth;

		/** What {@link Ring#touchAhead} read last: kept so that its reads are made. */
		long touched;

		/**
		 * The label of this thread, made again if it was renamed.
		 * @return the label
		 */
		ThreadLabel label() {
			Thread thread = Thread.currentThread();
			ThreadLabel label = this.label;
			String name = thread.getName();
			// The same String (equals answers at once) until the thread is renamed.
			if (label == null || !label.name().equals(name)) {
				label = new ThreadLabel(name, thread.getId());
				this.label = label;
			}
			return label;
		}

		/**
		 * The site of a span started on this thread: the last one if it is the same.
		 * @param observation the observation's name
		 * @param kind the kind of span
		 * @param executor the executor of a task
		 * @param callSite the method
		 * @return the site
		 */
		SpanSite site(String observation, String kind, @Nullable String executor, @Nullable CallSite callSite) {
			SpanSite site = this.site;
			if (site == null || !site.is(observation, kind, executor, callSite)) {
				site = new SpanSite(observation, kind, executor, callSite);
				this.site = site;
			}
			return site;
		}

		void push(SpanRecord record, PollEntry poll) {
			if (this.depth == this.records.length) {
				this.records = Arrays.copyOf(this.records, this.depth * 2);
				this.polls = Arrays.copyOf(this.polls, this.depth * 2);
			}
			this.records[this.depth] = record;
			this.polls[this.depth++] = (poll != record) ? poll : null;
			this.lastOpenedDepth = this.depth;
		}

		/**
		 * The poll open at a depth.
		 * @param index the depth, from 0
		 * @return the poll
		 */
		PollEntry pollAt(int index) {
			PollEntry poll = this.polls[index];
			return (poll != null) ? poll : this.records[index];
		}

		int indexOf(SpanRecord record) {
			for (int i = this.depth - 1; i >= 0; i--) {
				if (this.records[i] == record) {
					return i;
				}
			}
			return -1;
		}

		@SuppressWarnings("NullAway")
		PollEntry remove(int index) {
			PollEntry poll = pollAt(index);
			if (index < this.lastOpenedDepth - 1) {
				this.lastOpenedDepth--;
			}
			else if (index == this.lastOpenedDepth - 1) {
				this.lastOpenedDepth = 0;
			}
			System.arraycopy(this.records, index + 1, this.records, index, this.depth - index - 1);
			System.arraycopy(this.polls, index + 1, this.polls, index, this.depth - index - 1);
			this.depth--;
			this.records[this.depth] = null;
			this.polls[this.depth] = null;
			return poll;
		}

	}

}
