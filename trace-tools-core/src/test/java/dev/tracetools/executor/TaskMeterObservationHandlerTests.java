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

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tracetools.TraceTools;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler.IgnoredMeters;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link TaskMeterObservationHandler}: the meters of Micrometer's default
 * handler, for tasks and for every other observation.
 */
class TaskMeterObservationHandlerTests {

	@Test
	void recordsTheMetersOfTheDefaultHandler() {
		Map<String, Long> expected = meters(DefaultMeterObservationHandler::new, false);
		Map<String, Long> actual = meters(TaskMeterObservationHandler::new, false);
		assertThat(actual).isEqualTo(expected)
			.containsKey("tracetools.task{error=none,executor.name=pool,loc.file=TaskMeterObservationHandlerTests.java,"
					+ "loc.line=" + this.successLine + ",observed.name=TaskMeterObservationHandlerTests.meters,"
					+ "outcome=SUCCESS,task.kind=executor}")
			.containsKey("request{error=none}");
		assertThat(actual.keySet()).anyMatch(
				(id) -> id.startsWith("tracetools.task{error=IllegalStateException,") && id.contains("outcome=ERROR"));
		assertThat(actual.keySet())
			.anyMatch((id) -> id.startsWith("tracetools.task.active{") && !id.contains("outcome"));
	}

	@Test
	void recordsTheMetersOfTheDefaultHandlerWhenAFilterAddsKeys() {
		Map<String, Long> expected = meters(DefaultMeterObservationHandler::new, true);
		Map<String, Long> actual = meters(TaskMeterObservationHandler::new, true);
		assertThat(actual).isEqualTo(expected);
		assertThat(actual.keySet()).anyMatch((id) -> id.startsWith("tracetools.task{") && id.contains("region=eu"));
	}

	@Test
	void longTaskTimerCountsRunningTasks() throws Exception {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new TaskMeterObservationHandler(meters));
		TaskObservations observations = new TaskObservations(registry, "pool", false);
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread worker = new Thread(observations.observe(() -> {
			running.countDown();
			await(release);
		}));
		worker.start();
		assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
		LongTaskTimer active = meters.get("tracetools.task.active").longTaskTimer();
		assertThat(active.activeTasks()).isEqualTo(1);
		release.countDown();
		worker.join(5000);
		assertThat(active.activeTasks()).isZero();
		Timer timer = meters.get("tracetools.task").tag("outcome", "SUCCESS").timer();
		assertThat(timer.count()).isOne();
		assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).isPositive();
	}

	@Test
	void taskTimerRecordsTheTaskFromItsSubmissionToItsEnd() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		AtomicReference<TaskContext> task = new AtomicReference<>();
		registry.observationConfig().observationHandler(new TaskMeterObservationHandler(meters));
		registry.observationConfig().observationHandler(new TaskCapture(task));
		new TaskObservations(registry, "pool", false).observe(this::run).run();
		TaskTimes times = task.get().times();
		Timer timer = meters.get("tracetools.task").timer();
		assertThat(timer.count()).isOne();
		assertThat((long) timer.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(times.endedNanos() - times.createdNanos())
			.isPositive();
		assertThat(meters.get("tracetools.task.active").longTaskTimer().activeTasks()).isZero();
	}

	@Test
	void taskTimerReadsTheRegistryClockWhenItIsNotTheSystemClock() {
		MockClock clock = new MockClock();
		MeterRegistry meters = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new TaskMeterObservationHandler(meters));
		Runnable task = () -> clock.add(3, TimeUnit.SECONDS);
		new TaskObservations(registry, "pool", false).observe(task).run();
		assertThat(meters.get("tracetools.task").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(3);
	}

	@Test
	void ignoredLongTaskTimerIsNotRecorded() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new TaskMeterObservationHandler(meters, IgnoredMeters.LONG_TASK_TIMER));
		new TaskObservations(registry, "pool", false).observe(this::run).run();
		assertThat(meters.find("tracetools.task.active").meters()).isEmpty();
		assertThat(meters.get("tracetools.task").timer().count()).isOne();
	}

	@Test
	void boundsTheNamesThatGetMeters() {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new TaskMeterObservationHandler(meters, 100));
		for (int i = 0; i < 12_000; i++) {
			TraceTools.with(registry).observe("user-" + i, this::run).run();
		}
		new TaskObservations(registry, "pool", false).observe(this::run).run();
		assertThat(meters.find("tracetools.observe").timers()).hasSize(101);
		assertThat(meters.find("tracetools.observe.active").longTaskTimers()).hasSize(101);
		assertThat(meters.get("tracetools.observe").tag("observed.name", "user-99").timer().count()).isOne();
		assertThat(meters.get("tracetools.observe").tag("observed.name", "other").timer().count()).isEqualTo(11_900);
		assertThat(meters.get("tracetools.task").tag("observed.name", "other").timer().count()).isOne();
		assertThat(meters.getMeters()).hasSizeLessThan(210);
	}

	@Test
	void refusesABoundBelowOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new TaskMeterObservationHandler(new SimpleMeterRegistry(), 0))
			.withMessage("maxNames must be positive but was 0");
	}

	private int successLine;

	private Map<String, Long> meters(HandlerFactory factory, boolean filterAddsKeys) {
		MeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(factory.create(meters));
		if (filterAddsKeys) {
			ObservationFilter filter = (context) -> context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
			registry.observationConfig().observationFilter(filter);
		}
		Executor executor = (task) -> task.run();
		TaskObservations observations = new TaskObservations(registry, "pool", false);
		for (int i = 0; i < 3; i++) {
			this.successLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
			executor.execute(observations.observe(this::run));
			try {
				executor.execute(observations.observe(this::fail));
			}
			catch (IllegalStateException ex) {
				// Recorded as an error.
			}
		}
		Observation.createNotStarted("request", registry).observe(this::run);
		Map<String, Long> counts = new TreeMap<>();
		for (Meter meter : meters.getMeters()) {
			long count = (meter instanceof Timer timer) ? timer.count()
					: (meter instanceof LongTaskTimer active) ? active.activeTasks() : -1;
			counts.put(meter.getId().getName() + meter.getId()
				.getTags()
				.toString()
				.replace("tag(", "")
				.replace(")", "")
				.replace("[", "{")
				.replace("]", "}")
				.replace(" ", ""), count);
		}
		return counts;
	}

	private void run() {
	}

	private void fail() {
		assertThatIllegalStateException().isThrownBy(() -> {
			throw new IllegalStateException("failed");
		});
		throw new IllegalStateException("failed");
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@FunctionalInterface
	interface HandlerFactory {

		DefaultMeterObservationHandler create(MeterRegistry registry);

	}

	private static final class TaskCapture implements ObservationHandler<Observation.Context> {

		private final AtomicReference<TaskContext> task;

		TaskCapture(AtomicReference<TaskContext> task) {
			this.task = task;
		}

		@Override
		public void onStart(Observation.Context context) {
			if (context instanceof TaskContext started) {
				this.task.set(started);
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
