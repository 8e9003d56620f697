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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tracetools.flamegraph.FlamegraphLayer;
import dev.tracetools.flamegraph.FlamegraphMode;
import dev.tracetools.flamegraph.FlamegraphOptions;
import dev.tracetools.logging.LoggingLayer;
import dev.tracetools.logging.LoggingOptions;
import dev.tracetools.logging.SpanEvents;
import dev.tracetools.observe.Durations;
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

/**
 * A span that is no task (a request, an {@code @Observe} method inside a task) seen by
 * the flamegraph, the timeline and the {@code close} log line: they time its start, its
 * scope and its stop at the same instants, however long the layers between them take (or
 * the thread waits for a core between two layers).
 *
 * @author trace-tools
 */
class SpanTimesAcrossViewsTests {

	private static final Pattern CLOSE_LINE = Pattern.compile(": close time\\.busy=(\\S+) time\\.idle=(\\S+)$");

	private static final long SLOW_MILLIS = 5;

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();

	private final ListAppender<ILoggingEvent> spanLines = new ListAppender<>();

	// A layer of the user's between the flamegraph and the others, slow at every event.
	private final TraceToolsLayers layers = TraceTools.builder()
		.flamegraph(FlamegraphOptions.defaults())
		.layer(new SlowLayer())
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
	void detach() {
		this.loggerContext.getLogger(LoggingLayer.SPAN_LOGGER).detachAppender(this.spanLines);
	}

	@Test
	void spanHasTheSameBusyAndIdleTimeInEveryViewWhenALayerBetweenThemIsSlow() {
		Observation.createNotStarted("checkout", this.registry).observe(() -> spin(3));

		TimelineLayer timelineLayer = this.layers.layer(TimelineLayer.class);
		assertThat(timelineLayer).isNotNull();
		Timeline.Span span = timelineLayer.timeline().spans().get(0);
		assertThat(span.polls()).hasSize(1);
		Timeline.Poll scope = span.polls().get(0);
		assertThat(scope.endNanos()).isNotNull();
		assertThat(span.stoppedNanos()).isNotNull();
		long busy = scope.endNanos() - scope.startNanos();
		long idle = span.stoppedNanos() - span.createdNanos() - busy;
		assertThat(busy).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(3));
		FlamegraphLayer flamegraph = this.layers.layer(FlamegraphLayer.class);
		assertThat(flamegraph).isNotNull();
		assertThat(flamegraph.flamegraph(FlamegraphMode.BUSY).totalMicros()).isEqualTo(busy / 1000);
		assertThat(this.spanLines.list).singleElement().satisfies((line) -> {
			Matcher close = CLOSE_LINE.matcher(line.getFormattedMessage());
			assertThat(close.find()).as(line.getFormattedMessage()).isTrue();
			assertThat(close.group(1)).isEqualTo(Durations.format(busy));
			assertThat(close.group(2)).isEqualTo(Durations.format(idle));
		});
	}

	private static void spin(long millis) {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (System.nanoTime() - end < 0) {
			LockSupport.parkNanos(100_000);
		}
	}

	/** A layer that takes its time at every event of a span. */
	private static final class SlowLayer implements ObservationHandler<Observation.Context> {

		@Override
		public void onStart(Observation.Context context) {
			spin(SLOW_MILLIS);
		}

		@Override
		public void onScopeOpened(Observation.Context context) {
			spin(SLOW_MILLIS);
		}

		@Override
		public void onScopeClosed(Observation.Context context) {
			spin(SLOW_MILLIS);
		}

		@Override
		public void onStop(Observation.Context context) {
			spin(SLOW_MILLIS);
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
