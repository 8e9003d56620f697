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

import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.tracetools.executor.TaskContext;
import dev.tracetools.executor.TaskTimes;
import dev.tracetools.observe.Durations;
import dev.tracetools.observe.EventClock;
import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.SpanKeys;
import dev.tracetools.observe.SpanNames;
import dev.tracetools.observe.SpanParents;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The logging layer, the counterpart of trace-tools' log layer and of
 * tracing-subscriber's span events:
 * <ul>
 * <li>a log record written while a scope of a trace-tools span is open has in its MDC
 * {@value #MDC_OBSERVED_NAME}, {@value #MDC_LOCATION} ({@code File.java:42}) and, for a
 * task, {@value #MDC_TASK_ID}; the values they replaced come back when the scope closes,
 * so structured logging and pattern layouts show which task wrote a line. With the
 * {@link LogbackSpanEventBridge} attached they are put into the MDC when the scope's
 * first record is logged (a scope that logs nothing costs no MDC work); without it, when
 * the scope opens;</li>
 * <li>log records written while a span is current become {@link SpanLogEvent}s of that
 * span (at most {@link LoggingOptions#maxEventsPerSpan()} each), through a bridge such as
 * {@link LogbackSpanEventBridge};</li>
 * <li>span lifecycle lines through the {@value #SPAN_LOGGER} logger at {@code INFO}, as
 * {@link SpanEvents} selects: {@code new}, {@code enter}, {@code exit} and
 * {@code close time.busy=1.23ms time.idle=456µs}; for a task, its times as every view
 * shows them, {@code close time.busy=1.23ms time.scheduled=12.0µs time.idle=456µs} (and
 * {@code time.blocked} when its thread was blocked on a future).</li>
 * </ul>
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class LoggingLayer implements ObservationHandler<Observation.Context> {

	private static final LayerSlot<LoggedSpan> STATE = new LayerSlot<>(LoggedSpan.class);

	/** The logger of the span lifecycle lines. */
	public static final String SPAN_LOGGER = "dev.tracetools.span";

	/** MDC key of the span's {@code observed.name}. */
	public static final String MDC_OBSERVED_NAME = "tracetools.observed.name";

	/** MDC key of the span's location, {@code File.java:42}. */
	public static final String MDC_LOCATION = "tracetools.loc";

	/** MDC key of the id of the task the span belongs to. */
	public static final String MDC_TASK_ID = "tracetools.task.id";

	static final String CAP_LOGGER = "dev.tracetools.logging";

	private final Logger spanLogger = LoggerFactory.getLogger(SPAN_LOGGER);

	private final LoggingOptions options;

	private final SpanEvents spanEvents;

	private final boolean timing;

	private final boolean mdc;

	/** Whether this layer keeps state for a span, for the walk up parents. */
	private final Predicate<Observation.ContextView> kept = (view) -> STATE.get(view, this) != null;

	private volatile @Nullable Attachment attachment;

	/**
	 * Create a logging layer.
	 * @param options the layer's options
	 */
	public LoggingLayer(LoggingOptions options) {
		this.options = options;
		this.spanEvents = options.spanEvents();
		this.timing = this.spanEvents.onClose();
		this.mdc = options.mdc();
	}

	/**
	 * The layer's options.
	 * @return the options
	 */
	public LoggingOptions options() {
		return this.options;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return this.options.sees(context);
	}

	@Override
	public void onStart(Observation.Context context) {
		checkAttachment();
		// A task's close line reads its times: its span times no scopes of its own.
		boolean timed = this.timing && !(context instanceof TaskContext);
		STATE.put(context, this, timed ? new TimedSpan(EventClock.nanoTime()) : new LoggedSpan());
		if (this.spanEvents.onNew()) {
			writeWithMdc(context, "new");
		}
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		boolean attached = checkAttachment();
		LoggedSpan state = STATE.get(context, this);
		if (state == null) {
			return;
		}
		if (state instanceof TimedSpan timed) {
			timed.enter();
		}
		if (this.mdc && SpanMdc.hasValues(context)) {
			if (attached) {
				// The bridge writes the values before the first record of the scope: a
				// scope that logs nothing costs the MDC nothing.
				SpanMdc.openPending(context);
			}
			else {
				SpanMdc.open(context);
			}
		}
		if (this.spanEvents.onEnter()) {
			write(context, "enter");
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		LoggedSpan state = STATE.get(context, this);
		if (state == null) {
			return;
		}
		if (this.spanEvents.onExit()) {
			write(context, "exit");
		}
		if (this.mdc && SpanMdc.hasValues(context)) {
			SpanMdc.close(context);
		}
		if (this.timing) {
			if (state instanceof TimedSpan timed) {
				timed.exit();
			}
			// The close line reads a scheduled run's poll, which ends here.
			TaskTimes.scopeClosed(context);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		LoggedSpan state = STATE.get(context, this);
		if (state == null) {
			return;
		}
		state.stopped();
		if (this.timing && this.spanLogger.isInfoEnabled()) {
			// Only the close line reads the task's times.
			TaskTimes times = TaskTimes.stopped(context);
			writeWithMdc(context, closeLine(state, times, EventClock.nanoTime()));
		}
	}

	/**
	 * The {@code close} line: a task's times as the task model recorded them (the numbers
	 * every view shows: busy, scheduled and idle add up to the total); for other spans,
	 * tracing-subscriber's busy (scopes open, overlaps counted once) and idle (the rest).
	 */
	private static String closeLine(LoggedSpan state, @Nullable TaskTimes times, long now) {
		if (times != null) {
			TaskTimes.Totals totals = times.totals(now);
			String line = "close time.busy=" + Durations.format(totals.busy()) + " time.scheduled="
					+ Durations.format(totals.scheduled()) + " time.idle=" + Durations.format(totals.idle());
			return (totals.blocked() > 0) ? line + " time.blocked=" + Durations.format(totals.blocked()) : line;
		}
		TimedSpan timed = (TimedSpan) state;
		long busy = Math.max(timed.busyNanos(now), 0);
		long idle = Math.max(timed.totalNanos(now) - busy, 0);
		return "close time.busy=" + Durations.format(busy) + " time.idle=" + Durations.format(idle);
	}

	/**
	 * Record a log record as an event of the span it was written in: the innermost span
	 * this layer sees, starting from the given current observation. Nothing is recorded
	 * outside any span, after the span stopped, for a logger the
	 * {@link LoggingOptions#targets() targets} leave out, or beyond the per-span cap (the
	 * first record over the cap is replaced by one {@code WARN} event saying so).
	 * @param current the observation current on the thread that wrote the record
	 * @param level the record's level
	 * @param loggerName the name of the logger that wrote the record
	 * @param event makes the event, called only if the record is recorded
	 */
	public void record(@Nullable Observation current, Level level, String loggerName, Supplier<SpanLogEvent> event) {
		if (current == null || !this.options.events() || loggerName.startsWith(SPAN_LOGGER)) {
			return;
		}
		Observation span = SpanParents.selfOrNearest(current, this.kept);
		LoggedSpan state = (span != null) ? STATE.get(span.getContext(), this) : null;
		if (span == null || state == null || state.isStopped()
				|| !this.options.targets().isEnabled(loggerName, level)) {
			return;
		}
		int max = this.options.maxEventsPerSpan();
		if (max == 0) {
			return;
		}
		int index = state.nextEvent(max);
		if (index < 0) {
			return;
		}
		if (index < max) {
			span.event(event.get());
		}
		else {
			SpanLogEvent first = event.get();
			span.event(new SpanLogEvent(Level.WARN, CAP_LOGGER,
					"log events of this span capped at " + max + ", later ones dropped", null, first.getThreadName(),
					first.getWallTime()));
		}
	}

	private void write(Observation.Context context, String message) {
		if (this.spanLogger.isInfoEnabled()) {
			this.spanLogger.info(label(context) + ": " + message);
		}
	}

	private void writeWithMdc(Observation.Context context, String message) {
		if (!this.spanLogger.isInfoEnabled()) {
			return;
		}
		boolean withMdc = this.mdc && SpanMdc.hasValues(context);
		if (withMdc) {
			SpanMdc.open(context);
		}
		try {
			this.spanLogger.info(label(context) + ": " + message);
		}
		finally {
			if (withMdc) {
				SpanMdc.close(context);
			}
		}
	}

	/**
	 * The span as tracing-subscriber's fmt layer shows it: its name (the one every view
	 * shows, {@link SpanNames#nameOf}) and its fields,
	 * {@code Jobs.crunch{observed.name=Jobs.crunch loc.file=Jobs.java ...}}.
	 */
	private static String label(Observation.Context context) {
		StringBuilder label = new StringBuilder(128).append(SpanNames.nameOf(context)).append('{');
		int start = label.length();
		for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
			append(label, start, keyValue);
		}
		for (KeyValue keyValue : context.getHighCardinalityKeyValues()) {
			append(label, start, keyValue);
		}
		// A @Scheduled run: the id every view shows it with, as a task has.
		long runId = (context instanceof TaskContext) ? 0 : TaskTimes.idOf(context);
		if (runId != 0) {
			append(label, start, KeyValue.of(SpanKeys.TASK_ID, Long.toString(runId)));
		}
		return label.append('}').toString();
	}

	private static void append(StringBuilder label, int start, KeyValue keyValue) {
		if (label.length() > start) {
			label.append(' ');
		}
		label.append(keyValue.getKey()).append('=').append(keyValue.getValue());
	}

	void attach(Attachment attachment) {
		this.attachment = attachment;
	}

	void detach(Attachment attachment) {
		if (this.attachment == attachment) {
			this.attachment = null;
		}
	}

	/**
	 * Attach the bridge again if a reconfiguration of the logging system detached it.
	 * @return whether a bridge is attached, which writes the MDC values of the scopes
	 * open on a thread before a record is logged there
	 */
	private boolean checkAttachment() {
		Attachment current = this.attachment;
		if (current == null) {
			return false;
		}
		if (!current.isAttached()) {
			current.reattach();
			return current.isAttached();
		}
		return true;
	}

	/**
	 * A bridge from a logging system to {@link #record}, which a reconfiguration of the
	 * logging system can detach: the layer asks it to attach again when a span starts or
	 * a scope opens. While attached, it also writes the MDC values of the scopes open on
	 * a thread ({@link SpanMdc#writePending()}) before a record logged there is made.
	 */
	interface Attachment {

		boolean isAttached();

		void reattach();

	}

}
