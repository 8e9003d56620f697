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
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The queued tasks of one group (see {@link TaskTable}), readable in id order without a
 * node per task. A task takes the next place of the group's queue when it starts (one
 * atomic increment), in segments of {@value #FIRST} places, then twice as many up to
 * {@value #SEGMENT}, and keeps the place until its first poll or its stop frees it (one
 * compare-and-set, and a count of the segment's freed places). A segment whose places are
 * all freed is given back, or taken again from its first place if it is the only one (a
 * queue that never grows, a task polled before the next one comes, keeps one segment of
 * {@value #FIRST} places and makes none). {@link #release()} starts a drained queue again
 * from its first place, its last segment given back (or kept, if it is the first one).
 * <p>
 * Ids are taken before places, so two threads submitting to one group at once can take
 * places out of id order. A task checks the place before its own: if that one is taken by
 * a task of a lower id, the order holds; otherwise (empty, or a higher id) it marks its
 * segment as out of order. A read in id order then merges the segments: each one in place
 * order, or sorted if marked and found out of order, opened only when its lowest (or
 * highest) id can be the next one read, so a limited read of a long queue reads about as
 * many tasks as it lists (and every task of the marked segments).
 *
 * @author trace-tools
 */
final class QueuedTasks {

	/** The places of the first segment; each next one has twice as many, up to 1,024. */
	static final int FIRST = 16;

	/** The places of the largest segments. */
	static final int SEGMENT = 1024;

	/** The number of the first segment of {@link #SEGMENT} places. */
	private static final int FULL = Integer.numberOfTrailingZeros(SEGMENT / FIRST);

	/** The first place of the segments of {@link #SEGMENT} places. */
	private static final long FULL_BASE = (long) FIRST * ((1L << FULL) - 1);

	/** The bits of a place a task keeps (while fewer than 2^30 tasks are queued). */
	private static final int PLACE_BITS = (1 << 30) - 1;

	private static final VarHandle DIRECTORY;

	static {
		try {
			DIRECTORY = MethodHandles.lookup().findVarHandle(QueuedTasks.class, "directory", Directory.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** The next place to take. */
	private final AtomicLong tail = new AtomicLong();

	private volatile Directory directory = new Directory(0, new Segment[0]);

	/**
	 * Queue a task (that is not queued): it takes the next place.
	 * @param record the task
	 */
	void add(TaskRecord record) {
		long place = this.tail.getAndIncrement();
		Segment segment = segment(number(place));
		int index = (int) (place - segment.base);
		record.activeSlot(encode(place));
		segment.lazySet(index, record);
		if (index > 0 && !segment.disordered) {
			TaskRecord before = segment.get(index - 1);
			if (before == null || before.id > record.id) {
				segment.disordered = true;
			}
		}
	}

	/**
	 * Take a task out of the queue.
	 * @param record the task
	 * @return whether it was queued (once per task)
	 */
	boolean remove(TaskRecord record) {
		int slot = record.activeSlot();
		if (slot > -2) {
			return false;
		}
		Directory directory = this.directory;
		long first = base(directory.first);
		long place = first + (((-2 - slot) - first) & PLACE_BITS);
		Segment segment = directory.get(number(place));
		if (segment == null || !segment.compareAndSet((int) (place - segment.base), record, null)) {
			return false;
		}
		if (segment.free(1) == segment.length() && !reuse(segment)) {
			trim();
		}
		return true;
	}

	/** The number of queued tasks: exact, without reading them. */
	int size() {
		Directory directory = this.directory;
		long freed = base(directory.first);
		for (Segment segment : directory.segments) {
			freed += segment.freed();
		}
		long size = this.tail.get() - freed;
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, size));
	}

	/**
	 * Start again from the first place once every queued task is gone (the segments of a
	 * long queue are given back as soon as their places are all freed, but the last): the
	 * last segment is given back, or taken again if it is the first one. Called on the
	 * once-a-second expiry and on reads.
	 */
	void release() {
		// A segment freed while a later one was being made may still be first.
		trim();
		Directory directory = this.directory;
		if (directory.segments.length != 1) {
			return;
		}
		Segment last = directory.segments[0];
		long tail = this.tail.get();
		long taken = tail - last.base;
		if (taken <= 0 || taken > last.length() || last.freed() != taken) {
			return;
		}
		// Not all freed while the places are given again (so never given back meanwhile).
		last.free((int) -taken);
		if (!this.tail.compareAndSet(tail, 0)) {
			last.free((int) taken);
			return;
		}
		if (last.number != 0) {
			last.free((int) taken);
			// A task that takes a place before this replaces the directory itself.
			DIRECTORY.compareAndSet(this, directory, new Directory(0, new Segment[0]));
		}
	}

	/** The segments held (a drained queue holds none after {@link #release()}). */
	int segments() {
		return this.directory.segments.length;
	}

	/** The places of the segments held. */
	int places() {
		int places = 0;
		for (Segment segment : this.directory.segments) {
			places += segment.length();
		}
		return places;
	}

	/**
	 * Visit the queued tasks, in no particular order.
	 * @param action what to do with each
	 */
	void forEach(Consumer<TaskRecord> action) {
		for (Segment segment : this.directory.segments) {
			for (int i = 0; i < segment.length(); i++) {
				TaskRecord record = segment.get(i);
				if (record != null) {
					action.accept(record);
				}
			}
		}
	}

	/**
	 * The queued tasks in id order, read as iterated (a limited read reads about as many
	 * as it takes).
	 * @param ascending the lowest id first, or the highest
	 * @return the tasks
	 */
	Iterable<TaskRecord> inOrder(boolean ascending) {
		return () -> new InOrder(this.directory.segments, ascending);
	}

	/** The queued task of the lowest id, if any. */
	@Nullable TaskRecord first() {
		Iterator<TaskRecord> records = inOrder(true).iterator();
		return records.hasNext() ? records.next() : null;
	}

	private Segment segment(long number) {
		while (true) {
			Directory directory = this.directory;
			Segment segment = directory.get(number);
			if (segment != null) {
				return segment;
			}
			if (number < directory.first) {
				// Places start again from the first one (release): its directory goes.
				DIRECTORY.compareAndSet(this, directory, new Directory(0, new Segment[0]));
				continue;
			}
			Directory grown = directory.with(number);
			if (DIRECTORY.compareAndSet(this, directory, grown)) {
				return grown.segments[grown.segments.length - 1];
			}
		}
	}

	/**
	 * Take the places of the only segment again from its first one, once they are all
	 * freed and the next place is past it: a queue that never grows (a task polled before
	 * the next one is queued) keeps one small segment and makes none.
	 * @return whether the segment is taken again
	 */
	private boolean reuse(Segment segment) {
		Directory directory = this.directory;
		if (directory.segments.length != 1 || directory.segments[0] != segment) {
			return false;
		}
		int length = segment.length();
		// Not all freed while the places are given again, so that it is never given back.
		segment.free(-length);
		if (this.tail.compareAndSet(segment.base + length, segment.base)) {
			return true;
		}
		segment.free(length);
		return false;
	}

	/** Give back the first segments while all their places are freed (never the last). */
	private void trim() {
		while (true) {
			Directory directory = this.directory;
			int freed = 0;
			while (freed < directory.segments.length - 1
					&& directory.segments[freed].freed() == directory.segments[freed].length()) {
				freed++;
			}
			if (freed == 0 || DIRECTORY.compareAndSet(this, directory, directory.drop(freed))) {
				return;
			}
		}
	}

	/** A place kept in the task's slot: -2 and below (-1 is none, 0 and above active). */
	private static int encode(long place) {
		return -2 - (int) (place & PLACE_BITS);
	}

	/** The number of the segment of a place. */
	static long number(long place) {
		if (place < FULL_BASE) {
			return 31 - Integer.numberOfLeadingZeros((int) (place / FIRST) + 1);
		}
		return FULL + (place - FULL_BASE) / SEGMENT;
	}

	/** The first place of a segment. */
	static long base(long number) {
		if (number < FULL) {
			return FIRST * ((1L << number) - 1);
		}
		return FULL_BASE + (number - FULL) * SEGMENT;
	}

	/**
	 * The segments from the first one not given back to the last one made. Not changed
	 * once published: a segment made or given back publishes a new directory.
	 */
	private static final class Directory {

		/** The number of the first segment. */
		final long first;

		final Segment[] segments;

		Directory(long first, Segment[] segments) {
			this.first = first;
			this.segments = segments;
		}

		@Nullable Segment get(long number) {
			long index = number - this.first;
			return (index >= 0 && index < this.segments.length) ? this.segments[(int) index] : null;
		}

		/** With the segments from the first one up to a number made. */
		Directory with(long number) {
			Segment[] segments = Arrays.copyOf(this.segments, (int) (number - this.first + 1));
			for (int i = this.segments.length; i < segments.length; i++) {
				segments[i] = new Segment(this.first + i);
			}
			return new Directory(this.first, segments);
		}

		Directory drop(int count) {
			return new Directory(this.first + count, Arrays.copyOfRange(this.segments, count, this.segments.length));
		}

	}

	/** The places of one segment. */
	private static final class Segment extends AtomicReferenceArray<@Nullable TaskRecord> {

		private static final long serialVersionUID = 1L;

		private static final VarHandle FREED;

		static {
			try {
				FREED = MethodHandles.lookup().findVarHandle(Segment.class, "freed", int.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final long number;

		/** The segment's first place. */
		final long base;

		/** Whether a task may have taken a place after one of a higher id. */
		volatile boolean disordered;

		private volatile int freed;

		Segment(long number) {
			super((int) (base(number + 1) - base(number)));
			this.number = number;
			this.base = base(number);
		}

		int freed() {
			return this.freed;
		}

		/** Count places freed, and return the count. */
		int free(int places) {
			return (int) FREED.getAndAdd(this, places) + places;
		}

	}

	/**
	 * The queued tasks in id order: the segments opened in place order while the next
	 * one's lowest (or highest) id comes before those of the open ones, merged.
	 */
	private static final class InOrder implements Iterator<TaskRecord> {

		private final Segment[] segments;

		private final boolean ascending;

		/** Per segment in reading order, the first id of it and of every later one. */
		private final long[] firstIds;

		/**
		 * Per segment in reading order, whether its tasks are to be sorted when opened
		 * (marked out of order, and found so).
		 */
		private final boolean[] unsorted;

		private final PriorityQueue<Run> open;

		private int next;

		private @Nullable TaskRecord pending;

		InOrder(Segment[] segments, boolean ascending) {
			this.segments = segments;
			this.ascending = ascending;
			this.firstIds = new long[segments.length];
			this.unsorted = new boolean[segments.length];
			long none = ascending ? Long.MAX_VALUE : Long.MIN_VALUE;
			long first = none;
			for (int k = segments.length - 1; k >= 0; k--) {
				long id = firstId(k);
				first = (id == none || (first != none && !before(id, first))) ? first : id;
				this.firstIds[k] = first;
			}
			Comparator<Run> byId = Comparator.comparingLong((run) -> run.current.id);
			this.open = new PriorityQueue<>(ascending ? byId : byId.reversed());
		}

		@Override
		public boolean hasNext() {
			if (this.pending == null) {
				this.pending = advance();
			}
			return this.pending != null;
		}

		@Override
		public TaskRecord next() {
			TaskRecord next = (this.pending != null) ? this.pending : advance();
			if (next == null) {
				throw new NoSuchElementException();
			}
			this.pending = null;
			return next;
		}

		private @Nullable TaskRecord advance() {
			long none = this.ascending ? Long.MAX_VALUE : Long.MIN_VALUE;
			while (this.next < this.segments.length) {
				long first = this.firstIds[this.next];
				Run head = this.open.peek();
				if (first == none) {
					this.next = this.segments.length;
				}
				else if (head == null || before(first, head.current.id)) {
					Run run = open(this.next++);
					if (run != null) {
						this.open.add(run);
					}
				}
				else {
					break;
				}
			}
			Run run = this.open.poll();
			if (run == null) {
				return null;
			}
			TaskRecord record = run.current;
			if (run.advance()) {
				this.open.add(run);
			}
			return record;
		}

		private boolean before(long id, long other) {
			return this.ascending ? id < other : id > other;
		}

		private Segment segment(int k) {
			return this.segments[this.ascending ? k : this.segments.length - 1 - k];
		}

		/**
		 * The first id of a segment in reading order: its first task's or, if it is
		 * marked out of order, the lowest (or highest) after a pass that finds whether
		 * the order of its places is the id order anyway (most often: a place marked for
		 * being after an empty one).
		 */
		private long firstId(int k) {
			Segment segment = segment(k);
			long none = this.ascending ? Long.MAX_VALUE : Long.MIN_VALUE;
			if (!segment.disordered) {
				int step = this.ascending ? 1 : -1;
				int length = segment.length();
				for (int i = this.ascending ? 0 : length - 1; i >= 0 && i < length; i += step) {
					TaskRecord record = segment.get(i);
					if (record != null) {
						return record.id;
					}
				}
				return none;
			}
			long lowest = Long.MAX_VALUE;
			long highest = Long.MIN_VALUE;
			long last = Long.MIN_VALUE;
			boolean sorted = true;
			for (int i = 0; i < segment.length(); i++) {
				TaskRecord record = segment.get(i);
				if (record != null) {
					long id = record.id;
					sorted &= id > last;
					last = id;
					lowest = Math.min(lowest, id);
					highest = Math.max(highest, id);
				}
			}
			this.unsorted[k] = !sorted;
			if (last == Long.MIN_VALUE) {
				return none;
			}
			return this.ascending ? lowest : highest;
		}

		private @Nullable Run open(int k) {
			Segment segment = segment(k);
			Run run;
			if (this.unsorted[k]) {
				TaskRecord[] records = new TaskRecord[segment.length()];
				int count = 0;
				for (int i = 0; i < records.length; i++) {
					TaskRecord record = segment.get(i);
					if (record != null) {
						records[count++] = record;
					}
				}
				records = Arrays.copyOf(records, count);
				Arrays.sort(records, this.ascending ? TaskRecord.BY_ID : TaskRecord.BY_ID.reversed());
				run = new Run(null, records, true);
			}
			else {
				run = new Run(segment, null, this.ascending);
			}
			return run.advance() ? run : null;
		}

	}

	/**
	 * The tasks of one segment in reading order: its places in order, or a sorted copy.
	 */
	private static final class Run {

		private final @Nullable Segment segment;

		private final TaskRecord @Nullable [] sorted;

		private final boolean forward;

		private int index;

		@SuppressWarnings("NullAway.Init")
		TaskRecord current;

		Run(@Nullable Segment segment, TaskRecord @Nullable [] sorted, boolean forward) {
			this.segment = segment;
			this.sorted = sorted;
			this.forward = forward;
			this.index = forward ? -1 : length();
		}

		private int length() {
			return (this.sorted != null) ? this.sorted.length : ((this.segment != null) ? this.segment.length() : 0);
		}

		/** Move to the next task, if there is one. */
		boolean advance() {
			int end = length();
			int step = this.forward ? 1 : -1;
			for (int i = this.index + step; i >= 0 && i < end; i += step) {
				TaskRecord record = (this.sorted != null) ? this.sorted[i]
						: ((this.segment != null) ? this.segment.get(i) : null);
				if (record != null) {
					this.index = i;
					this.current = record;
					return true;
				}
			}
			this.index = this.forward ? end : -1;
			return false;
		}

	}

}
