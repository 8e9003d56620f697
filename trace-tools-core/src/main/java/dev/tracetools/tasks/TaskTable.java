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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import dev.tracetools.executor.TaskTimes;
import org.jspecify.annotations.Nullable;

/**
 * The console's table of tasks: the live ones by id, the completed ones kept for a
 * bounded time and number, the groups of tasks by name and executor, and the exact counts
 * of tasks seen and dropped. Only the layer's writes change it: a task started, polled
 * for the first time, stopped (which also drops, at most once a second, the completed
 * tasks older than the retention). Reads at an instant leave out what is older than the
 * retention without dropping it.
 * <p>
 * The live tasks are in two parts. A task submitted without a delay is queued in its
 * group (readable by id, with an exact count, see {@link QueuedTasks}) until its first
 * poll starts: such a task is scheduled, and what a read needs of a million of them
 * (their count, the first rows in most orders, the scheduling-delay warning they raise
 * from a certain age) comes from the count and a few of them. The others (polled at least
 * once, or submitted with a delay, idle until then) are active, read one by one: at most
 * the tasks running or between polls, not the queue.
 *
 * @author trace-tools
 */
final class TaskTable {

	/** How often, at most, stopping a task drops the completed tasks past retention. */
	private static final long EXPIRY_INTERVAL_NANOS = 1_000_000_000L;

	private final ConsoleOptions options;

	/** The live tasks that are not queued. */
	private final ActiveTasks active = new ActiveTasks();

	private final CompletedTasks completed;

	/** The completed tasks dropped by age (those dropped for room count in groups). */
	private final LongAdder expired = new LongAdder();

	private final LongAdder droppedEvents = new LongAdder();

	private final AtomicLong lastExpiryNanos = new AtomicLong(System.nanoTime());

	private final ConcurrentMap<String, ConcurrentMap<String, TaskGroup>> groups = new ConcurrentHashMap<>();

	private final AtomicInteger groupCount = new AtomicInteger();

	private final List<Consumer<TaskGroup>> groupListeners = new CopyOnWriteArrayList<>();

	TaskTable(ConsoleOptions options) {
		this.options = options;
		this.completed = new CompletedTasks(options.maxCompletedTasks());
	}

	void started(TaskRecord record) {
		TaskTimes times = record.times;
		if (times.polls() == 0 && times.wakeNanos() - times.createdNanos() <= 0) {
			record.queued = true;
			record.group.queue(record);
		}
		else {
			this.active.add(record);
		}
		// The tasks seen are the sum of the groups' (never removed): one count per task.
		record.group.started(record);
	}

	/**
	 * A queued task's first poll starts (on its thread): it is active from now on.
	 * @param record the task
	 */
	void polled(TaskRecord record) {
		record.queued = false;
		if (record.group.dequeue(record) && !record.stopped) {
			this.active.add(record);
			if (record.stopped) {
				// Stopped meanwhile (cancelled by another thread): it removed nothing.
				this.active.remove(record);
			}
		}
	}

	void stopped(TaskRecord record, long now) {
		if (!record.queued || !record.group.dequeue(record)) {
			// Active, or made active meanwhile by its first poll on another thread.
			this.active.remove(record);
		}
		if (this.completed.add(record)) {
			// Counted in the group's counts, on this thread (no atomic per task).
			record.group.dropped(record);
		}
		long last = this.lastExpiryNanos.get();
		if (now - last > EXPIRY_INTERVAL_NANOS && this.lastExpiryNanos.compareAndSet(last, now)) {
			expire(now);
		}
	}

	/**
	 * Drop the completed tasks older than the retention now (an explicit step; stopping
	 * tasks takes it once a second).
	 * @param now the current time
	 */
	void expire(long now) {
		int expired = this.completed.expire(oldest(now));
		if (expired > 0) {
			this.expired.add(expired);
		}
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				group.releaseQueue();
				group.foldEndedThreads();
			}
		}
	}

	void droppedEvent() {
		this.droppedEvents.increment();
	}

	private long oldest(long now) {
		return now - this.options.retention().toNanos();
	}

	long seen() {
		long seen = 0;
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				seen += group.started();
			}
		}
		return seen;
	}

	/** The tasks dropped, those past retention but not dropped yet included. */
	long dropped(long now) {
		long dropped = this.expired.sum();
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				dropped += group.dropped();
			}
		}
		return dropped + this.completed.expired(oldest(now));
	}

	long droppedEvents() {
		return this.droppedEvents.sum();
	}

	int completedInTable(long now) {
		return this.completed.size(oldest(now));
	}

	/**
	 * Visit the tasks in the table now: live ones, then completed ones within retention,
	 * without copying them. A task that has ended is visited among the completed ones
	 * only (so that the done ones never exceed their cap).
	 */
	void forEach(long now, Consumer<TaskRecord> action) {
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				group.queued.forEach((record) -> {
					if (isLive(record)) {
						action.accept(record);
					}
				});
			}
		}
		forEachActive(now, action);
	}

	/**
	 * Visit the tasks in the table now but the queued ones: active ones, then completed
	 * ones within retention.
	 */
	void forEachActive(long now, Consumer<TaskRecord> action) {
		this.active.forEach((record) -> {
			if (isLive(record)) {
				action.accept(record);
			}
		});
		this.completed.forEach(oldest(now), action);
	}

	/**
	 * Whether a task not removed from the live ones yet is still live (an ended task is
	 * read among the completed ones).
	 */
	static boolean isLive(TaskRecord record) {
		return !record.stopped && record.times.endedNanos() == 0;
	}

	/**
	 * Find a task by id: read one by one (the tables hold no boxed ids), the queued ones
	 * up to the id.
	 */
	@Nullable TaskRecord find(long id, long now) {
		TaskRecord active = this.active.find(id);
		if (active != null) {
			return active;
		}
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				for (TaskRecord record : group.queued.inOrder(true)) {
					if (record.id >= id) {
						if (record.id == id) {
							return record;
						}
						break;
					}
				}
			}
		}
		return this.completed.find(id, oldest(now));
	}

	/** The groups, by executor then task name. */
	Map<String, ? extends Map<String, TaskGroup>> groups() {
		return this.groups;
	}

	/**
	 * Register a listener told about every new (task name, executor) group, and tell it
	 * about the existing ones now.
	 */
	void onGroup(Consumer<TaskGroup> listener) {
		this.groupListeners.add(listener);
		for (Map<String, TaskGroup> byName : this.groups.values()) {
			for (TaskGroup group : byName.values()) {
				listener.accept(group);
			}
		}
	}

	TaskGroup group(String name, String executor) {
		ConcurrentMap<String, TaskGroup> byName = this.groups.get(executor);
		if (byName == null) {
			byName = this.groups.computeIfAbsent(executor, (key) -> new ConcurrentHashMap<>());
		}
		TaskGroup group = byName.get(name);
		if (group != null) {
			return group;
		}
		boolean[] created = new boolean[1];
		if (this.groupCount.get() >= this.options.maxTaskNames()) {
			group = byName.computeIfAbsent(ConsoleLayer.OTHER, (key) -> {
				created[0] = true;
				return new TaskGroup(ConsoleLayer.OTHER, executor);
			});
		}
		else {
			group = byName.computeIfAbsent(name, (key) -> {
				created[0] = true;
				this.groupCount.incrementAndGet();
				return new TaskGroup(name, executor);
			});
		}
		if (created[0]) {
			for (Consumer<TaskGroup> listener : this.groupListeners) {
				listener.accept(group);
			}
		}
		return group;
	}

}
