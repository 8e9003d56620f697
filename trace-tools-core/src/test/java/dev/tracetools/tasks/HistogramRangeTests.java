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

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for the range of the console's histograms: a task that waited minutes shows its
 * wait, not a false 1 s.
 */
class HistogramRangeTests {

	private static final long WAITED = TimeUnit.SECONDS.toNanos(144);

	@Test
	void scheduledTimesOfMinutesKeepTheirValue() {
		TaskGroup group = new TaskGroup("work", "pool");
		for (int i = 0; i < 100; i++) {
			group.recordScheduled(WAITED);
		}
		HistogramView view = group.scheduledTimes();
		assertThat(view.percentiles().get("p99")).isCloseTo(WAITED, within(WAITED / 100));
		assertThat(view.maxNanos()).isCloseTo(WAITED, within(WAITED / 100));
		assertThat(view.outliers()).isZero();
	}

	@Test
	void pollTimesOfMinutesKeepTheirValue() {
		TaskGroup group = new TaskGroup("work", "pool");
		group.recordPoll(WAITED);
		assertThat(group.pollTimes().percentiles().get("p50")).isCloseTo(WAITED, within(WAITED / 100));
	}

	@Test
	void valuesBeyondAnHourAreOutliersWithTheirHighestValue() {
		TaskGroup group = new TaskGroup("work", "pool");
		long twoHours = TimeUnit.HOURS.toNanos(2);
		group.recordScheduled(twoHours);
		HistogramView view = group.scheduledTimes();
		assertThat(view.outliers()).isOne();
		assertThat(view.highestOutlierNanos()).isEqualTo(twoHours);
	}

}
