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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jspecify.annotations.Nullable;

/**
 * A histogram of durations (poll times or scheduled times) in nanoseconds, as
 * tokio-console shows it: percentiles and buckets. Values above an hour are counted as an
 * hour and as outliers: a percentile or maximum of an hour means "an hour or more".
 *
 * @param count number of values
 * @param minNanos the smallest value
 * @param maxNanos the largest value (at most an hour)
 * @param meanNanos the mean
 * @param percentiles p10, p25, p50, p75, p90, p95 and p99
 * @param outliers number of values above an hour
 * @param highestOutlierNanos the largest of them
 * @param buckets counts in buckets of doubling width
 * @author trace-tools
 * @since 0.1.0
 */
public record HistogramView(long count, long minNanos, long maxNanos, double meanNanos, Map<String, Long> percentiles,
		long outliers, @Nullable Long highestOutlierNanos, List<Bucket> buckets) {

	static final double[] PERCENTILES = { 10, 25, 50, 75, 90, 95, 99 };

	static HistogramView of(@Nullable Histogram histogram, long outliers, long highestOutlier) {
		Map<String, Long> percentiles = new LinkedHashMap<>();
		if (histogram == null || histogram.getTotalCount() == 0) {
			for (double percentile : PERCENTILES) {
				percentiles.put("p" + (int) percentile, 0L);
			}
			return new HistogramView(0, 0, 0, 0, percentiles, outliers, null, List.of());
		}
		for (double percentile : PERCENTILES) {
			percentiles.put("p" + (int) percentile, histogram.getValueAtPercentile(percentile));
		}
		List<Bucket> buckets = new ArrayList<>();
		long from = 0;
		for (HistogramIterationValue value : histogram.logarithmicBucketValues(1024, 2)) {
			long to = value.getValueIteratedTo();
			long count = value.getCountAddedInThisIterationStep();
			if (count > 0 || !buckets.isEmpty()) {
				buckets.add(new Bucket(from, to, count));
			}
			from = to + 1;
		}
		while (!buckets.isEmpty() && buckets.get(buckets.size() - 1).count() == 0) {
			buckets.remove(buckets.size() - 1);
		}
		return new HistogramView(histogram.getTotalCount(), histogram.getMinValue(), histogram.getMaxValue(),
				histogram.getMean(), percentiles, outliers, (outliers > 0) ? highestOutlier : null, buckets);
	}

	/**
	 * One bucket.
	 *
	 * @param fromNanos the smallest value it holds
	 * @param toNanos the largest value it holds
	 * @param count how many values it holds
	 */
	public record Bucket(long fromNanos, long toNanos, long count) {

	}

}
