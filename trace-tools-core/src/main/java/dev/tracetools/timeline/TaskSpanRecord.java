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

package dev.tracetools.timeline;

import dev.tracetools.executor.TaskTimes;

/**
 * The record of a task's span (an executor's task, or one of Spring's {@code @Scheduled}
 * runs): its creation and stop are read from the task's {@link TaskTimes}, which recorded
 * them once, not copied (16 bytes less per span).
 *
 * @author trace-tools
 */
final class TaskSpanRecord extends SpanRecord {

	/**
	 * The task's id (a {@code @Scheduled} run's too, see {@link TaskTimes#idOf}), or
	 * {@code 0}.
	 */
	private final long taskId;

	private final TaskTimes times;

	/** The polls of the task recorded here; written by the polling thread. */
	private int seenPolls;

	TaskSpanRecord(long sequence, long taskId, long parentId, String name, SpanSite site, TaskTimes times,
			ThreadLabel thread) {
		super(sequence, parentId, name, site, thread);
		this.taskId = taskId;
		this.times = times;
	}

	@Override
	long taskId() {
		return this.taskId;
	}

	@Override
	long createdNanos() {
		return this.times.createdNanos();
	}

	@Override
	long stoppedNanos() {
		// Written by the code that ran the task before its span stopped (a @Scheduled
		// run's by the first layer that saw it stop), once.
		return this.times.endedNanos();
	}

	@Override
	TaskTimes times() {
		return this.times;
	}

	/**
	 * Whether the task's poll in progress is not recorded here yet.
	 * @return whether it is new
	 */
	boolean isNewPoll() {
		return this.times.polls() != this.seenPolls;
	}

	/**
	 * A new poll of the task recorded here, the record itself for the first one. The
	 * task's polls follow one another (each begins after the previous one ended, on the
	 * thread its executor hands it to), so the polling thread reads which one it is from
	 * the polls seen, with no atomic operation.
	 * @param thread its thread
	 * @return the poll
	 */
	PollEntry newTaskPoll(ThreadLabel thread) {
		TaskTimes times = this.times;
		boolean first = this.seenPolls == 0;
		this.seenPolls = (int) times.polls();
		return poll(first, times.pollStartNanos(), thread, times.wakeNanos());
	}

}
