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

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TestTaskTimes;
import dev.tracetools.observe.CallSite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link QueuedTasks}: tasks read in id order whatever the order they took
 * their places in, exact counts, places freed once, segments given back.
 */
class QueuedTasksTests {

	private final TaskGroup group = new TaskGroup("Jobs.run", "pool");

	private final QueuedTasks queued = new QueuedTasks();

	private long next;

	@Test
	void readsInIdOrderWhenPlacesWereTakenOutOfOrder() {
		List<TaskRecord> records = records(3 * QueuedTasks.SEGMENT + 100);
		List<TaskRecord> shuffled = new ArrayList<>(records);
		// Mostly in order, with runs swapped as two submitters would: and a few far away.
		Random random = new Random(42);
		for (int i = 0; i + 1 < shuffled.size(); i += 1 + random.nextInt(7)) {
			Collections.swap(shuffled, i, i + 1);
		}
		Collections.swap(shuffled, 5, shuffled.size() - 5);
		shuffled.forEach(this.queued::add);
		assertThat(ids(this.queued.inOrder(true), Integer.MAX_VALUE)).isEqualTo(ids(records));
		assertThat(ids(this.queued.inOrder(true), 10)).isEqualTo(ids(records.subList(0, 10)));
		List<Long> descending = ids(records);
		Collections.reverse(descending);
		assertThat(ids(this.queued.inOrder(false), Integer.MAX_VALUE)).isEqualTo(descending);
		assertThat(ids(this.queued.inOrder(false), 10)).isEqualTo(descending.subList(0, 10));
		assertThat(this.queued.first()).isSameAs(records.get(0));
		assertThat(this.queued.size()).isEqualTo(records.size());
	}

	@Test
	void removesEachTaskOnceAndCountsExactly() {
		List<TaskRecord> records = records(2 * QueuedTasks.SEGMENT + 10);
		records.forEach(this.queued::add);
		List<TaskRecord> kept = new ArrayList<>();
		for (int i = 0; i < records.size(); i++) {
			TaskRecord record = records.get(i);
			if (i % 3 == 0) {
				assertThat(this.queued.remove(record)).isTrue();
				assertThat(this.queued.remove(record)).isFalse();
			}
			else {
				kept.add(record);
			}
		}
		assertThat(this.queued.size()).isEqualTo(kept.size());
		assertThat(ids(this.queued.inOrder(true), Integer.MAX_VALUE)).isEqualTo(ids(kept));
		List<Long> visited = new ArrayList<>();
		this.queued.forEach((record) -> visited.add(record.id));
		assertThat(visited).containsExactlyInAnyOrderElementsOf(ids(kept));
	}

	@Test
	void drainedQueueGivesItsSegmentsBack() {
		List<TaskRecord> records = records(5 * QueuedTasks.SEGMENT + 7);
		records.forEach(this.queued::add);
		assertThat(this.queued.segments()).isEqualTo(QueuedTasks.number(records.size() - 1) + 1);
		records.forEach(this.queued::remove);
		assertThat(this.queued.segments()).isEqualTo(1);
		assertThat(this.queued.size()).isZero();
		this.queued.release();
		assertThat(this.queued.segments()).isZero();
		assertThat(this.queued.size()).isZero();
		List<TaskRecord> more = records(3);
		more.forEach(this.queued::add);
		assertThat(this.queued.size()).isEqualTo(3);
		assertThat(this.queued.places()).isEqualTo(QueuedTasks.FIRST);
		assertThat(ids(this.queued.inOrder(true), Integer.MAX_VALUE)).isEqualTo(ids(more));
		assertThat(this.queued.remove(records.get(0))).isFalse();
	}

	@Test
	void queueThatNeverGrowsKeepsOneSmallSegment() {
		for (TaskRecord record : records(10 * QueuedTasks.SEGMENT)) {
			this.queued.add(record);
			assertThat(this.queued.size()).isOne();
			assertThat(this.queued.remove(record)).isTrue();
		}
		assertThat(this.queued.places()).isEqualTo(QueuedTasks.FIRST);
		assertThat(this.queued.size()).isZero();
		this.queued.release();
		assertThat(this.queued.places()).isEqualTo(QueuedTasks.FIRST);
		List<TaskRecord> more = records(QueuedTasks.FIRST + 1);
		more.forEach(this.queued::add);
		assertThat(this.queued.segments()).isEqualTo(2);
		assertThat(this.queued.size()).isEqualTo(more.size());
		assertThat(ids(this.queued.inOrder(true), Integer.MAX_VALUE)).isEqualTo(ids(more));
	}

	@Test
	void placesMapToSegmentsWithoutGapsOrOverlaps() {
		for (long place = 0; place < 20 * QueuedTasks.SEGMENT; place++) {
			long number = QueuedTasks.number(place);
			assertThat(place).isGreaterThanOrEqualTo(QueuedTasks.base(number)).isLessThan(QueuedTasks.base(number + 1));
		}
		assertThat(QueuedTasks.base(1) - QueuedTasks.base(0)).isEqualTo(QueuedTasks.FIRST);
		assertThat(QueuedTasks.base(31) - QueuedTasks.base(30)).isEqualTo(QueuedTasks.SEGMENT);
	}

	@Test
	void concurrentSubmittersAndRemoversKeepExactCountsAndIdOrder() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(4);
		AtomicLong ids = new AtomicLong();
		List<Future<List<TaskRecord>>> kept = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			kept.add(threads.submit(() -> {
				List<TaskRecord> mine = new ArrayList<>();
				for (int i = 0; i < 20_000; i++) {
					TaskRecord record = record(ids.incrementAndGet());
					this.queued.add(record);
					if (i % 2 == 0) {
						assertThat(this.queued.remove(record)).isTrue();
					}
					else {
						mine.add(record);
					}
				}
				return mine;
			}));
		}
		List<Long> expected = new ArrayList<>();
		for (Future<List<TaskRecord>> future : kept) {
			expected.addAll(ids(future.get()));
		}
		threads.shutdown();
		Collections.sort(expected);
		assertThat(this.queued.size()).isEqualTo(expected.size());
		assertThat(ids(this.queued.inOrder(true), Integer.MAX_VALUE)).isEqualTo(expected);
		assertThat(ids(this.queued.inOrder(true), 100)).isEqualTo(expected.subList(0, 100));
		List<Long> descending = new ArrayList<>(expected);
		Collections.reverse(descending);
		assertThat(ids(this.queued.inOrder(false), 100)).isEqualTo(descending.subList(0, 100));
	}

	private List<TaskRecord> records(int count) {
		List<TaskRecord> records = new ArrayList<>();
		long first = (this.next += count) - count;
		for (int i = 1; i <= count; i++) {
			records.add(record(first + i));
		}
		return records;
	}

	private TaskRecord record(long id) {
		return new TaskRecord(id, TaskKind.EXECUTOR, new CallSite("Jobs.run", null, null, null, 0),
				TestTaskTimes.ended(1, 2), 0, null, this.group);
	}

	private static List<Long> ids(Iterable<TaskRecord> records, int limit) {
		List<Long> ids = new ArrayList<>();
		for (TaskRecord record : records) {
			if (ids.size() == limit) {
				break;
			}
			ids.add(record.id);
		}
		return ids;
	}

	private static List<Long> ids(List<TaskRecord> records) {
		return new ArrayList<>(records.stream().map((record) -> record.id).toList());
	}

}
