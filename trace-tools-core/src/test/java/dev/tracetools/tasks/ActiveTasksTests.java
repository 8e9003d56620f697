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
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TestTaskTimes;
import dev.tracetools.observe.CallSite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ActiveTasks}: a task's slot is freed once it stops, whichever thread
 * stops it; the slots held grow with the tasks active at once.
 */
class ActiveTasksTests {

	private final TaskGroup group = new TaskGroup("Jobs.run", "pool");

	private final ActiveTasks active = new ActiveTasks();

	@Test
	void aTaskStoppedOnItsOwnThreadFreesItsSlot() {
		TaskRecord record = record(1);
		this.active.add(record);
		assertThat(taken()).containsExactly(record);
		record.stopped(TaskOutcome.SUCCESS, null, "");
		this.active.remove(record);
		assertThat(taken()).isEmpty();
	}

	@Test
	void oneThreadHoldingManyTasksActiveTakesSlotsInProportion() {
		// Say, delayed tasks that one thread scheduled: active from their start.
		List<TaskRecord> records = new ArrayList<>();
		for (int id = 1; id <= 1_000; id++) {
			TaskRecord record = record(id);
			this.active.add(record);
			records.add(record);
		}
		assertThat(taken()).hasSize(1_000);
		assertThat(this.active.capacity()).isLessThanOrEqualTo(4 * 1_000);
		records.forEach(this.active::remove);
		assertThat(taken()).isEmpty();
	}

	@Test
	void tasksStoppedByAnotherThreadWhileTheirFirstPollMakesThemActiveLeaveNoSlotTaken() throws Exception {
		// As TaskTable does: the first poll adds the task, then removes it if it stopped
		// meanwhile; a cancel marks it stopped, then removes it (by its slot, or by
		// finding it when the slot's index is not visible yet).
		List<TaskRecord> records = new ArrayList<>();
		for (int id = 1; id <= 200_000; id++) {
			records.add(record(id));
		}
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			Future<?> polls = threads.submit(() -> {
				for (TaskRecord record : records) {
					if (!record.stopped) {
						this.active.add(record);
						if (record.stopped) {
							this.active.remove(record);
						}
					}
				}
			});
			Future<?> cancels = threads.submit(() -> {
				for (TaskRecord record : records) {
					record.stopped(TaskOutcome.CANCELLED, null, "");
					this.active.remove(record);
				}
			});
			polls.get();
			cancels.get();
		}
		finally {
			threads.shutdown();
		}
		assertThat(taken()).isEmpty();
	}

	private List<TaskRecord> taken() {
		List<TaskRecord> taken = new ArrayList<>();
		this.active.forEach(taken::add);
		return taken;
	}

	private TaskRecord record(long id) {
		return new TaskRecord(id, TaskKind.EXECUTOR, new CallSite("Jobs.run", null, null, null, 0),
				TestTaskTimes.ended(1, 2), 0, null, this.group);
	}

}
