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

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * A histogram of durations from 0 to {@link TaskRecord#MAX_VALUE} that many threads
 * record into without locks, in the buckets of an HdrHistogram of that range at 2
 * significant digits: read into a {@link Histogram}, it equals an {@code AtomicHistogram}
 * that recorded the same values. A value costs one atomic increment (no total count,
 * minimum or maximum is kept: reading computes them from the counts). The counts are made
 * per power of two the values reach (1 KB each), so a group whose durations span a few
 * powers of two holds a few KB, not the 37 KB of a whole hour.
 *
 * @author trace-tools
 */
final class DurationHistogram {

	/** Half the sub-buckets of a bucket (2 significant digits: 256 sub-buckets). */
	private static final int HALF_COUNT = 128;

	private static final int HALF_COUNT_MAGNITUDE = 7;

	/** Values below 256 all go to bucket 0, one sub-bucket per value. */
	private static final long SUB_BUCKET_MASK = 2 * HALF_COUNT - 1;

	private static final int LEADING_ZERO_COUNT_BASE = 64 - HALF_COUNT_MAGNITUDE - 1;

	private static final int BUCKETS = bucket(TaskRecord.MAX_VALUE) + 1;

	private final AtomicReferenceArray<@Nullable AtomicLongArray> buckets = new AtomicReferenceArray<>(BUCKETS);

	/**
	 * Record a value.
	 * @param value the value, from 0 to {@link TaskRecord#MAX_VALUE}
	 */
	void record(long value) {
		int bucket = bucket(value);
		AtomicLongArray counts = this.buckets.get(bucket);
		if (counts == null) {
			counts = counts(bucket);
		}
		counts.getAndIncrement(offset(value, bucket));
	}

	private AtomicLongArray counts(int bucket) {
		AtomicLongArray counts = new AtomicLongArray((bucket == 0) ? 2 * HALF_COUNT : HALF_COUNT);
		if (this.buckets.compareAndSet(bucket, null, counts)) {
			return counts;
		}
		AtomicLongArray existing = this.buckets.get(bucket);
		return (existing != null) ? existing : counts;
	}

	/** The number of values recorded. */
	long count() {
		long count = 0;
		for (int bucket = 0; bucket < BUCKETS; bucket++) {
			AtomicLongArray counts = this.buckets.get(bucket);
			if (counts != null) {
				for (int i = 0; i < counts.length(); i++) {
					count += counts.get(i);
				}
			}
		}
		return count;
	}

	/**
	 * A copy of the values recorded so far.
	 * @return the histogram
	 */
	Histogram copy() {
		Histogram histogram = new Histogram(1, TaskRecord.MAX_VALUE, 2);
		addTo(histogram);
		return histogram;
	}

	/**
	 * Add the values recorded so far to a histogram of 2 significant digits (each as the
	 * lowest value of its sub-bucket, which leaves every figure read from it the same).
	 * @param target the histogram to add to
	 */
	void addTo(Histogram target) {
		for (int bucket = 0; bucket < BUCKETS; bucket++) {
			AtomicLongArray counts = this.buckets.get(bucket);
			if (counts != null) {
				int first = (bucket == 0) ? 0 : HALF_COUNT;
				for (int i = 0; i < counts.length(); i++) {
					long count = counts.get(i);
					if (count > 0) {
						target.recordValueWithCount((long) (first + i) << bucket, count);
					}
				}
			}
		}
	}

	/** HdrHistogram's bucket of a value: the power of two above its sub-buckets. */
	private static int bucket(long value) {
		return LEADING_ZERO_COUNT_BASE - Long.numberOfLeadingZeros(value | SUB_BUCKET_MASK);
	}

	/** The index of a value's sub-bucket in its bucket's counts. */
	private static int offset(long value, int bucket) {
		int subBucket = (int) (value >>> bucket);
		return (bucket == 0) ? subBucket : subBucket - HALF_COUNT;
	}

}
