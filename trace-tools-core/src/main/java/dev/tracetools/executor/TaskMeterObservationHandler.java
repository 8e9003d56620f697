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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
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
 * by the tasks of its call site (see {@link TaskContext}), so its meters can be too. With
 * the registry's clock the system clock, a task's timer records the time from its
 * submission to its end as the task's {@link TaskTimes} recorded them (the console's
 * {@code total}), not two more clock reads of its own.
 * <p>
 * The {@code observed.name} tag of task and {@code tracetools.observe} spans is bounded:
 * the first {@code maxNames} distinct names get meters of their own, spans of any further
 * name are counted under {@code observed.name=other} (as the console's meters count task
 * names beyond their cap). An application that names spans after data (an id, a URL)
 * cannot grow the registry without bound. Every other observation is handled as the
 * default handler does.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskMeterObservationHandler extends DefaultMeterObservationHandler {

	/**
	 * A span's state while it runs: a {@link Running}, or, for a task timed by its own
	 * times, its active sample or {@link #TIMED_BY_TASK}.
	 */
	private static final LayerSlot<Object> RUNNING = new LayerSlot<>(Object.class);

	/** The state of a task timed by its own times that has no active sample. */
	private static final Object TIMED_BY_TASK = new Object();

	private static final String NO_ERROR = "none";

	/** The name under which spans beyond the bound on distinct names are counted. */
	public static final String OTHER = "other";

	/** How many distinct {@code observed.name} values get meters when not told. */
	public static final int DEFAULT_MAX_NAMES = 1000;

	private final MeterRegistry registry;

	private final Clock clock;

	private final boolean systemClock;

	private final boolean longTaskTimer;

	private final int maxNames;

	/** The names that have meters of their own; never more than {@link #maxNames}. */
	private final Map<String, Boolean> names = new ConcurrentHashMap<>();

	private final AtomicInteger nameCount = new AtomicInteger();

	/**
	 * Create the handler, with meters for up to {@value #DEFAULT_MAX_NAMES} distinct span
	 * names.
	 * @param registry the registry to record to
	 * @param metersToIgnore the meters not to record, as for the default handler
	 */
	public TaskMeterObservationHandler(MeterRegistry registry, IgnoredMeters... metersToIgnore) {
		this(registry, DEFAULT_MAX_NAMES, metersToIgnore);
	}

	/**
	 * Create the handler.
	 * @param registry the registry to record to
	 * @param maxNames how many distinct {@code observed.name} values get meters of their
	 * own; spans of further names are counted under {@code other}
	 * @param metersToIgnore the meters not to record, as for the default handler
	 */
	public TaskMeterObservationHandler(MeterRegistry registry, int maxNames, IgnoredMeters... metersToIgnore) {
		super(registry, metersToIgnore);
		if (maxNames < 1) {
			throw new IllegalArgumentException("maxNames must be positive but was " + maxNames);
		}
		this.registry = registry;
		this.clock = registry.config().clock();
		this.systemClock = this.clock == Clock.SYSTEM;
		this.longTaskTimer = !Arrays.asList(metersToIgnore).contains(IgnoredMeters.LONG_TASK_TIMER);
		this.maxNames = maxNames;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (!(context instanceof ObservedSpanContext span)) {
			super.onStart(context);
			return;
		}
		LongTaskTimer.Sample active = null;
		if (this.longTaskTimer) {
			LongTaskTimer timer = (span instanceof TaskContext task && !task.hasStoredLowCardinalityKeyValues())
					? timers(task).active()
					: LongTaskTimer.builder(nameOf(span) + ".active")
						.tags(tags(span.getLowCardinalityKeyValues(), null))
						.register(this.registry);
			active = timer.start();
		}
		if (this.systemClock && span instanceof TaskContext) {
			// A task's duration is read from its times (System.nanoTime(), which is the
			// system clock's monotonic time) at the stop: no clock read and no object
			// here.
			RUNNING.put(context, this, (active != null) ? active : TIMED_BY_TASK);
			return;
		}
		RUNNING.put(context, this, new Running(this.clock.monotonicTime(), active));
	}

	@Override
	public void onStop(Observation.Context context) {
		Object running = RUNNING.get(context, this);
		if (running == null || !(context instanceof ObservedSpanContext span)) {
			super.onStop(context);
			return;
		}
		Throwable error = span.getError();
		Timer timer;
		if (error == null && span instanceof TaskContext task && !task.hasStoredLowCardinalityKeyValues()) {
			timer = timers(task).completed(task.getOutcome());
		}
		else {
			timer = Timer.builder(nameOf(span))
				.tags(tags(span.getLowCardinalityKeyValues(),
						(error != null) ? error.getClass().getSimpleName() : NO_ERROR))
				.register(this.registry);
		}
		if (running instanceof Running started) {
			timer.record(this.clock.monotonicTime() - started.startNanos, TimeUnit.NANOSECONDS);
			if (started.active != null) {
				started.active.stop();
			}
			return;
		}
		// A task timed by its times: from its submission to its end (recorded before
		// the span stops).
		TaskTimes times = ((TaskContext) span).times();
		long ended = times.endedNanos();
		long end = (ended != 0) ? ended : this.clock.monotonicTime();
		timer.record(end - times.createdNanos(), TimeUnit.NANOSECONDS);
		if (running instanceof LongTaskTimer.Sample active) {
			active.stop();
		}
	}

	@Override
	public void onEvent(Observation.Event event, Observation.Context context) {
		if (!(context instanceof ObservedSpanContext span)) {
			super.onEvent(event, context);
			return;
		}
		Counter.builder(nameOf(span) + "." + event.getName())
			.tags(tags(span.getLowCardinalityKeyValues(), null))
			.register(this.registry)
			.increment();
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

	private static String nameOf(ObservedSpanContext span) {
		String name = span.getName();
		if (name != null) {
			return name;
		}
		return (span instanceof TaskContext) ? SpanKeys.TASK_OBSERVATION : SpanKeys.OBSERVE_OBSERVATION;
	}

	/**
	 * The meter tags of the given key values: their {@code observed.name} is
	 * {@code other} once {@link #maxNames} other names have meters.
	 */
	private Tags tags(KeyValues keyValues, @Nullable String error) {
		List<Tag> tags = new ArrayList<>();
		for (KeyValue keyValue : keyValues) {
			String value = keyValue.getValue();
			if (keyValue.getKey().equals(SpanKeys.OBSERVED_NAME) && !hasMeters(value)) {
				value = OTHER;
			}
			tags.add(Tag.of(keyValue.getKey(), value));
		}
		if (error != null) {
			tags.add(Tag.of("error", error));
		}
		return Tags.of(tags);
	}

	/**
	 * Whether spans of the given name get meters of their own: the name has them already,
	 * or fewer than {@link #maxNames} names have.
	 */
	private boolean hasMeters(String name) {
		if (this.names.containsKey(name)) {
			return true;
		}
		// Counted before the name is added, so that racing threads never admit more.
		return this.names.computeIfAbsent(name,
				(key) -> (this.nameCount
					.getAndUpdate((count) -> (count < this.maxNames) ? count + 1 : count) < this.maxNames)
							? Boolean.TRUE : null) != null;
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
					.tags(this.handler.tags(this.keyValues.of(null), null))
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
					.tags(this.handler.tags(this.keyValues.of(outcome), NO_ERROR))
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
