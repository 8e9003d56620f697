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

package dev.tracetools.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import dev.tracetools.TraceTools;
import dev.tracetools.TraceToolsLayers;
import dev.tracetools.executor.TaskObservations;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoggingLayer} and {@link LogbackSpanEventBridge}, without Spring.
 *
 * @author trace-tools
 */
class LoggingLayerTests {

	private static final Pattern CLOSE_LINE = Pattern
		.compile(": close time\\.busy=([0-9.]+)(ns|µs|ms|s) time\\.idle=([0-9.]+)(ns|µs|ms|s)$");

	private static final Logger logger = LoggerFactory.getLogger(LoggingLayerTests.class);

	private final LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final RecordingHandler recorded = new RecordingHandler();

	private final ListAppender<ILoggingEvent> spanLines = new ListAppender<>();

	private @Nullable LogbackSpanEventBridge bridge;

	private @Nullable TraceToolsLayers layers;

	private LoggingLayer install(LoggingOptions options) {
		this.registry.observationConfig().observationHandler(this.recorded);
		TraceToolsLayers layers = TraceTools.builder().logging(options).install(this.registry);
		this.layers = layers;
		LoggingLayer layer = layers.layer(LoggingLayer.class);
		assertThat(layer).isNotNull();
		this.bridge = LogbackSpanEventBridge.attach(layer, this.registry, this.loggerContext);
		this.spanLines.setContext(this.loggerContext);
		this.spanLines.start();
		this.loggerContext.getLogger(LoggingLayer.SPAN_LOGGER).addAppender(this.spanLines);
		return layer;
	}

	@AfterEach
	void detach() {
		if (this.bridge != null) {
			this.bridge.close();
		}
		this.loggerContext.getLogger(LoggingLayer.SPAN_LOGGER).detachAppender(this.spanLines);
		if (this.layers != null) {
			this.layers.close();
		}
		MDC.clear();
	}

	@Test
	void logRecordInsideASpanBecomesAnEventOfThatSpan() {
		install(LoggingOptions.defaults());
		TraceTools.observe("crunch", () -> logger.info("crunching {} items", 3)).run();
		assertThat(this.recorded.events).hasSize(1);
		Recorded event = this.recorded.events.get(0);
		assertThat(event.observedName).isEqualTo("crunch");
		assertThat(event.event.getName()).isEqualTo("log");
		assertThat(event.event.getContextualName())
			.isEqualTo("INFO dev.tracetools.logging.LoggingLayerTests: crunching 3 items");
		assertThat(event.event).isInstanceOfSatisfying(SpanLogEvent.class, (log) -> {
			assertThat(log.getLevel()).isEqualTo(Level.INFO);
			assertThat(log.getLoggerName()).isEqualTo(LoggingLayerTests.class.getName());
			assertThat(log.getMessage()).isEqualTo("crunching 3 items");
			assertThat(log.getThreadName()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void exceptionClassIsPartOfTheEventText() {
		install(LoggingOptions.defaults());
		TraceTools.observe("fail", () -> logger.warn("it broke", new IllegalStateException("boom"))).run();
		assertThat(this.recorded.events).singleElement()
			.satisfies((event) -> assertThat(event.event.getContextualName()).isEqualTo(
					"WARN dev.tracetools.logging.LoggingLayerTests: it broke [java.lang.IllegalStateException]"));
	}

	@Test
	void nothingIsRecordedOutsideAnySpan() {
		install(LoggingOptions.defaults());
		logger.info("no span here");
		assertThat(this.recorded.events).isEmpty();
		assertThat(MDC.get(LoggingLayer.MDC_OBSERVED_NAME)).isNull();
	}

	@Test
	void recordsAfterTheCapAreDroppedAfterOneWarning() {
		install(LoggingOptions.builder().maxEventsPerSpan(3).build());
		TraceTools.observe("chatty", () -> {
			for (int i = 0; i < 10; i++) {
				logger.info("line {}", i);
			}
		}).run();
		assertThat(this.recorded.events).extracting((recorded) -> recorded.event.getContextualName())
			.containsExactly("INFO dev.tracetools.logging.LoggingLayerTests: line 0",
					"INFO dev.tracetools.logging.LoggingLayerTests: line 1",
					"INFO dev.tracetools.logging.LoggingLayerTests: line 2",
					"WARN dev.tracetools.logging: log events of this span capped at 3, later ones dropped");
		assertThat(this.recorded.events).extracting((recorded) -> recorded.event.getName()).containsOnly("log");
	}

	@Test
	void capOfZeroRecordsNothing() {
		install(LoggingOptions.builder().maxEventsPerSpan(0).build());
		TraceTools.observe("silent", () -> logger.info("not recorded")).run();
		assertThat(this.recorded.events).isEmpty();
	}

	@Test
	void targetsAndExclusionsSelectWhichRecordsBecomeEvents() {
		install(LoggingOptions.builder()
			.targets(LogTargets.builder().target("test.included", Level.INFO).exclude("test.included.noisy").build())
			.build());
		TraceTools.observe("filtered", () -> {
			LoggerFactory.getLogger("test.included.Jobs").info("kept");
			LoggerFactory.getLogger("test.included.Jobs").debug("below the target's level");
			LoggerFactory.getLogger("test.included.noisy.Poller").error("excluded");
			LoggerFactory.getLogger("test.other.Web").error("not a target");
		}).run();
		assertThat(this.recorded.events).extracting((recorded) -> recorded.event.getContextualName())
			.containsExactly("INFO test.included.Jobs: kept");
	}

	@Test
	void recordInASpanTheLayerIgnoresGoesToTheNearestSpanItSees() {
		install(LoggingOptions.builder().exclude(List.of("ignored")).build());
		TraceTools.observe("outer", () -> {
			Observation ignored = Observation.start("ignored.inner", this.registry);
			try (Observation.Scope scope = ignored.openScope()) {
				logger.info("inside the ignored span");
			}
			ignored.stop();
		}).run();
		assertThat(this.recorded.events).singleElement().satisfies((event) -> {
			assertThat(event.observationName).isEqualTo("tracetools.observe");
			assertThat(event.observedName).isEqualTo("outer");
		});
	}

	@Test
	void eventsCanBeTurnedOff() {
		install(LoggingOptions.builder().events(false).build());
		TraceTools.observe("quiet", () -> logger.info("not an event")).run();
		assertThat(this.recorded.events).isEmpty();
	}

	@Test
	void mdcHoldsTheSpanFieldsWhileItsScopeIsOpenAndRestoresPreviousValues() {
		install(LoggingOptions.defaults());
		MDC.put("traceId", "4bf92f3577b34da6");
		MDC.put(LoggingLayer.MDC_OBSERVED_NAME, "set by the application");
		List<Map<String, String>> seen = new ArrayList<>();
		int line = new Throwable().getStackTrace()[0].getLineNumber() + 1;
		Runnable observed = TraceTools.observe("crunch", () -> {
			logger.info("crunching");
			seen.add(MDC.getCopyOfContextMap());
		});
		observed.run();
		assertThat(seen).singleElement().satisfies((mdc) -> {
			assertThat(mdc).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "crunch")
				.containsEntry("traceId", "4bf92f3577b34da6")
				.doesNotContainKey(LoggingLayer.MDC_TASK_ID);
			assertThat(mdc.get(LoggingLayer.MDC_LOCATION)).startsWith("LoggingLayerTests.java:");
		});
		assertThat(seen.get(0).get(LoggingLayer.MDC_LOCATION)).isEqualTo("LoggingLayerTests.java:" + line);
		assertThat(MDC.get(LoggingLayer.MDC_OBSERVED_NAME)).isEqualTo("set by the application");
		assertThat(MDC.get(LoggingLayer.MDC_LOCATION)).isNull();
		assertThat(MDC.get("traceId")).isEqualTo("4bf92f3577b34da6");
	}

	@Test
	void mdcHoldsTheTaskIdOfATaskAndKeepsItInsideNestedObserveSpans() throws Exception {
		install(LoggingOptions.defaults());
		TaskObservations tasks = new TaskObservations(this.registry, "testExecutor", false);
		List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
		Runnable task = tasks.observe(() -> {
			logger.info("outer");
			seen.add(MDC.getCopyOfContextMap());
			TraceTools.observe("inner", () -> {
				logger.info("inner");
				seen.add(MDC.getCopyOfContextMap());
			}).run();
			seen.add(MDC.getCopyOfContextMap());
		});
		Thread worker = new Thread(task, "worker");
		worker.start();
		worker.join();
		assertThat(seen).hasSize(3);
		String taskId = seen.get(0).get(LoggingLayer.MDC_TASK_ID);
		assertThat(taskId).isNotNull().matches("[0-9]+");
		assertThat(seen.get(1)).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "inner")
			.containsEntry(LoggingLayer.MDC_TASK_ID, taskId);
		assertThat(seen.get(2)).containsEntry(LoggingLayer.MDC_TASK_ID, taskId)
			.containsEntry(LoggingLayer.MDC_OBSERVED_NAME, seen.get(0).get(LoggingLayer.MDC_OBSERVED_NAME));
	}

	@Test
	void linesCarryTheFieldsOfTheInnermostScopeAndTheParentsAgainWhenAChildScopeCloses() throws Exception {
		install(LoggingOptions.defaults());
		TaskObservations tasks = new TaskObservations(this.registry, "testExecutor", false);
		List<ILoggingEvent> lines = new CopyOnWriteArrayList<>();
		Runnable task = tasks.observe(() -> {
			// The task logs nothing before its child: the child's line still carries
			// the task's id.
			TraceTools.observe("inner", () -> lines.add(logLine("in inner"))).run();
			lines.add(logLine("in the task after inner"));
			TraceTools.observe("second", () -> lines.add(logLine("in second"))).run();
			lines.add(logLine("in the task after second"));
		});
		Thread worker = new Thread(task, "worker");
		worker.start();
		worker.join();
		lines.add(logLine("outside"));
		assertThat(lines).hasSize(5);
		Map<String, String> inner = lines.get(0).getMDCPropertyMap();
		Map<String, String> taskAfterInner = lines.get(1).getMDCPropertyMap();
		String taskId = inner.get(LoggingLayer.MDC_TASK_ID);
		assertThat(taskId).isNotNull().matches("[0-9]+");
		assertThat(inner).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "inner");
		assertThat(taskAfterInner).containsEntry(LoggingLayer.MDC_TASK_ID, taskId)
			.doesNotContainEntry(LoggingLayer.MDC_OBSERVED_NAME, "inner")
			.containsKey(LoggingLayer.MDC_OBSERVED_NAME);
		assertThat(taskAfterInner.get(LoggingLayer.MDC_LOCATION)).isNotEqualTo(inner.get(LoggingLayer.MDC_LOCATION));
		assertThat(lines.get(2).getMDCPropertyMap()).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "second")
			.containsEntry(LoggingLayer.MDC_TASK_ID, taskId);
		assertThat(lines.get(3).getMDCPropertyMap()).isEqualTo(taskAfterInner);
		assertThat(lines.get(4).getMDCPropertyMap()).doesNotContainKeys(LoggingLayer.MDC_OBSERVED_NAME,
				LoggingLayer.MDC_LOCATION, LoggingLayer.MDC_TASK_ID);
	}

	@Test
	void fieldsAreRemovedWhenTheScopeClosesAndTheApplicationsValuesComeBack() {
		install(LoggingOptions.defaults());
		MDC.put(LoggingLayer.MDC_OBSERVED_NAME, "set by the application");
		ILoggingEvent[] inside = new ILoggingEvent[1];
		TraceTools.observe("crunch", () -> inside[0] = logLine("inside")).run();
		assertThat(inside[0].getMDCPropertyMap()).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "crunch")
			.containsKey(LoggingLayer.MDC_LOCATION);
		assertThat(logLine("after").getMDCPropertyMap())
			.containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "set by the application")
			.doesNotContainKey(LoggingLayer.MDC_LOCATION);
		assertThat(MDC.get(LoggingLayer.MDC_LOCATION)).isNull();
	}

	@Test
	void lineCarriesTheFieldsWhenAnotherTurboFilterAcceptsIt() {
		install(LoggingOptions.defaults());
		TurboFilter acceptAll = new TurboFilter() {

			@Override
			public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger,
					ch.qos.logback.classic.Level level, String format, Object[] params, Throwable t) {
				return FilterReply.ACCEPT;
			}

		};
		acceptAll.start();
		this.loggerContext.addTurboFilter(acceptAll);
		try {
			ILoggingEvent[] inside = new ILoggingEvent[1];
			TraceTools.observe("crunch", () -> inside[0] = logLine("inside")).run();
			assertThat(inside[0].getMDCPropertyMap()).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "crunch");
		}
		finally {
			this.loggerContext.getTurboFilterList().remove(acceptAll);
		}
	}

	@Test
	void withoutTheLogbackBridgeTheMdcHoldsTheFieldsAsSoonAsTheScopeOpens() {
		install(LoggingOptions.defaults());
		assertThat(this.bridge).isNotNull();
		this.bridge.close();
		List<Map<String, String>> seen = new ArrayList<>();
		TraceTools.observe("crunch", () -> seen.add(MDC.getCopyOfContextMap())).run();
		assertThat(seen).singleElement()
			.satisfies((mdc) -> assertThat(mdc).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "crunch"));
		assertThat(MDC.get(LoggingLayer.MDC_OBSERVED_NAME)).isNull();
	}

	@Test
	void bridgeFilterIsFirstAndAttachedOnceAfterAResetAndGoneWhenClosed() throws Exception {
		install(LoggingOptions.defaults());
		assertThat(this.bridge).isNotNull();
		assertThat(this.bridge.attachedFilters()).isOne();
		try {
			this.loggerContext.reset();
			assertThat(this.bridge.attachedFilters()).isOne();
			ILoggingEvent[] inside = new ILoggingEvent[1];
			TraceTools.observe("after reset", () -> inside[0] = logLine("inside")).run();
			assertThat(inside[0].getMDCPropertyMap()).containsEntry(LoggingLayer.MDC_OBSERVED_NAME, "after reset");
		}
		finally {
			new ContextInitializer(this.loggerContext).autoConfig();
		}
		assertThat(this.bridge.attachedFilters()).isOne();
		this.bridge.close();
		assertThat(this.bridge.attachedFilters()).isZero();
	}

	@Test
	void mdcCanBeTurnedOff() {
		install(LoggingOptions.builder().mdc(false).build());
		List<Map<String, String>> seen = new ArrayList<>();
		TraceTools.observe("crunch", () -> {
			seen.add(MDC.getCopyOfContextMap());
		}).run();
		assertThat(seen).singleElement()
			.satisfies((mdc) -> assertThat(mdc == null || !mdc.containsKey(LoggingLayer.MDC_OBSERVED_NAME)).isTrue());
	}

	@Test
	void noLifecycleLinesByDefault() {
		install(LoggingOptions.defaults());
		TraceTools.observe("crunch", () -> logger.info("hello")).run();
		assertThat(this.spanLines.list).isEmpty();
	}

	@Test
	void fullWritesNewEnterExitAndCloseLikeFmtSpan() {
		install(LoggingOptions.builder().spanEvents(SpanEvents.FULL).build());
		TraceTools.observe("crunch", () -> logger.info("hello")).run();
		assertThat(this.spanLines.list).extracting(ILoggingEvent::getFormattedMessage)
			.satisfiesExactly(
					(line) -> assertThat(line).startsWith("crunch{code.function=")
						.contains(" loc.file=LoggingLayerTests.java ")
						.endsWith(" observed.name=crunch}: new"),
					(line) -> assertThat(line).endsWith("}: enter"), (line) -> assertThat(line).endsWith("}: exit"),
					(line) -> assertThat(line)
						.matches(".*outcome=SUCCESS.*}: close time\\.busy=\\S+ time\\.idle=\\S+"));
		assertThat(this.spanLines.list).extracting(ILoggingEvent::getLevel)
			.containsOnly(ch.qos.logback.classic.Level.INFO);
		// The lifecycle lines are not events of the span they describe.
		assertThat(this.recorded.events).singleElement()
			.satisfies((event) -> assertThat(event.event.getContextualName()).endsWith(": hello"));
	}

	@Test
	void closeLineCarriesTheSpanFieldsInTheMdc() {
		install(LoggingOptions.builder().spanEvents(SpanEvents.CLOSE).build());
		TraceTools.observe("crunch", () -> {
		}).run();
		assertThat(this.spanLines.list).singleElement()
			.satisfies((line) -> assertThat(line.getMDCPropertyMap()).containsEntry(LoggingLayer.MDC_OBSERVED_NAME,
					"crunch"));
		assertThat(MDC.get(LoggingLayer.MDC_OBSERVED_NAME)).isNull();
	}

	@Test
	void closeReportsBusyWhileAScopeIsOpenAndIdleTheRest() throws Exception {
		install(LoggingOptions.builder().spanEvents(SpanEvents.CLOSE).build());
		long started = System.nanoTime();
		Observation observation = Observation.start("work", this.registry);
		try (Observation.Scope scope = observation.openScope()) {
			spin(20);
		}
		long scopeClosed = System.nanoTime();
		// The time measured: the span is idle for 30 ms.
		Thread.sleep(30);
		observation.stop();
		long total = System.nanoTime() - started;
		long[] busyIdle = closeLine("work");
		// The line shows three significant digits: allow for the rounding.
		assertThat(busyIdle[0]).isBetween(TimeUnit.MILLISECONDS.toNanos(20), (scopeClosed - started) * 101 / 100);
		assertThat(busyIdle[1]).isBetween(TimeUnit.MILLISECONDS.toNanos(30), total * 101 / 100);
	}

	@Test
	void overlappingScopesOnSeveralThreadsCountOnce() throws Exception {
		install(LoggingOptions.builder().spanEvents(SpanEvents.CLOSE).build());
		Observation observation = Observation.start("shared", this.registry);
		CountDownLatch opened = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		Thread other = new Thread(() -> {
			try (Observation.Scope scope = observation.openScope()) {
				opened.countDown();
				spin(30);
			}
			done.countDown();
		});
		long start = System.nanoTime();
		long end;
		try (Observation.Scope scope = observation.openScope()) {
			other.start();
			opened.await();
			spin(30);
			done.await();
		}
		end = System.nanoTime();
		observation.stop();
		long[] busyIdle = closeLine("shared");
		// Two threads each busy for 30 ms at the same time: busy is the union, not the
		// sum. The line prints three significant digits, which may round up (by 0.5 %).
		assertThat(busyIdle[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30))
			.isLessThanOrEqualTo(end - start + (end - start) / 200);
	}

	@Test
	void bridgeSurvivesALogbackResetAndIsAttachedOnce() throws Exception {
		install(LoggingOptions.defaults());
		try {
			this.loggerContext.reset();
			assertThat(bridgeAppenders()).isOne();
			TraceTools.observe("after reset", () -> logger.info("still recorded")).run();
			assertThat(this.recorded.events).singleElement()
				.satisfies((event) -> assertThat(event.observedName).isEqualTo("after reset"));
		}
		finally {
			new ContextInitializer(this.loggerContext).autoConfig();
		}
		assertThat(bridgeAppenders()).isOne();
	}

	@Test
	void bridgeSurvivesAStopAndResetAsSpringBootDoesWhenItReinitializesLogging() throws Exception {
		install(LoggingOptions.defaults());
		try {
			// LogbackLoggingSystem.stopAndReset: stop() removes every listener, even
			// reset-resistant ones.
			this.loggerContext.stop();
			this.loggerContext.reset();
		}
		finally {
			new ContextInitializer(this.loggerContext).autoConfig();
			this.loggerContext.start();
		}
		assertThat(this.bridge).isNotNull();
		assertThat(this.bridge.isAttached()).isFalse();
		TraceTools.observe("after reinitialization", () -> logger.info("still recorded")).run();
		assertThat(this.bridge.isAttached()).isTrue();
		assertThat(bridgeAppenders()).isOne();
		assertThat(this.recorded.events).singleElement()
			.satisfies((event) -> assertThat(event.observedName).isEqualTo("after reinitialization"));
		this.loggerContext.reset();
		new ContextInitializer(this.loggerContext).autoConfig();
		assertThat(bridgeAppenders()).isOne();
	}

	@Test
	void closedBridgeIsDetached() {
		install(LoggingOptions.defaults());
		assertThat(bridgeAppenders()).isOne();
		this.bridge.close();
		assertThat(bridgeAppenders()).isZero();
		this.loggerContext.reset();
		assertThat(bridgeAppenders()).isZero();
		try {
			TraceTools.observe("closed", () -> logger.info("not recorded")).run();
		}
		finally {
			try {
				new ContextInitializer(this.loggerContext).autoConfig();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		assertThat(this.recorded.events).isEmpty();
		assertThat(bridgeAppenders()).isZero();
	}

	/**
	 * Log a line through this class's logger and return the record its appenders got,
	 * with the MDC it was logged with.
	 */
	private ILoggingEvent logLine(String message) {
		ListAppender<ILoggingEvent> lines = new ListAppender<>();
		lines.setContext(this.loggerContext);
		lines.start();
		ch.qos.logback.classic.Logger target = this.loggerContext.getLogger(LoggingLayerTests.class);
		target.addAppender(lines);
		try {
			logger.info(message);
		}
		finally {
			target.detachAppender(lines);
		}
		assertThat(lines.list).hasSize(1);
		ILoggingEvent line = lines.list.get(0);
		// Logback reads the MDC into a record when an appender first asks for it, on the
		// logging thread; an AsyncAppender asks at once.
		line.prepareForDeferredProcessing();
		return line;
	}

	private int bridgeAppenders() {
		assertThat(this.bridge).isNotNull();
		return this.bridge.attachedAppenders();
	}

	private long[] closeLine(String spanName) {
		List<String> lines = this.spanLines.list.stream()
			.map(ILoggingEvent::getFormattedMessage)
			.filter((line) -> line.startsWith(spanName + "{"))
			.toList();
		assertThat(lines).hasSize(1);
		Matcher matcher = CLOSE_LINE.matcher(lines.get(0));
		assertThat(matcher.find()).as(lines.get(0)).isTrue();
		return new long[] { nanos(matcher.group(1), matcher.group(2)), nanos(matcher.group(3), matcher.group(4)) };
	}

	static long nanos(String value, String unit) {
		double factor = switch (unit) {
			case "ns" -> 1;
			case "µs" -> 1e3;
			case "ms" -> 1e6;
			default -> 1e9;
		};
		return (long) (Double.parseDouble(value) * factor);
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() < end) {
			Thread.onSpinWait();
		}
	}

	private record Recorded(String observationName, @Nullable String observedName, Observation.Event event) {
	}

	private static final class RecordingHandler implements ObservationHandler<Observation.Context> {

		private final List<Recorded> events = new CopyOnWriteArrayList<>();

		@Override
		public void onEvent(Observation.Event event, Observation.Context context) {
			String observed = (context instanceof dev.tracetools.observe.ObservedSpanContext span)
					? span.getObservedName() : null;
			this.events.add(new Recorded(context.getName(), observed, event));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
