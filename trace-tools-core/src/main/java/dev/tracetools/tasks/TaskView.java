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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One row of the task table, as of the moment it was taken: tokio-console's columns and
 * more. Every duration is in nanoseconds; every point in time is in milliseconds since
 * the epoch.
 *
 * @param id the task's id ({@code task.id})
 * @param state its state
 * @param name its name ({@code observed.name})
 * @param kind {@code executor}, {@code async} or {@code scheduled}
 * @param executor the executor's bean name ({@code executor.name})
 * @param location {@code file:line} of the call site
 * @param fields other low-cardinality key values, {@code key=value} separated by spaces
 * @param warnings the names of the warnings it raises
 * @param totalNanos time since it was created, until it was done
 * @param busyNanos time spent in polls (including a poll in progress, and the time its
 * thread was blocked on a future)
 * @param scheduledNanos time between being woken and being polled
 * @param idleNanos total minus busy minus scheduled
 * @param blockedNanos the part of busy time its thread was held waiting for a future
 * (state {@code blocked})
 * @param polls number of polls started
 * @param outcome {@code SUCCESS}, {@code ERROR}, {@code REJECTED} or {@code CANCELLED}
 * once done
 * @param error the class of the exception it ended with
 * @param parentId the id of the task it was spawned from, if any
 * @param parentName the name of the span it was spawned from, if any: for an observation
 * of another library (a request), its name when read while it runs, and the name it
 * stopped with after
 * @param thread the name of the thread of its last poll; for a virtual thread, the JDK's
 * description of it, which names its carrier
 * ({@code VirtualThread[#42,]/runnable@ForkJoinPool-1-worker-3})
 * @param createdAt when it was created (submitted)
 * @param firstPollAt when it was first polled
 * @param lastPollAt when its last poll started
 * @param endedAt when it was done
 * @author trace-tools
 * @since 0.1.0
 */
public record TaskView(long id, TaskState state, String name, String kind, String executor, String location,
		String fields, List<String> warnings, long totalNanos, long busyNanos, long scheduledNanos, long idleNanos,
		long blockedNanos, long polls, @Nullable String outcome, @Nullable String error, @Nullable Long parentId,
		@Nullable String parentName, @Nullable String thread, long createdAt, @Nullable Long firstPollAt,
		@Nullable Long lastPollAt, @Nullable Long endedAt) {

}
