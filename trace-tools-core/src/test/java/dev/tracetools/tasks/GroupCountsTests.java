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

import dev.tracetools.executor.TaskOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link GroupCounts}: sums over the threads that counted, exact, kept when
 * those threads end and their cells are let go.
 */
class GroupCountsTests {

	private final GroupCounts counts = new GroupCounts();

	@Test
	void sumsTheCountsOfEveryThread() throws InterruptedException {
		List<Thread> threads = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			threads.add(new Thread(this::countTasks));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		countTasks();
		assertThat(this.counts.sum(GroupCounts.STARTED)).isEqualTo(5 * 10_000);
		assertThat(this.counts.sum(GroupCounts.BUSY)).isEqualTo(5 * 10_000 * 7);
		assertThat(this.counts.sum(GroupCounts.IDLE)).isEqualTo(5 * 10_000 * 3);
		assertThat(this.counts.completed(TaskOutcome.SUCCESS)).isEqualTo(5 * 5_000);
		assertThat(this.counts.completed(TaskOutcome.ERROR)).isEqualTo(5 * 5_000);
		assertThat(this.counts.active()).isZero();
	}

	@Test
	void theCountsOfThreadsThatEndedStayWhenTheirCellsAreLetGo() throws InterruptedException {
		Thread ended = new Thread(this::countTasks);
		ended.start();
		ended.join();
		GroupCounts.Cell mine = this.counts.add(null, GroupCounts.STARTED, 1);
		assertThat(this.counts.cells()).isEqualTo(2);
		this.counts.foldEndedThreads();
		assertThat(this.counts.cells()).isOne();
		assertThat(this.counts.sum(GroupCounts.STARTED)).isEqualTo(10_001);
		assertThat(this.counts.sum(GroupCounts.BUSY)).isEqualTo(10_000 * 7);
		assertThat(this.counts.completed(TaskOutcome.ERROR)).isEqualTo(5_000);
		assertThat(this.counts.active()).isOne();
		this.counts.completed(mine, TaskOutcome.CANCELLED, 0);
		assertThat(this.counts.active()).isZero();
	}

	private void countTasks() {
		GroupCounts.Cell cell = null;
		for (int i = 0; i < 10_000; i++) {
			cell = this.counts.add(cell, GroupCounts.STARTED, 1);
			cell = this.counts.add(cell, GroupCounts.BUSY, 7);
			cell = this.counts.completed(cell, (i % 2 == 0) ? TaskOutcome.SUCCESS : TaskOutcome.ERROR, 3);
		}
	}

}
