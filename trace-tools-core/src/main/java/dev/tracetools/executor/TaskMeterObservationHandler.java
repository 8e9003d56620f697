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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's {@link DefaultMeterObservationHandler} (the one Spring Boot registers),
 * which records the meters of trace-tools' task spans with the meters looked up once per
 * call site instead of at every start and stop.
 * <p>
 * The same meters, with the same names and tags: a {@code tracetools.task} timer tagged
 * with the task's low-cardinality keys and {@code error}, and, unless ignored, a
 * {@code tracetools.task.active} long task timer. The default handler builds both meters'
 * tags and looks them up in the registry at every start and stop, and keeps its samples
 * in the context's map: most of an observed task's cost. A task's key values are shared
 * by the tasks of its call site (see {@link TaskContext}), so its meters can be too.
 * Every other observation is handled as the default handler does.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskMeterObservationHandler extends DefaultMeterObservationHandler {

	private static final LayerSlot<Running> RUNNING = new LayerSlot<>(Running.class);

	private static final String NO_ERROR = "none";

	private final MeterRegistry registry;

	private final Clock clock;

	private final boolean longTaskTimer;

	/**
	 * Create the handler.
	 * @param registry the registry to record to
	 * @param metersToIgnore the meters not to record, as for the default handler
	 */
	public TaskMeterObservationHandler(MeterRegistry registry, IgnoredMeters... metersToIgnore) {
		super(registry, metersToIgnore);
		this.registry = registry;
		this.clock = registry.config().clock();
		this.longTaskTimer = !Arrays.asList(metersToIgnore).contains(IgnoredMeters.LONG_TASK_TIMER);
	}

	@Override
	public void onStart(Observation.Context context) {
		if (!(context instanceof TaskContext task)) {
			super.onStart(context);
			return;
		}
		LongTaskTimer.Sample active = null;
		if (this.longTaskTimer) {
			LongTaskTimer timer = task.hasStoredLowCardinalityKeyValues()
					? LongTaskTimer.builder(nameOf(task) + ".active")
						.tags(tags(task.getLowCardinalityKeyValues(), null))
						.register(this.registry)
					: timers(task).active();
			active = timer.start();
		}
		RUNNING.put(context, this, new Running(this.clock.monotonicTime(), active));
	}

	@Override
	public void onStop(Observation.Context context) {
		Running running = RUNNING.get(context, this);
		if (running == null || !(context instanceof TaskContext task)) {
			super.onStop(context);
			return;
		}
		Throwable error = task.getError();
		Timer timer;
		if (error == null && !task.hasStoredLowCardinalityKeyValues()) {
			timer = timers(task).completed(task.getOutcome());
		}
		else {
			timer = Timer.builder(nameOf(task))
				.tags(tags(task.getLowCardinalityKeyValues(),
						(error != null) ? error.getClass().getSimpleName() : NO_ERROR))
				.register(this.registry);
		}
		timer.record(this.clock.monotonicTime() - running.startNanos, TimeUnit.NANOSECONDS);
		if (running.active != null) {
			running.active.stop();
		}
	}

	private TaskTimers timers(TaskContext task) {
		TaskKeyValues keyValues = task.keyValues();
		TaskTimers timers = keyValues.timers;
		String name = nameOf(task);
		if (timers == null || timers.handler != this || !timers.name.equals(name)) {
			timers = new TaskTimers(this, name, keyValues);
			keyValues.timers = timers;
		}
		return timers;
	}

	private static String nameOf(TaskContext task) {
		String name = task.getName();
		return (name != null) ? name : SpanKeys.TASK_OBSERVATION;
	}

	private static Tags tags(KeyValues keyValues, @Nullable String error) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			tags.add(Tag.of(keyValue.getKey(), keyValue.getValue()));
		}
		if (error != null) {
			tags.add(Tag.of("error", error));
		}
		return Tags.of(tags);
	}

	/**
	 * The meters of the tasks of one call site, kind and executor, for one handler.
	 */
	static final class TaskTimers {

		final TaskMeterObservationHandler handler;

		final String name;

		private final TaskKeyValues keyValues;

		private volatile @Nullable LongTaskTimer active;

		private final @Nullable Timer[] completed = new Timer[TaskOutcome.values().length + 1];

		TaskTimers(TaskMeterObservationHandler handler, String name, TaskKeyValues keyValues) {
			this.handler = handler;
			this.name = name;
			this.keyValues = keyValues;
		}

		LongTaskTimer active() {
			LongTaskTimer timer = this.active;
			if (timer == null) {
				timer = LongTaskTimer.builder(this.name + ".active")
					.tags(tags(this.keyValues.of(null), null))
					.register(this.handler.registry);
				this.active = timer;
			}
			return timer;
		}

		/**
		 * The timer of the tasks that ended with the given outcome and no error.
		 */
		Timer completed(@Nullable TaskOutcome outcome) {
			int index = (outcome != null) ? outcome.ordinal() + 1 : 0;
			// Racing threads register the same timer: the registry returns one instance.
			Timer timer = this.completed[index];
			if (timer == null) {
				timer = Timer.builder(this.name)
					.tags(tags(this.keyValues.of(outcome), NO_ERROR))
					.register(this.handler.registry);
				this.completed[index] = timer;
			}
			return timer;
		}

	}

	/**
	 * A task's meters while it runs.
	 */
	private static final class Running {

		final long startNanos;

		final LongTaskTimer.@Nullable Sample active;

		Running(long startNanos, LongTaskTimer.@Nullable Sample active) {
			this.startNanos = startNanos;
			this.active = active;
		}

	}

}
