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

package dev.tracetools.executor;

/**
 * {@link TaskTimes} for tests of other packages, with times they choose.
 */
public final class TestTaskTimes {

	private TestTaskTimes() {
	}

	/**
	 * The times of a task submitted at {@code createdNanos} and ended at
	 * {@code endedNanos} without being polled.
	 * @param createdNanos the submission time
	 * @param endedNanos the end time
	 * @return the times
	 */
	public static TaskTimes ended(long createdNanos, long endedNanos) {
		TaskTimes times = new TaskTimes(createdNanos, createdNanos);
		times.ended(endedNanos);
		return times;
	}

}
