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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Tests for {@link LiveTasks}: the slots live tasks take, what the slots of queued ones
 * say, and the arrays a long queue needed given back.
 */
class LiveTasksTests {

	private static final CallSite SITE = new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12);

	private final TaskGroup group = new TaskGroup("Jobs.run", "pool");

	private final AtomicLong ids = new AtomicLong();

	LiveTasksTests() {
		this.group.index = 3;
	}

	@Test
	void tasksRunOneAfterTheOtherReuseOneSlot() {
		LiveTasks live = new LiveTasks();
		TaskRecord first = queued();
		live.add(first);
		int slot = first.slot();
		live.remove(first);
		TaskRecord second = queued();
		live.add(second);
		assertThat(second.slot()).isEqualTo(slot);
		assertThat(visit(live).tasks).isEmpty();
		assertThat(visit(live).queued).containsExactly(second.id);
	}

	@Test
	void queuedTasksAreReadFromTheirSlotsInSubmissionOrderUntilTheirFirstPoll() {
		LiveTasks live = new LiveTasks();
		List<TaskRecord> records = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			TaskRecord record = queued();
			records.add(record);
			live.add(record);
		}
		Visited visited = visit(live);
		assertThat(visited.queued).hasSize(100_000).isSorted();
		assertThat(visited.groups).containsOnly(3);
		for (int i = 0; i < 100_000; i += 2) {
			live.polled(records.get(i));
		}
		visited = visit(live);
		assertThat(visited.queued).hasSize(50_000).allMatch((id) -> id % 2 == 0);
		assertThat(visited.tasks).hasSize(50_000).allMatch((id) -> id % 2 == 1);
	}

	@Test
	void arraysADrainedQueueNeededAreGivenBack() {
		LiveTasks live = new LiveTasks();
		int first = live.capacity();
		List<TaskRecord> records = new ArrayList<>();
		for (int i = 0; i < 100_000; i++) {
			TaskRecord record = queued();
			records.add(record);
			live.add(record);
		}
		assertThat(live.capacity()).isGreaterThanOrEqualTo(100_000);
		live.release();
		assertThat(live.capacity()).isGreaterThanOrEqualTo(100_000);
		// Drained but the first ten (the oldest, in the first array).
		records.subList(10, 100_000).forEach(live::remove);
		live.release();
		assertThat(live.capacity()).isEqualTo(first);
		assertThat(visit(live).queued)
			.containsExactlyElementsOf(records.subList(0, 10).stream().map((record) -> record.id).toList());
		records.subList(0, 10).forEach(live::remove);
		assertThat(visit(live).queued).isEmpty();
		// Slots free again: a new queue fills the first array from its start.
		TaskRecord next = queued();
		live.add(next);
		assertThat(next.slot()).isLessThan(first);
	}

	@Test
	void concurrentStartsAndStopsLoseNoTaskAndCountNoneTwice() throws Exception {
		LiveTasks live = new LiveTasks();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<List<TaskRecord>>> kept = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			kept.add(threads.submit(() -> {
				List<TaskRecord> left = new ArrayList<>();
				for (int i = 0; i < 20_000; i++) {
					TaskRecord record = queued();
					live.add(record);
					if (i % 2 == 0) {
						live.remove(record);
					}
					else {
						left.add(record);
					}
				}
				return left;
			}));
		}
		Set<Long> expected = new HashSet<>();
		for (Future<List<TaskRecord>> future : kept) {
			future.get().forEach((record) -> expected.add(record.id));
		}
		threads.shutdown();
		Visited visited = visit(live);
		assertThat(visited.queued).hasSize(40_000).doesNotHaveDuplicates();
		assertThat(new HashSet<>(visited.queued)).isEqualTo(expected);
	}

	private TaskRecord queued() {
		TaskRecord record = new TaskRecord(this.ids.incrementAndGet(), TaskKind.EXECUTOR, SITE,
				TestTaskTimes.ended(1, 2), 0, null, this.group);
		record.queued = true;
		return record;
	}

	private static Visited visit(LiveTasks live) {
		Visited visited = new Visited();
		live.forEach(false, visited);
		return visited;
	}

	private static final class Visited implements LiveTasks.Visitor {

		final List<Long> queued = new ArrayList<>();

		final List<Integer> groups = new ArrayList<>();

		final List<Long> tasks = new ArrayList<>();

		@Override
		public void queued(int group, long id, long wakeNanos, TaskRecord record) {
			assertThat(record.id).isEqualTo(id);
			this.queued.add(id);
			this.groups.add(group);
		}

		@Override
		public void task(TaskRecord record) {
			this.tasks.add(record.id);
		}

	}

}
