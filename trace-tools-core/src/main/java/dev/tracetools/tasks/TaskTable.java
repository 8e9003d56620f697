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
 * The live tasks are slots of arrays ({@link LiveTasks}): a task takes one when it starts
 * and keeps it until it stops, so that its first poll changes nothing in the table. A
 * task submitted without a delay is queued until its first poll starts (see
 * {@link TaskRecord#isQueued}): a read counts the queued tasks of each group exactly, and
 * keeps of a million of them only the few a query lists (see {@link ConsoleReading}), in
 * one pass over the slots.
 *
 * @author trace-tools
 */
final class TaskTable {

	/** How often, at most, stopping a task drops the completed tasks past retention. */
	private static final long EXPIRY_INTERVAL_NANOS = 1_000_000_000L;

	private final ConsoleOptions options;

	/** The live tasks, queued or not. */
	private final LiveTasks live = new LiveTasks();

	private final CompletedTasks completed;

	private final LongAdder dropped = new LongAdder();

	private final LongAdder droppedEvents = new LongAdder();

	private final AtomicLong lastExpiryNanos = new AtomicLong(System.nanoTime());

	private final ConcurrentMap<String, ConcurrentMap<String, TaskGroup>> groups = new ConcurrentHashMap<>();

	private final AtomicInteger groupCount = new AtomicInteger();

	/** The groups by index (see {@link TaskGroup#index}). */
	private final List<TaskGroup> groupsByIndex = new CopyOnWriteArrayList<>();

	private final List<Consumer<TaskGroup>> groupListeners = new CopyOnWriteArrayList<>();

	TaskTable(ConsoleOptions options) {
		this.options = options;
		this.completed = new CompletedTasks(options.maxCompletedTasks());
	}

	void started(TaskRecord record) {
		TaskTimes times = record.times;
		record.queued = times.polls() == 0 && times.wakeNanos() - times.createdNanos() <= 0;
		this.live.add(record);
		// The tasks seen are the sum of the groups' (never removed): one count per task.
		record.group.started.increment();
	}

	void stopped(TaskRecord record, long now) {
		this.live.remove(record);
		if (this.completed.add(record)) {
			this.dropped.increment();
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
			this.dropped.add(expired);
		}
		this.live.release();
	}

	/**
	 * Give back the arrays of slots a long queue needed once it has drained (reading
	 * takes this step too, so that an application that stops running tasks keeps none).
	 */
	void release() {
		this.live.release();
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
				seen += group.started.sum();
			}
		}
		return seen;
	}

	/** The tasks dropped, those past retention but not dropped yet included. */
	long dropped(long now) {
		return this.dropped.sum() + this.completed.expired(oldest(now));
	}

	long droppedEvents() {
		return this.droppedEvents.sum();
	}

	int completedInTable(long now) {
		return this.completed.size(oldest(now));
	}

	/**
	 * Visit the tasks in the table now: live ones (in the order of their slots, mostly
	 * the order in which they started, or the reverse), then completed ones within
	 * retention, without copying them. A task that has ended is visited among the
	 * completed ones only (so that the done ones never exceed their cap).
	 */
	void forEach(long now, boolean descending, Consumer<TaskRecord> action) {
		this.live.forEach(descending, (record) -> {
			if (isLive(record)) {
				action.accept(record);
			}
		});
		this.completed.forEach(oldest(now), action);
	}

	/**
	 * Visit the tasks in the table now as {@link #forEach} does, the queued ones from
	 * what their slots say (see {@link LiveTasks.Visitor}), without reading their
	 * records.
	 */
	void forEach(long now, boolean descending, LiveTasks.Visitor visitor) {
		this.live.forEach(descending, new LiveTasks.Visitor() {

			@Override
			public void queued(int group, long id, long wakeNanos, TaskRecord record) {
				visitor.queued(group, id, wakeNanos, record);
			}

			@Override
			public void task(TaskRecord record) {
				if (isLive(record)) {
					visitor.task(record);
				}
			}

		});
		this.completed.forEach(oldest(now), visitor::task);
	}

	/**
	 * Whether a task not removed from the live ones yet is still live (an ended task is
	 * read among the completed ones).
	 */
	static boolean isLive(TaskRecord record) {
		return !record.stopped && record.times.endedNanos() == 0;
	}

	/**
	 * Find a task by id: read one by one (the tables hold no boxed ids).
	 */
	@Nullable TaskRecord find(long id, long now) {
		TaskRecord live = this.live.find(id);
		if (live != null) {
			return live;
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
				return indexed(new TaskGroup(ConsoleLayer.OTHER, executor));
			});
		}
		else {
			group = byName.computeIfAbsent(name, (key) -> {
				created[0] = true;
				this.groupCount.incrementAndGet();
				return indexed(new TaskGroup(name, executor));
			});
		}
		if (created[0]) {
			for (Consumer<TaskGroup> listener : this.groupListeners) {
				listener.accept(group);
			}
		}
		return group;
	}

	private TaskGroup indexed(TaskGroup group) {
		synchronized (this.groupsByIndex) {
			group.index = this.groupsByIndex.size();
			this.groupsByIndex.add(group);
		}
		return group;
	}

	/**
	 * The group of an index.
	 * @param index the index
	 * @return the group
	 */
	TaskGroup group(int index) {
		return this.groupsByIndex.get(index);
	}

	/**
	 * A queued task's first poll starts (on its thread): it is no longer queued.
	 * @param record the task
	 */
	void polled(TaskRecord record) {
		this.live.polled(record);
	}

}
