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

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The completed tasks the console keeps: a ring of the last {@code capacity} to complete,
 * the oldest overwritten by the newest. Adding a task is one increment and one swap, with
 * no node to allocate and no lookup of the displaced task in a map (it is ten thousand
 * tasks old, out of every cache); tasks older than the retention are dropped when the
 * table is read.
 *
 * @author trace-tools
 */
final class CompletedTasks {

	private final @Nullable AtomicReferenceArray<@Nullable TaskRecord> ring;

	/** The slot the next task takes. */
	private final AtomicInteger next = new AtomicInteger();

	CompletedTasks(int capacity) {
		this.ring = (capacity > 0) ? new AtomicReferenceArray<>(capacity) : null;
	}

	/**
	 * Keep a completed task.
	 * @param record the task
	 * @return whether a task was dropped to make room (always, with no room at all)
	 */
	boolean add(TaskRecord record) {
		AtomicReferenceArray<@Nullable TaskRecord> ring = this.ring;
		if (ring == null) {
			return true;
		}
		// The next slot wraps by a compare-and-set (one atomic, as an increment did): a
		// remainder's 64-bit division was a third of this method's samples.
		int length = ring.length();
		int index;
		do {
			index = this.next.get();
		}
		while (!this.next.compareAndSet(index, (index + 1 < length) ? index + 1 : 0));
		return ring.getAndSet(index, record) != null;
	}

	/**
	 * Drop the tasks that ended before the given time.
	 * @param oldestNanos the end time, in {@link System#nanoTime()} units, a task must be
	 * after to stay
	 * @return how many were dropped
	 */
	int expire(long oldestNanos) {
		AtomicReferenceArray<@Nullable TaskRecord> ring = this.ring;
		int expired = 0;
		if (ring != null) {
			for (int i = 0; i < ring.length(); i++) {
				TaskRecord record = ring.get(i);
				if (record != null && record.times.endedNanos() - oldestNanos <= 0
						&& ring.compareAndSet(i, record, null)) {
					expired++;
				}
			}
		}
		return expired;
	}

	/**
	 * Visit the tasks kept that ended after the given time.
	 * @param oldestNanos the end time a task must be after to be visited
	 * @param action what to do with each
	 */
	void forEach(long oldestNanos, Consumer<TaskRecord> action) {
		AtomicReferenceArray<@Nullable TaskRecord> ring = this.ring;
		if (ring != null) {
			for (int i = 0; i < ring.length(); i++) {
				TaskRecord record = ring.get(i);
				if (record != null && !endedBefore(record, oldestNanos)) {
					action.accept(record);
				}
			}
		}
	}

	private static boolean endedBefore(TaskRecord record, long oldestNanos) {
		return record.times.endedNanos() - oldestNanos <= 0;
	}

	/**
	 * Find a task that ended after the given time by id.
	 * @param id the id
	 * @param oldestNanos the end time the task must be after
	 * @return the task, or {@code null} if it is not kept
	 */
	@Nullable TaskRecord find(long id, long oldestNanos) {
		AtomicReferenceArray<@Nullable TaskRecord> ring = this.ring;
		if (ring != null) {
			for (int i = 0; i < ring.length(); i++) {
				TaskRecord record = ring.get(i);
				if (record != null && record.id == id && !endedBefore(record, oldestNanos)) {
					return record;
				}
			}
		}
		return null;
	}

	/**
	 * The number of tasks kept that ended after the given time.
	 * @param oldestNanos the end time a task must be after to count
	 * @return the count
	 */
	int size(long oldestNanos) {
		return count(oldestNanos, false);
	}

	/**
	 * The number of tasks kept that ended at or before the given time (not dropped yet).
	 * @param oldestNanos the end time
	 * @return the count
	 */
	int expired(long oldestNanos) {
		return count(oldestNanos, true);
	}

	private int count(long oldestNanos, boolean expired) {
		AtomicReferenceArray<@Nullable TaskRecord> ring = this.ring;
		int count = 0;
		if (ring != null) {
			for (int i = 0; i < ring.length(); i++) {
				TaskRecord record = ring.get(i);
				if (record != null && endedBefore(record, oldestNanos) == expired) {
					count++;
				}
			}
		}
		return count;
	}

}
