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
import java.util.function.ToLongFunction;

import dev.tracetools.executor.TaskOutcome;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Task meters read from the console layer's per (task name, executor) counters: nothing
 * is recorded on the hot path but the layer's own counters, and the meters are registered
 * once per pair, when the first task of the pair starts. The number of series is bounded
 * by the layer's cap on task names (tasks beyond it count under the name {@code other}).
 * Tags: {@code task} (the task name) and {@code executor}.
 * <ul>
 * <li>{@code tracetools.tasks.busy}, {@code tracetools.tasks.scheduled},
 * {@code tracetools.tasks.idle}: function counters in seconds (idle time is counted when
 * a task completes);</li>
 * <li>{@code tracetools.tasks.polls}: polls;</li>
 * <li>{@code tracetools.tasks.started}: tasks started;</li>
 * <li>{@code tracetools.tasks.completed}: tasks completed, with tag {@code outcome};</li>
 * <li>{@code tracetools.tasks.active}: gauge of tasks not done.</li>
 * </ul>
 * Micrometer core is an optional dependency: this class is the only one of the layer that
 * uses it.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskMeters implements MeterBinder {

	private final ConsoleLayer layer;

	/**
	 * Create the meters of a console layer.
	 * @param layer the layer
	 */
	public TaskMeters(ConsoleLayer layer) {
		this.layer = layer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.layer.onGroup((group) -> register(registry, group));
	}

	private static void register(MeterRegistry registry, TaskGroup group) {
		Tags tags = Tags.of("task", group.name, "executor", group.executor);
		seconds(registry, "tracetools.tasks.busy", "Time tasks spent being polled", tags, group, TaskGroup::busyNanos);
		seconds(registry, "tracetools.tasks.scheduled", "Time tasks waited between being woken and being polled", tags,
				group, TaskGroup::scheduledNanos);
		seconds(registry, "tracetools.tasks.idle", "Time completed tasks spent neither busy nor scheduled", tags, group,
				TaskGroup::idleNanos);
		FunctionCounter.builder("tracetools.tasks.polls", group, TaskGroup::polls)
			.description("Polls (runs) of tasks")
			.baseUnit("polls")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder("tracetools.tasks.started", group, TaskGroup::started)
			.description("Tasks started (submitted)")
			.baseUnit(BaseUnits.TASKS)
			.tags(tags)
			.register(registry);
		for (TaskOutcome outcome : TaskOutcome.values()) {
			FunctionCounter.builder("tracetools.tasks.completed", group, (counted) -> counted.completed(outcome))
				.description("Tasks completed, by outcome")
				.baseUnit(BaseUnits.TASKS)
				.tags(tags)
				.tag("outcome", outcome.name())
				.register(registry);
		}
		Gauge.builder("tracetools.tasks.active", group, TaskGroup::active)
			.description("Tasks started and not done")
			.baseUnit(BaseUnits.TASKS)
			.tags(tags)
			.register(registry);
	}

	private static void seconds(MeterRegistry registry, String name, String description, Tags tags, TaskGroup group,
			ToLongFunction<TaskGroup> nanos) {
		FunctionCounter
			.builder(name, group, (counted) -> nanos.applyAsLong(counted) / (double) TimeUnit.SECONDS.toNanos(1))
			.description(description)
			.baseUnit("seconds")
			.tags(tags)
			.register(registry);
	}

}
