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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The active tasks (see {@link TaskTable}): slots in arrays, each array twice as large as
 * the one before, that a task takes when it becomes active and frees when it stops. A
 * task keeps the index of its slot, so that adding it is one compare-and-set (and a
 * release write of the index) and removing it one compare-and-set, with no node to
 * allocate. A thread looks for a free slot from a place of its own in the largest array
 * (so that the tasks it runs one after the other take the same slot), then at a few
 * places at random, and a larger array is added when it finds none there. Arrays are not
 * given back: like a hash table's, they stay at the size the most tasks active at once
 * needed.
 *
 * @author trace-tools
 */
final class ActiveTasks {

	/** The slots of the first array: the arrays hold 256, 512, 1024, ... */
	private static final int FIRST = 256;

	private static final int PROBES = 16;

	/** The lines of {@link #PROBES} slots a thread tries before it adds an array. */
	private static final int LINES = 4;

	/** Enough arrays for a billion active tasks (the last holds 2^29). */
	private static final int MAX_ARRAYS = 22;

	private static final VarHandle ARRAYS;

	static {
		try {
			ARRAYS = MethodHandles.lookup().findVarHandle(ActiveTasks.class, "arrays", Slots[].class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile Slots[] arrays = { new Slots(FIRST) };

	/**
	 * Add a task that is not in the set.
	 * @param record the task
	 */
	void add(TaskRecord record) {
		// From the start of a cache line (16 compressed references) of the thread's own.
		int hash = mix(System.identityHashCode(Thread.currentThread())) << 4;
		while (true) {
			Slots[] arrays = this.arrays;
			int last = arrays.length - 1;
			AtomicReferenceArray<@Nullable TaskRecord> slots = arrays[last];
			int mask = slots.length() - 1;
			int probes = (last < MAX_ARRAYS - 1) ? PROBES : slots.length();
			// The thread's own line first, then lines at random: a thread that holds many
			// tasks active at once (say, delayed ones it scheduled) fills its own line
			// of every array, and must not add an array for every 16 of them.
			for (int line = 0; line < LINES; line++) {
				int start = (line == 0) ? hash : ThreadLocalRandom.current().nextInt() << 4;
				for (int probe = 0; probe < probes; probe++) {
					int index = (start + probe) & mask;
					if (slots.get(index) == null && slots.compareAndSet(index, null, record)) {
						record.activeSlot(base(last) + index);
						return;
					}
				}
			}
			if (last < MAX_ARRAYS - 1) {
				Slots[] grown = new Slots[arrays.length + 1];
				System.arraycopy(arrays, 0, grown, 0, arrays.length);
				grown[arrays.length] = new Slots(FIRST << arrays.length);
				ARRAYS.compareAndSet(this, arrays, grown);
			}
		}
	}

	/**
	 * Remove a task (nothing if it is not in the set). A thread that stops a task while
	 * another makes it active may not see its slot's index yet (a release write); it
	 * finds the task in the slots then: the thread that adds it reads whether it stopped
	 * after the slot's compare-and-set, and the stopping thread reads the slots after it
	 * marked the task stopped and fenced, so one of the two removes it.
	 * @param record the task, marked stopped or removed by the thread that added it
	 */
	void remove(TaskRecord record) {
		int slot = record.activeSlot();
		if (slot >= 0) {
			int array = array(slot);
			this.arrays[array].compareAndSet(slot - base(array), record, null);
			return;
		}
		// The stop was a release write: order it before the reads of the slots.
		VarHandle.fullFence();
		for (Slots slots : this.arrays) {
			for (int i = 0; i < slots.length(); i++) {
				if (slots.get(i) == record) {
					slots.compareAndSet(i, record, null);
					return;
				}
			}
		}
	}

	/**
	 * Visit the tasks in the set.
	 * @param action what to do with each
	 */
	void forEach(Consumer<TaskRecord> action) {
		for (Slots slots : this.arrays) {
			for (int i = 0; i < slots.length(); i++) {
				TaskRecord record = slots.get(i);
				if (record != null) {
					action.accept(record);
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

	/** The slots of the arrays held. */
	int capacity() {
		int capacity = 0;
		for (Slots slots : this.arrays) {
			capacity += slots.length();
		}
		return capacity;
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

		Slots(int length) {
			super(length);
		}

	}

}
