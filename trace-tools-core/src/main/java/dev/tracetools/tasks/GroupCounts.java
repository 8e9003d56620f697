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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.ThreadNames;
import org.jspecify.annotations.Nullable;

/**
 * The counts of one {@link TaskGroup} that meters and reads sum: tasks started, their
 * busy, scheduled and idle nanoseconds, tasks completed by outcome, and completed tasks
 * dropped from the table to make room for the group's. Each platform thread that counts
 * has a cell of its own that only it writes (an addition and an opaque write, no atomic
 * read-modify-write: those were six per task); a read sums the cells. Virtual threads
 * count in a shared cell with atomic additions (a cell per virtual thread would be a cell
 * per task). The cells of threads that ended are added to the shared cell and let go on
 * the table's once-a-second expiry (a thread's writes happen before
 * {@link Thread#isAlive()} tells that it ended), so a pool that replaces its threads
 * holds a cell per live thread. Reads and that folding take the counts' lock, so every
 * sum is exact and never goes back; the counting threads take no lock.
 *
 * @author trace-tools
 */
final class GroupCounts {

	static final int STARTED = 0;

	static final int BUSY = 1;

	static final int SCHEDULED = 2;

	static final int IDLE = 3;

	/**
	 * Completed tasks dropped from the table's ring to make room for this group's (the
	 * table's count is the sum over its groups).
	 */
	static final int DROPPED = 4;

	/** The index of the first outcome's count: the outcomes follow in their order. */
	private static final int COMPLETED = 5;

	private static final int SIZE = COMPLETED + TaskOutcome.values().length;

	private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

	private final Cell shared = new Cell(null);

	/** The cells of platform threads (guarded by this). */
	private final List<Cell> cells = new ArrayList<>();

	private final ThreadLocal<Cell> own = ThreadLocal.withInitial(this::newCell);

	/**
	 * Count on the current thread.
	 * @param cached the cell the caller last counted in, if any: used without a lookup if
	 * it is the current thread's
	 * @param index what to count ({@link #STARTED}, {@link #BUSY}, ...)
	 * @param value the amount
	 * @return the cell counted in, for the caller to keep
	 */
	Cell add(@Nullable Cell cached, int index, long value) {
		Cell cell = cell(cached);
		long[] counts = cell.counts;
		if (cell.owner != null) {
			COUNTS.setOpaque(counts, index, counts[index] + value);
		}
		else {
			COUNTS.getAndAdd(counts, index, value);
		}
		return cell;
	}

	/**
	 * Count a completed task on the current thread.
	 * @param cached as for {@link #add}
	 * @param outcome its outcome
	 * @param idleNanos its idle time
	 * @return the cell counted in
	 */
	Cell completed(@Nullable Cell cached, TaskOutcome outcome, long idleNanos) {
		Cell cell = add(cached, IDLE, idleNanos);
		return add(cell, COMPLETED + outcome.ordinal(), 1);
	}

	/**
	 * The sum of a count over the threads.
	 * @param index what to sum ({@link #STARTED}, {@link #BUSY}, ...)
	 * @return the exact sum
	 */
	synchronized long sum(int index) {
		long sum = (long) COUNTS.getVolatile(this.shared.counts, index);
		for (Cell cell : this.cells) {
			sum += (long) COUNTS.getOpaque(cell.counts, index);
		}
		return sum;
	}

	/**
	 * The tasks completed with an outcome.
	 * @param outcome the outcome
	 * @return the exact count
	 */
	long completed(TaskOutcome outcome) {
		return sum(COMPLETED + outcome.ordinal());
	}

	/**
	 * The tasks started and not completed, read at once.
	 * @return the count, never below zero
	 */
	synchronized long active() {
		long active = sum(STARTED);
		for (int index = COMPLETED; index < SIZE; index++) {
			active -= sum(index);
		}
		return Math.max(0, active);
	}

	/**
	 * Add the cells of threads that ended to the shared cell and let them go.
	 */
	synchronized void foldEndedThreads() {
		for (Iterator<Cell> iterator = this.cells.iterator(); iterator.hasNext();) {
			Cell cell = iterator.next();
			Thread owner = cell.owner;
			if (owner != null && !owner.isAlive()) {
				for (int index = 0; index < SIZE; index++) {
					COUNTS.getAndAdd(this.shared.counts, index, cell.counts[index]);
				}
				iterator.remove();
			}
		}
	}

	/** The number of threads' cells held (for tests). */
	synchronized int cells() {
		return this.cells.size();
	}

	private Cell cell(@Nullable Cell cached) {
		Thread thread = Thread.currentThread();
		if (cached != null && cached.owner == thread) {
			return cached;
		}
		// Asked before the thread local: a virtual thread would make its map per task.
		return ThreadNames.isVirtual(thread) ? this.shared : this.own.get();
	}

	private Cell newCell() {
		Cell cell = new Cell(Thread.currentThread());
		synchronized (this) {
			this.cells.add(cell);
		}
		return cell;
	}

	/**
	 * One thread's counts (or the shared ones, with no owner), indexed as the constants
	 * above.
	 */
	static final class Cell {

		final @Nullable Thread owner;

		final long[] counts = new long[SIZE];

		Cell(@Nullable Thread owner) {
			this.owner = owner;
		}

	}

}
