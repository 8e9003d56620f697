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

import dev.tracetools.executor.TaskKind;
import dev.tracetools.executor.TaskOutcome;
import dev.tracetools.executor.TestTaskTimes;
import dev.tracetools.observe.CallSite;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CompletedTasks}: the last completed tasks, the oldest dropped first.
 */
class CompletedTasksTests {

	private final TaskGroup group = new TaskGroup("Jobs.run", "pool");

	@Test
	void keepsTheLastTasksAndReportsEachDrop() {
		CompletedTasks completed = new CompletedTasks(3);
		List<Boolean> dropped = new ArrayList<>();
		for (int id = 1; id <= 5; id++) {
			dropped.add(completed.add(ended(id, id * 10L)));
		}
		assertThat(dropped).containsExactly(false, false, false, true, true);
		assertThat(completed.size(0)).isEqualTo(3);
		assertThat(completed.find(2, 0)).isNull();
		assertThat(completed.find(5, 0)).isNotNull().extracting((record) -> record.id).isEqualTo(5L);
		List<TaskRecord> kept = new ArrayList<>();
		completed.forEach(0, kept::add);
		assertThat(kept).extracting((record) -> record.id).containsExactlyInAnyOrder(3L, 4L, 5L);
	}

	@Test
	void expiresTasksThatEndedBeforeTheOldestTimeKept() {
		CompletedTasks completed = new CompletedTasks(10);
		for (int id = 1; id <= 4; id++) {
			completed.add(ended(id, id * 10L));
		}
		assertThat(completed.expire(20)).isEqualTo(2);
		assertThat(completed.expire(20)).isZero();
		List<TaskRecord> kept = new ArrayList<>();
		completed.forEach(0, kept::add);
		assertThat(kept).extracting((record) -> record.id).containsExactlyInAnyOrder(3L, 4L);
		// A slot freed by age is reused without counting a drop.
		assertThat(completed.add(ended(5, 50))).isFalse();
	}

	@Test
	void withNoRoomEveryTaskIsDropped() {
		CompletedTasks completed = new CompletedTasks(0);
		assertThat(completed.add(ended(1, 10))).isTrue();
		assertThat(completed.size(0)).isZero();
		assertThat(completed.find(1, 0)).isNull();
	}

	private TaskRecord ended(long id, long endedNanos) {
		TaskRecord record = new TaskRecord(id, TaskKind.EXECUTOR,
				new CallSite("Jobs.run", "com.example.Jobs", "run", "Jobs.java", 12),
				TestTaskTimes.ended(1, endedNanos), 0, null, this.group);
		record.stopped(TaskOutcome.SUCCESS, null, "");
		return record;
	}

}
