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
import java.util.concurrent.atomic.AtomicLongArray;
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

	/** The bits of a lap the ring's words keep. */
	private final int tagBits;

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
		this(options, Ring.TAG_BITS);
	}

	/**
	 * Create a layer whose ring's words keep fewer bits of a lap (for tests: their tags
	 * repeat after {@code 2^tagBits} laps of a slot).
	 * @param options the options
	 * @param tagBits the bits of a lap a slot's word keeps, at most 30
	 */
	TimelineLayer(TimelineOptions options, int tagBits) {
		this.options = options;
		this.tagBits = tagBits;
		this.everyName = options.include().isEmpty() && options.exclude().isEmpty();
		this.originNanos = System.nanoTime();
		this.originEpochNanos = System.currentTimeMillis() * 1_000_000L;
		this.ring = new Ring(options, tagBits, this.held, this.detached, this.sequences);
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
		long admission = ring.admit(sequence, slot);
		if (admission == Ring.NO_ROOM) {
			// Its sequence stays unused: ids are unique, not consecutive.
			STATE.put(context, this, DROPPED);
			this.dropped.increment();
			return;
		}
		SpanRecord record = newRecord(context, parentId, sequence, slot);
		STATE.put(context, this, record);
		ring.add(record, admission);
	}

	/** The record a span holds, if it is recorded (for tests of the bounds). */
	@Nullable SpanRecord recordOf(Observation.ContextView context) {
		return (STATE.get(context, this) instanceof SpanRecord record) ? record : null;
	}

	private SpanRecord newRecord(Observation.Context context, long parentId, long sequence, int slot) {
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
		ThreadState thread = this.threads.get();
		SpanSite site = thread.site(observation, kind, executor, callSite);
		if (times != null) {
			return new TaskSpanRecord(sequence, slot, TaskTimes.idOf(context), parentId, SpanNames.nameOf(context),
					site, times, thread.label());
		}
		return new PlainSpanRecord(sequence, slot, parentId, SpanNames.nameOf(context), site, created, thread.label());
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
			record.markStopped(outcome, context.getError() != null);
			if (this.ring.stop(record)) {
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
		this.ring = new Ring(this.options, this.tagBits, this.held, this.detached, this.sequences);
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
	 * <p>
	 * Each slot has a word beside its record: whose it is (a tag of its sequence, with a
	 * counted mark), whether its span stopped in the ring, and the bytes its record
	 * holds. The record's charges and its stop write the word, and admission reads only
	 * the word, so that a new span does not wait for the record it replaces to come back
	 * from memory (that record was last touched {@code maxSpans} spans ago). The word is
	 * the whole truth of the ring's counts: the estimate is the sum of the counted words'
	 * bytes, and whoever takes a word from its slot counts its record out (held no more
	 * if the word says it stopped, otherwise detached, until its stop finds the word
	 * gone), so no count needs the record itself. A writer whose record was replaced
	 * finds another tag there and counts nothing.
	 */
	private static final class Ring {

		/** {@link #admit}: there is room, no record was evicted in the slot. */
		static final long ADMITTED = Long.MIN_VALUE;

		/** {@link #admit}: no room, the span is dropped. */
		static final long NO_ROOM = Long.MIN_VALUE + 1;

		/**
		 * A word's mark: its span stopped in the ring; admission may evict it in place.
		 */
		private static final long STOPPED = 1;

		/** A word's mark: its record is in the ring and its bytes count. */
		private static final long COUNTED = 1 << 1;

		private static final int TAG_SHIFT = 2;

		/**
		 * The bits of a sequence's lap a word keeps: a tag repeats in its slot after 2^30
		 * laps.
		 */
		static final int TAG_BITS = 30;

		/** The word's low half but its stopped mark: whose word it is. */
		private static final long OWNER = 0xFFFF_FFFEL;

		private static final long LOW_HALF = 0xFFFF_FFFFL;

		/** The word's high half: its record's bytes, signed. */
		private static final int BYTES_SHIFT = 32;

		private final AtomicReferenceArray<@Nullable SpanRecord> slots;

		private final AtomicLongArray words;

		private final int length;

		/** One divided by the number of slots, for {@link #slot(long)}. */
		private final double inverseLength;

		/**
		 * The length's trailing zero bits: a sequence shifted by them changes by an odd
		 * number from one lap of its slot to the next, so its low bits tag the lap.
		 */
		private final int tagShift;

		private final long tagMask;

		private final long maxBytes;

		private final AtomicLong head;

		private final AtomicLong tail;

		final AtomicLong bytes = new AtomicLong();

		final AtomicLong evicted = new AtomicLong();

		private final AtomicLong held;

		private final AtomicLong detached;

		/** How many evicted open spans may be held before new spans are dropped. */
		private final long maxDetached;

		Ring(TimelineOptions options, int tagBits, AtomicLong held, AtomicLong detached, AtomicLong sequences) {
			this.length = options.maxSpans();
			this.slots = new AtomicReferenceArray<>(this.length);
			this.words = new AtomicLongArray(this.length);
			this.inverseLength = 1.0 / this.length;
			this.tagShift = Integer.numberOfTrailingZeros(this.length);
			this.tagMask = (1L << tagBits) - 1;
			this.head = sequences;
			this.tail = new AtomicLong(sequences.get());
			this.maxBytes = options.maxBytes();
			this.held = held;
			this.detached = detached;
			this.maxDetached = Math.max(1, this.length / 2);
		}

		/**
		 * Make room for the record of a sequence: once the recorder is full, the record
		 * of the span {@code maxSpans} older usually owns the sequence's slot, is the
		 * oldest and has stopped; then it is evicted in place and the new record takes
		 * its place and its count (held stays as it is): one compare-and-set of the tail
		 * and one of the slot's word, which hands the word to the new record, takes the
		 * old one's bytes and tells the old one's late writers that it was replaced.
		 * Otherwise as {@link #admitByCount()}.
		 * @param sequence the sequence of the new record
		 * @param slot its {@link #slot(long) slot}
		 * @return the bytes of the stopped record evicted in its slot (the slot's word is
		 * then the new record's), {@link #ADMITTED} if there is room otherwise, or
		 * {@link #NO_ROOM}
		 */
		long admit(long sequence, int slot) {
			long oldest = sequence - this.length;
			long expected = owner(oldest) | STOPPED;
			long word = this.words.get(slot);
			if ((word & LOW_HALF) == expected && this.tail.get() == oldest
					&& this.tail.compareAndSet(oldest, oldest + 1)) {
				// The tail is ours: no other evictor takes this record by the tail; a
				// late
				// charge to it may change its bytes meanwhile.
				long replacement = newWord(sequence);
				do {
					if (this.words.compareAndSet(slot, word, replacement)) {
						this.evicted.incrementAndGet();
						return bytesOf(word);
					}
					word = this.words.get(slot);
				}
				while ((word & LOW_HALF) == expected);
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
				if (count < this.length) {
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
				evictAt(oldest);
			}
			return true;
		}

		/**
		 * The slot of a sequence.
		 * @param sequence a sequence, not negative
		 * @return its slot
		 */
		int slot(long sequence) {
			return remainder(sequence, this.length, this.inverseLength);
		}

		/**
		 * Take the next position, for a record about to be added.
		 * @return its sequence
		 */
		long reserve() {
			return this.head.getAndIncrement();
		}

		/** The low half of the word of a sequence's record, but its stopped mark. */
		private long owner(long sequence) {
			return (((sequence >>> this.tagShift) & this.tagMask) << TAG_SHIFT) | COUNTED;
		}

		private long newWord(long sequence) {
			return (SpanRecord.BYTES << BYTES_SHIFT) | owner(sequence);
		}

		private static long bytesOf(long word) {
			return word >> BYTES_SHIFT;
		}

		private boolean owns(int slot, long owner) {
			return (this.words.get(slot) & OWNER) == owner;
		}

		/**
		 * Count a word taken from its slot out of the ring (not in place): its record is
		 * evicted, and held no more if it stopped in the ring; otherwise its open span
		 * holds it until it stops (see {@link #stop}).
		 * @param word the word taken
		 * @return the bytes it counted
		 */
		private long took(long word) {
			if ((word & COUNTED) == 0) {
				return 0;
			}
			this.evicted.incrementAndGet();
			if ((word & STOPPED) != 0) {
				this.held.decrementAndGet();
			}
			else {
				this.detached.incrementAndGet();
			}
			return bytesOf(word);
		}

		/**
		 * Put an admitted record in its slot and count its bytes (set when it was made).
		 * @param record the record
		 * @param admission what {@link #admit} answered for it
		 */
		void add(SpanRecord record, long admission) {
			int slot = record.slot;
			long freed;
			boolean inPlace = admission != ADMITTED;
			if (inPlace) {
				freed = admission;
			}
			else {
				// Whatever owns the slot now goes (a record of an earlier lap, or of a
				// later one admitted while this thread was descheduled).
				freed = took(this.words.getAndSet(slot, newWord(record.sequence)));
			}
			publish(record, slot, owner(record.sequence), !inPlace);
			// One update for both: if the record is evicted meanwhile, its eviction
			// takes off the bytes of its word, which it was made with.
			if (this.bytes.addAndGet(SpanRecord.BYTES - freed) > this.maxBytes) {
				shrink();
			}
		}

		/**
		 * Put the record in its slot while its word is still its own: between its
		 * admission and now, a thread descheduled here may have let a later record of the
		 * slot take the word (and put itself in the slot), which counted this one out.
		 * @param markReplaced whether to mark the record replaced in the slot evicted
		 * (not when it was evicted in place: it stopped, and reading it would wait for
		 * memory)
		 */
		private void publish(SpanRecord record, int slot, long owner, boolean markReplaced) {
			while (true) {
				SpanRecord current = this.slots.get(slot);
				if (!owns(slot, owner)) {
					record.markEvicted();
					return;
				}
				if (this.slots.compareAndSet(slot, current, record)) {
					// The word was this record's after current was read: current is out.
					if (markReplaced && current != null) {
						current.markEvicted();
					}
					if (!owns(slot, owner)) {
						record.markEvicted();
					}
					return;
				}
			}
		}

		/**
		 * Whether the record is in the ring: its slot's word is its own. A record that
		 * stopped is also its slot's record (published before it could stop): a record
		 * evicted in place is not marked, and this keeps its late writers off a word
		 * whose tag came round again.
		 */
		private boolean holds(SpanRecord record, long owner) {
			return !record.isEvicted() && owns(record.slot, owner)
					&& (!record.stopped() || this.slots.get(record.slot) == record);
		}

		void push(SpanRecord record, boolean events, Entry entry, int max) {
			if (!holds(record, owner(record.sequence))) {
				return;
			}
			long freed = record.entries().push(events, entry, max);
			charge(record, entry.bytes() - freed);
		}

		void charge(SpanRecord record, long bytes) {
			if (count(record, bytes) && this.bytes.addAndGet(bytes) > this.maxBytes) {
				shrink();
			}
		}

		/**
		 * Count bytes the record holds (or, if negative, no longer holds) in its word.
		 * @return whether they count: {@code false} once the record is out of the ring
		 */
		private boolean count(SpanRecord record, long bytes) {
			long owner = owner(record.sequence);
			if (!holds(record, owner)) {
				return false;
			}
			int slot = record.slot;
			long word = this.words.get(slot);
			while ((word & OWNER) == owner) {
				if (this.words.compareAndSet(slot, word, word + (bytes << BYTES_SHIFT))) {
					return true;
				}
				word = this.words.get(slot);
			}
			return false;
		}

		/**
		 * The record's span stopped: its word says so, for admission to evict it in place
		 * and for whoever takes the word to count it out.
		 * @param record the record, {@link SpanRecord#markStopped marked stopped}
		 * @return whether it was out of the ring already (then it was held by its
		 * observation only, until now)
		 */
		boolean stop(SpanRecord record) {
			if (record.isEvicted()) {
				return true;
			}
			int slot = record.slot;
			long owner = owner(record.sequence);
			long word = this.words.get(slot);
			while ((word & OWNER) == owner) {
				if (this.words.compareAndSet(slot, word, word | STOPPED)) {
					return false;
				}
				word = this.words.get(slot);
			}
			return true;
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
				long floor = newest - this.length;
				if (oldest <= floor) {
					// Those slots were reused: their spans were evicted already.
					this.tail.compareAndSet(oldest, floor + 1);
					continue;
				}
				if (this.tail.compareAndSet(oldest, oldest + 1)) {
					evictAt(oldest);
				}
			}
		}

		/** Evict the record of a sequence, if it is in its slot. */
		private void evictAt(long sequence) {
			int slot = slot(sequence);
			SpanRecord record = this.slots.get(slot);
			if (record == null || record.sequence != sequence) {
				return;
			}
			long owner = owner(sequence);
			long word = this.words.get(slot);
			while ((word & OWNER) == owner) {
				if (this.words.compareAndSet(slot, word, 0)) {
					this.bytes.addAndGet(-took(word));
					this.slots.compareAndSet(slot, record, null);
					record.markEvicted();
					return;
				}
				word = this.words.get(slot);
			}
		}

		void evictAll() {
			for (int i = 0; i < this.length; i++) {
				SpanRecord record = this.slots.getAndSet(i, null);
				took(this.words.getAndSet(i, 0));
				if (record != null) {
					record.markEvicted();
				}
			}
		}

		List<SpanRecord> records() {
			List<SpanRecord> records = new ArrayList<>();
			for (int i = 0; i < this.length; i++) {
				SpanRecord record = this.slots.get(i);
				if (record != null && owns(i, owner(record.sequence))) {
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
