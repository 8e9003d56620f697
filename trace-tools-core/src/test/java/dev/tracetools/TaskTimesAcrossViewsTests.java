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

package dev.tracetools;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracetools.executor.ObservedExecutors;
import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskObservations;
import dev.tracetools.flamegraph.Flamegraph;
import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.logging.LoggingLayer;
import dev.tracetools.logging.LoggingOptions;
import dev.tracetools.logging.SpanEvents;
import dev.tracetools.observe.Durations;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.ConsoleOptions;
import dev.tracetools.tasks.TaskQuery;
import dev.tracetools.tasks.TaskState;
import dev.tracetools.tasks.TaskView;
import dev.tracetools.tasks.TaskWarning;
import dev.tracetools.timeline.Timeline;
import dev.tracetools.timeline.TimelineLayer;
import dev.tracetools.timeline.TimelineOptions;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One task seen by the four views (the console, the flamegraph's scheduled mode, the
 * timeline and the {@code close} log line): they read one record of its polls, so their
 * numbers are the same.
 *
 * @author trace-tools
 */
class TaskTimesAcrossViewsTests {

	private static final Pattern CLOSE_LINE = Pattern
		.compile(": close time\\.busy=(\\S+) time\\.scheduled=(\\S+) time\\.idle=(\\S+)(?: time\\.blocked=(\\S+))?$");

	private static final long SLOW_STOP_MILLIS = 50;

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final ListAppender<ILoggingEvent> spanLines = new ListAppender<>();

	private final ScheduledExecutorService pool = Executors.newSingleThreadScheduledExecutor();

	private final ScheduledExecutorService observed = ObservedExecutors.wrap(ScheduledExecutorService.class, this.pool,
			new TaskObservations(this.registry, "pool", false));

	private final TraceToolsLayers layers = TraceTools.builder()
		.flamegraph(FlamegraphOptions.defaults())
		.console(ConsoleOptions.defaults()
			.withWarning(TaskWarning.LONG_POLL, ConsoleOptions.WarningRule.of(Duration.ofMillis(50))))
		.timeline(TimelineOptions.defaults())
		.logging(LoggingOptions.builder().spanEvents(SpanEvents.CLOSE).build())
		.build();

	@BeforeEach
	void install() {
		this.layers.installOn(this.registry);
		this.spanLines.setContext(this.loggerContext);
		this.spanLines.start();
		this.loggerContext.getLogger(LoggingLayer.SPAN_LOGGER).addAppender(this.spanLines);
	}

	@AfterEach
	void shutdown() {
		this.loggerContext.getLogger(LoggingLayer.SPAN_LOGGER).detachAppender(this.spanLines);
		this.pool.shutdownNow();
	}

	@Test
	void delayedTaskPolledTwiceWithAWaitBetweenHasTheSameTimesInEveryView() {
		// The pool's only thread is taken (by work that is no task): once its delay
		// expires, the task waits for the thread (scheduled).
		CountDownLatch release = new CountDownLatch(1);
		this.pool.execute(() -> awaitQuietly(release));
		AtomicInteger runs = new AtomicInteger();
		AtomicReference<ScheduledFuture<?>> future = new AtomicReference<>();
		CountDownLatch scheduled = new CountDownLatch(1);
		future.set(this.observed.scheduleWithFixedDelay(() -> {
			awaitQuietly(scheduled);
			spin(5);
			if (runs.incrementAndGet() == 2) {
				// The second poll is the last: the task ends with it.
				future.get().cancel(false);
			}
		}, 10, 20, TimeUnit.MILLISECONDS));
		scheduled.countDown();
		await().ignoreExceptions().until(() -> state(task()) == TaskState.SCHEDULED);
		spin(10);
		release.countDown();
		await().ignoreExceptions().until(() -> state(task()) == TaskState.DONE);

		TaskView console = task();
		assertThat(console.polls()).isEqualTo(2);
		assertThat(console.busyNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(console.scheduledNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
		// The delay (10 ms) and the wait between the polls (20 ms) are idle.
		assertThat(console.idleNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(console.busyNanos() + console.scheduledNanos() + console.idleNanos())
			.isEqualTo(console.totalNanos());

		Timeline.Span span = timelineSpan(console.id());
		Timeline.TaskTimes timeline = span.times();
		assertThat(timeline).isNotNull();
		assertThat(timeline.state()).isEqualTo("done");
		assertThat(
				List.of(timeline.totalNanos(), timeline.busyNanos(), timeline.scheduledNanos(), timeline.idleNanos()))
			.containsExactly(console.totalNanos(), console.busyNanos(), console.scheduledNanos(), console.idleNanos());
		assertThat(span.polls()).hasSize(2);
		long polled = 0;
		for (Timeline.Poll poll : span.polls()) {
			assertThat(poll.endNanos()).isNotNull();
			polled += poll.endNanos() - poll.startNanos();
		}
		assertThat(polled).isEqualTo(console.busyNanos());
		String json = timelineLayer().timeline().toJson();
		assertThat(json).contains("\"busy\":" + micros(console.busyNanos()) + ",\"scheduled\":"
				+ micros(console.scheduledNanos()) + ",\"idle\":" + micros(console.idleNanos()));

		Flamegraph scheduledMode = flamegraphLayer().flamegraph(FlamegraphMode.SCHEDULED);
		assertThat(scheduledMode.totalMicros()).isEqualTo(console.scheduledNanos() / 1000);

		Matcher close = closeLine();
		assertThat(close.group(1)).isEqualTo(Durations.format(console.busyNanos()));
		assertThat(close.group(2)).isEqualTo(Durations.format(console.scheduledNanos()));
		assertThat(close.group(3)).isEqualTo(Durations.format(console.idleNanos()));
		assertThat(close.group(4)).isNull();
	}

	@Test
	void threadBlockedOnAFutureIsBlockedBusyAndALongPollInEveryView() throws Exception {
		CompletableFuture<String> result = new CompletableFuture<>();
		CompletableFuture<String> value = CompletableFuture.supplyAsync(() -> {
			// As Spring's @Async interceptor does with the future the method returned.
			TaskContext context = (TaskContext) this.registry.getCurrentObservation().getContext();
			assertThat(context.blockedOnFuture()).isTrue();
			try {
				return result.get();
			}
			catch (InterruptedException | ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
		}, this.observed);
		await().ignoreExceptions().until(() -> state(task()) == TaskState.BLOCKED);
		spin(60);
		TaskView blocked = task();
		assertThat(blocked.state()).isEqualTo(TaskState.BLOCKED);
		assertThat(blocked.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(blocked.busyNanos()).isGreaterThanOrEqualTo(blocked.blockedNanos());
		assertThat(blocked.warnings()).contains(TaskWarning.LONG_POLL.value());
		assertThat(timelineSpan(blocked.id()).times().state()).isEqualTo("blocked");
		result.complete("done");
		assertThat(value.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		await().ignoreExceptions().until(() -> state(task()) == TaskState.DONE);

		TaskView console = task();
		assertThat(console.polls()).isEqualTo(1);
		assertThat(console.blockedNanos()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(60));
		assertThat(console.busyNanos()).isGreaterThanOrEqualTo(console.blockedNanos());
		// The thread was held: its wait (60 ms and more) is not idle. Half of it allows
		// for
		// a pause of a loaded machine's JVM between the poll's end and the stop.
		assertThat(console.idleNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(console.warnings()).contains(TaskWarning.LONG_POLL.value());
		Timeline.Span span = timelineSpan(console.id());
		assertThat(span.times().blockedNanos()).isEqualTo(console.blockedNanos());
		assertThat(span.polls()).singleElement()
			.satisfies((poll) -> assertThat(poll.blockedNanos()).isEqualTo(console.blockedNanos()));
		assertThat(flamegraphLayer().flamegraph(FlamegraphMode.BUSY).totalMicros())
			.isGreaterThanOrEqualTo(console.blockedNanos() / 1000);
		Matcher close = closeLine();
		assertThat(close.group(1)).isEqualTo(Durations.format(console.busyNanos()));
		assertThat(close.group(4)).isEqualTo(Durations.format(console.blockedNanos()));
	}

	/**
	 * A {@code @Scheduled} run's only poll ends when its scope closes: the observation's
	 * other handlers that stop it before the layers do (a meter or tracing handler) are
	 * not its busy time in any view, and a scope of the run opened again on its thread
	 * (context propagation running work inline) does not end it.
	 */
	@Test
	void scheduledRunHasTheSameBusyTimeInEveryViewWhenAnotherHandlerStopsItSlowly() {
		// Registered after the layers: Micrometer stops the observation in it first.
		this.registry.observationConfig().observationHandler(new SlowToStop(SLOW_STOP_MILLIS));
		Observation run = Observation.createNotStarted(SpanKeys.SCHEDULED_OBSERVATION, this.registry)
			.lowCardinalityKeyValue(SpanKeys.CODE_NAMESPACE, "com.example.Jobs")
			.lowCardinalityKeyValue(SpanKeys.CODE_FUNCTION, "report");
		run.observe(() -> {
			spin(5);
			try (Observation.Scope nested = run.openScope()) {
				spin(1);
			}
			spin(5);
		});

		TaskView console = task();
		assertThat(console.kind()).isEqualTo("scheduled");
		assertThat(console.busyNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(11),
				TimeUnit.MILLISECONDS.toNanos(SLOW_STOP_MILLIS));
		// The run ends with its poll, as an executor task does.
		assertThat(console.totalNanos()).isEqualTo(console.busyNanos());
		assertThat(flamegraphLayer().flamegraph(FlamegraphMode.BUSY).totalMicros())
			.isEqualTo(console.busyNanos() / 1000);
		Timeline.Span span = timelineLayer().timeline().spans().get(0);
		assertThat(span.times().busyNanos()).isEqualTo(console.busyNanos());
		assertThat(span.polls()).singleElement().satisfies((poll) -> {
			assertThat(poll.endNanos()).isEqualTo(span.stoppedNanos());
			assertThat(poll.endNanos() - poll.startNanos()).isEqualTo(console.busyNanos());
		});
		assertThat(closeLine().group(1)).isEqualTo(Durations.format(console.busyNanos()));
	}

	private TaskView task() {
		List<TaskView> tasks = console().snapshot(TaskQuery.all()).tasks();
		assertThat(tasks).hasSize(1);
		return tasks.get(0);
	}

	private static TaskState state(TaskView task) {
		return task.state();
	}

	private Timeline.Span timelineSpan(long taskId) {
		return timelineLayer().timeline()
			.spans()
			.stream()
			.filter((span) -> Long.valueOf(taskId).equals(span.taskId()))
			.findFirst()
			.orElseThrow();
	}

	private Matcher closeLine() {
		assertThat(this.spanLines.list).hasSize(1);
		Matcher matcher = CLOSE_LINE.matcher(this.spanLines.list.get(0).getFormattedMessage());
		assertThat(matcher.find()).as(this.spanLines.list.get(0).getFormattedMessage()).isTrue();
		return matcher;
	}

	private ConsoleLayer console() {
		ConsoleLayer console = this.layers.console();
		assertThat(console).isNotNull();
		return console;
	}

	private TimelineLayer timelineLayer() {
		TimelineLayer timeline = this.layers.layer(TimelineLayer.class);
		assertThat(timeline).isNotNull();
		return timeline;
	}

	private FlamegraphLayer flamegraphLayer() {
		FlamegraphLayer flamegraph = this.layers.layer(FlamegraphLayer.class);
		assertThat(flamegraph).isNotNull();
		return flamegraph;
	}

	private static String micros(long nanos) {
		String whole = Long.toString(nanos / 1000);
		long fraction = nanos % 1000;
		if (fraction == 0) {
			return whole;
		}
		return whole + "." + String.format(Locale.ROOT, "%03d", fraction);
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() - end < 0) {
			LockSupport.parkNanos(100_000);
		}
	}

	/** A handler that takes its time to stop an observation. */
	private static final class SlowToStop implements ObservationHandler<Observation.Context> {

		private final long millis;

		SlowToStop(long millis) {
			this.millis = millis;
		}

		@Override
		public void onStop(Observation.Context context) {
			spin(this.millis);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
