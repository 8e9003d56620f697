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
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The live tasks (see {@link TaskTable}): slots in arrays, each array twice as large as
 * the one before, that a task takes when it starts and frees when it stops, queued or not
 * (its record says which). A task keeps the index of its slot, so that adding it is one
 * compare-and-set (and the volatile write of the index) and removing it one
 * compare-and-set, with no node to allocate. A thread looks for a free slot from a hint
 * of its own (the slot it took last), so that an executor that runs its tasks one after
 * the other reuses one slot and a queue of a million tasks fills the slots one after the
 * other, in submission order; a larger array is added when a thread finds no free slot in
 * a few tries. The slot of a queued task also holds, until its first poll, its id, wake
 * time and group: what a read of a million queued tasks needs of each, in arrays read one
 * after the other, not in records a few hundred bytes apart. The largest array is given
 * back once it is empty (when the table expires its completed tasks), so that a queue
 * that drained leaves the arrays it needed at most for a second.
 *
 * @author trace-tools
 */
final class LiveTasks {

	/** The slots of the first array: the arrays hold 256, 512, 1024, ... */
	private static final int FIRST = 256;

	/** The free slots looked for from a hint before another place is tried. */
	private static final int PROBES = 16;

	/** The places tried before a larger array is added. */
	private static final int TRIES = 4;

	/** Enough arrays for a billion live tasks (the last holds 2^29). */
	private static final int MAX_ARRAYS = 22;

	/** Hints per thread hash, a cache line (16 ints) apart. */
	private static final int HINTS = 64;

	private static final int HINT_STRIDE = 16;

	private static final VarHandle ARRAYS;

	private static final VarHandle IDS = MethodHandles.arrayElementVarHandle(long[].class);

	static {
		try {
			ARRAYS = MethodHandles.lookup().findVarHandle(LiveTasks.class, "arrays", Slots[].class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Slots[] arrays = { new Slots(FIRST) };

	/**
	 * Where each thread (by hash) looks for a free slot first: the slot it took last. A
	 * hint only: written and read without ordering, shared by threads of one hash.
	 */
	private final int[] hints = new int[HINTS * HINT_STRIDE];

	/**
	 * Add a task that is not in the set.
	 * @param record the task
	 */
	void add(TaskRecord record) {
		int hint = mix(System.identityHashCode(Thread.currentThread())) & (HINTS - 1);
		int start = this.hints[hint * HINT_STRIDE];
		int tries = 0;
		while (true) {
			Slots[] arrays = this.arrays;
			int capacity = capacity(arrays.length);
			int from = (start < capacity) ? start : 0;
			for (int probe = 0; probe < PROBES; probe++) {
				int slot = from + probe;
				if (slot >= capacity) {
					slot -= capacity;
				}
				int array = array(slot);
				Slots slots = arrays[array];
				int index = slot - base(array);
				if (slots.get(index) == null && slots.compareAndSet(index, null, record)) {
					record.slot(slot);
					if (slots.closing) {
						// Being given back (see release): look again, in the arrays left.
						slots.set(index, null);
						record.slot(-1);
						start = 0;
						tries = -1;
						break;
					}
					this.hints[hint * HINT_STRIDE] = slot;
					if (record.queued) {
						slots.groups[index] = record.group.index;
						slots.wakes[index] = record.times.wakeNanos();
						IDS.setRelease(slots.ids, index, record.id);
					}
					return;
				}
			}
			tries++;
			if (tries == 0) {
				continue;
			}
			if (tries < TRIES) {
				// Another place: the slots past the full ones, then the start.
				start = (tries == TRIES - 1) ? 0 : from + PROBES * (1 << (4 * tries));
			}
			else {
				tries = 0;
				start = grow(arrays);
			}
		}
	}

	/** Add a larger array (unless another thread did); return its first slot. */
	private int grow(Slots[] arrays) {
		if (arrays.length < MAX_ARRAYS) {
			Slots[] grown = new Slots[arrays.length + 1];
			System.arraycopy(arrays, 0, grown, 0, arrays.length);
			grown[arrays.length] = new Slots(FIRST << arrays.length);
			ARRAYS.compareAndSet(this, arrays, grown);
		}
		Slots[] now = this.arrays;
		return base(now.length - 1);
	}

	/**
	 * Remove a task (nothing if it is not in the set).
	 * @param record the task
	 */
	void remove(TaskRecord record) {
		int slot = record.slot();
		if (slot >= 0) {
			int array = array(slot);
			Slots[] arrays = this.arrays;
			if (array < arrays.length) {
				Slots slots = arrays[array];
				int index = slot - base(array);
				// Cleared first: the next task in the slot is read as queued
				// from its own id.
				slots.ids[index] = 0;
				slots.compareAndSet(index, record, null);
			}
		}
	}

	/**
	 * A queued task's first poll starts: its slot no longer says it is queued.
	 * @param record the task
	 */
	void polled(TaskRecord record) {
		int slot = record.slot();
		if (slot >= 0) {
			int array = array(slot);
			Slots[] arrays = this.arrays;
			if (array < arrays.length) {
				IDS.setRelease(arrays[array].ids, slot - base(array), 0L);
			}
		}
	}

	/**
	 * Give the largest arrays back while they are empty and the arrays before hold the
	 * tasks four times over. A thread that takes a slot in one meanwhile sees it closing
	 * and moves, or is seen by the check.
	 */
	void release() {
		while (releaseLast()) {
			// The next one.
		}
	}

	private boolean releaseLast() {
		Slots[] arrays = this.arrays;
		int last = arrays.length - 1;
		if (last == 0) {
			return false;
		}
		Slots slots = arrays[last];
		slots.closing = true;
		for (int i = 0; i < slots.length(); i++) {
			if (slots.get(i) != null) {
				slots.closing = false;
				return false;
			}
		}
		int live = 0;
		for (int array = 0; array < last; array++) {
			Slots before = arrays[array];
			for (int i = 0; i < before.length(); i++) {
				live += (before.get(i) != null) ? 1 : 0;
			}
		}
		if (live * 4 > capacity(last) || !ARRAYS.compareAndSet(this, arrays, Arrays.copyOf(arrays, last))) {
			slots.closing = false;
			return false;
		}
		return true;
	}

	/**
	 * Visit the tasks in the set, in the order of their slots (mostly the order in which
	 * they were added) or in the reverse order.
	 * @param descending whether to visit them from the last slot
	 * @param action what to do with each
	 */
	void forEach(boolean descending, Consumer<TaskRecord> action) {
		Slots[] arrays = this.arrays;
		if (descending) {
			for (int array = arrays.length - 1; array >= 0; array--) {
				Slots slots = arrays[array];
				for (int i = slots.length() - 1; i >= 0; i--) {
					TaskRecord record = slots.get(i);
					if (record != null) {
						action.accept(record);
					}
				}
			}
			return;
		}
		for (Slots slots : arrays) {
			for (int i = 0; i < slots.length(); i++) {
				TaskRecord record = slots.get(i);
				if (record != null) {
					action.accept(record);
				}
			}
		}
	}

	/**
	 * Visit the tasks in the set as {@link #forEach(boolean, Consumer)} does, the queued
	 * ones from what their slots say.
	 * @param descending whether to visit them from the last slot
	 * @param visitor what to do with each
	 */
	void forEach(boolean descending, Visitor visitor) {
		Slots[] arrays = this.arrays;
		for (int a = 0; a < arrays.length; a++) {
			Slots slots = arrays[descending ? arrays.length - 1 - a : a];
			long[] ids = slots.ids;
			int length = slots.length();
			for (int i = 0; i < length; i++) {
				int index = descending ? length - 1 - i : i;
				// An id says a queued task holds the slot (cleared before it
				// leaves, written after it came), whose record may already be the
				// next one's: the visitor compares the ids of the records it keeps.
				long id = (long) IDS.getAcquire(ids, index);
				TaskRecord record = slots.get(index);
				if (record == null) {
					continue;
				}
				if (id != 0) {
					visitor.queued(slots.groups[index], id, slots.wakes[index], record);
				}
				else {
					visitor.task(record);
				}
			}
		}
	}

	/**
	 * Find a task of the set by id.
	 * @param id the id
	 * @return the task, or {@code null}
	 */
	@Nullable TaskRecord find(long id) {
		for (Slots slots : this.arrays) {
			for (int i = 0; i < slots.length(); i++) {
				TaskRecord record = slots.get(i);
				if (record != null && record.id == id) {
					return record;
				}
			}
		}
		return null;
	}

	/**
	 * The slots of the arrays kept now.
	 * @return the number of slots
	 */
	int capacity() {
		return capacity(this.arrays.length);
	}

	/** The slots of the first arrays. */
	private static int capacity(int arrays) {
		return base(arrays);
	}

	/** The index of the first slot of an array, counting the slots of those before. */
	private static int base(int array) {
		return FIRST * ((1 << array) - 1);
	}

	/** The array that holds a slot. */
	private static int array(int slot) {
		return 31 - Integer.numberOfLeadingZeros(slot / FIRST + 1);
	}

	private static int mix(int hash) {
		int mixed = hash * 0x9E3779B9;
		return mixed ^ (mixed >>> 16);
	}

	/** One array of slots. */
	private static final class Slots extends AtomicReferenceArray<@Nullable TaskRecord> {

		private static final long serialVersionUID = 1L;

		/** Set while the array is being given back. */
		volatile boolean closing;

		/** The id of the queued task in a slot, {@code 0} for none. */
		final long[] ids;

		final long[] wakes;

		final int[] groups;

		Slots(int length) {
			super(length);
			this.ids = new long[length];
			this.wakes = new long[length];
			this.groups = new int[length];
		}

	}

	/**
	 * What a read does with the tasks of the set.
	 */
	interface Visitor {

		/**
		 * Visit a queued task from what its slot says.
		 * @param group the index of its group
		 * @param id its id
		 * @param wakeNanos its wake time
		 * @param record the task (not read)
		 */
		void queued(int group, long id, long wakeNanos, TaskRecord record);

		/**
		 * Visit another task (or a queued task whose slot was being written).
		 * @param record the task
		 */
		void task(TaskRecord record);

	}

}
