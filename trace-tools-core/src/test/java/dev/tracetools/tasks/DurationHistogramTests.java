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

import java.util.SplittableRandom;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.PackedHistogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DurationHistogram}: what the console shows of a group's durations is
 * what an {@link AtomicHistogram} of the same range and precision shows.
 */
class DurationHistogramTests {

	@Test
	void readsAsAnAtomicHistogramOfTheSameValues() {
		DurationHistogram durations = new DurationHistogram();
		AtomicHistogram expected = new AtomicHistogram(1, TaskRecord.MAX_VALUE, 2);
		SplittableRandom random = new SplittableRandom(13);
		long[] edges = { 0, 1, 255, 256, 511, 512, 1_000, 123_456, 99_999_999, TaskRecord.MAX_VALUE };
		for (long value : edges) {
			durations.record(value);
			expected.recordValue(value);
		}
		for (int i = 0; i < 100_000; i++) {
			// Durations over every power of two up to an hour.
			long value = Math.min(TaskRecord.MAX_VALUE, random.nextLong(1L << random.nextInt(1, 43)));
			durations.record(value);
			expected.recordValue(value);
		}
		assertThat(durations.count()).isEqualTo(expected.getTotalCount());
		assertThat(HistogramView.of(durations.copy(), 0, 0)).isEqualTo(HistogramView.of(expected, 0, 0));
		Histogram merged = new PackedHistogram(2);
		durations.addTo(merged);
		Histogram expectedMerged = new PackedHistogram(2);
		expectedMerged.add(expected);
		assertThat(merged).isEqualTo(expectedMerged);
		assertThat(merged.getValueAtPercentile(99)).isEqualTo(expectedMerged.getValueAtPercentile(99));
	}

	@Test
	void emptyReadsAsEmpty() {
		DurationHistogram durations = new DurationHistogram();
		assertThat(durations.count()).isZero();
		assertThat(HistogramView.of(durations.copy(), 0, 0))
			.isEqualTo(HistogramView.of(new AtomicHistogram(1, TaskRecord.MAX_VALUE, 2), 0, 0));
	}

}
