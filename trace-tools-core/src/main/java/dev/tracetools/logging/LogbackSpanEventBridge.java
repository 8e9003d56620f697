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

import java.util.Iterator;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.classic.spi.TurboFilterList;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.FilterReply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.LoggingEvent;

/**
 * The bridge from Logback to the {@link LoggingLayer}: an appender on the root logger
 * that hands every log event written while an observation is current to
 * {@link LoggingLayer#record}, which turns it into an event of that span. It runs on the
 * thread that writes the record (before any {@code AsyncAppender}), sees what the logging
 * configuration lets through to the root logger, and takes no lock.
 * <p>
 * It also gives log records the span fields: a {@link TurboFilter}, first in the logger
 * context's list, puts the MDC values of the scopes open on the logging thread into the
 * MDC before the record is made (once per scope, on its first record; the layer removes
 * them when the scope closes), so every appender, encoder and other turbo filter sees
 * them in the record's MDC, and a scope that logs nothing costs no MDC work.
 * <p>
 * It survives Logback's reconfigurations (Spring Boot resets the logger context when it
 * initializes logging and on every reinitialization): a reset-resistant
 * {@link LoggerContextListener} attaches it again after a reset, and when a stop removed
 * even that listener, the layer attaches it again when the next span starts or scope
 * opens. It is never attached twice.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class LogbackSpanEventBridge implements LoggingLayer.Attachment, AutoCloseable {

	/** The name of the bridge's appender on the root logger. */
	public static final String APPENDER_NAME = "TRACE_TOOLS_SPAN_EVENTS";

	private final LoggingLayer layer;

	private final ObservationRegistry registry;

	private final LoggerContext loggerContext;

	private final SpanEventAppender appender = new SpanEventAppender();

	private final SpanFieldsFilter filter = new SpanFieldsFilter();

	private final ResetListener listener = new ResetListener();

	private volatile boolean attached;

	private volatile boolean closed;

	private LogbackSpanEventBridge(LoggingLayer layer, ObservationRegistry registry, LoggerContext loggerContext) {
		this.layer = layer;
		this.registry = registry;
		this.loggerContext = loggerContext;
		this.appender.setName(APPENDER_NAME);
		this.appender.setContext(loggerContext);
		this.filter.setName(APPENDER_NAME);
		this.filter.setContext(loggerContext);
	}

	/**
	 * Attach a bridge to the Logback logger context SLF4J is bound to.
	 * @param layer the layer that records the events
	 * @param registry the registry whose current observation is the span a record is
	 * written in
	 * @return the attached bridge, to {@link #close()} when done
	 * @throws IllegalStateException if SLF4J is not bound to Logback
	 */
	public static LogbackSpanEventBridge attach(LoggingLayer layer, ObservationRegistry registry) {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext loggerContext)) {
			throw new IllegalStateException("SLF4J is bound to " + factory.getClass().getName() + ", not to Logback");
		}
		return attach(layer, registry, loggerContext);
	}

	/**
	 * Attach a bridge to a Logback logger context.
	 * @param layer the layer that records the events
	 * @param registry the registry whose current observation is the span a record is
	 * written in
	 * @param loggerContext the logger context
	 * @return the attached bridge, to {@link #close()} when done
	 */
	public static LogbackSpanEventBridge attach(LoggingLayer layer, ObservationRegistry registry,
			LoggerContext loggerContext) {
		LogbackSpanEventBridge bridge = new LogbackSpanEventBridge(layer, registry, loggerContext);
		bridge.reattach();
		layer.attach(bridge);
		return bridge;
	}

	/**
	 * Whether the bridge's appender is on the root logger now.
	 * @return whether the bridge is attached
	 */
	@Override
	public boolean isAttached() {
		return this.attached;
	}

	/**
	 * How many times the bridge's appender is on the root logger: one while attached.
	 * @return the number of times the appender is attached
	 */
	int attachedAppenders() {
		int count = 0;
		Iterator<Appender<ILoggingEvent>> appenders = this.loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
			.iteratorForAppenders();
		while (appenders.hasNext()) {
			if (appenders.next() == this.appender) {
				count++;
			}
		}
		return count;
	}

	/**
	 * How many times the bridge's turbo filter is in the logger context: one while
	 * attached, first in the list.
	 * @return the number of times the turbo filter is there, or {@code -1} if it is there
	 * but not first
	 */
	int attachedFilters() {
		TurboFilterList filters = this.loggerContext.getTurboFilterList();
		int count = 0;
		for (TurboFilter filter : filters) {
			if (filter == this.filter) {
				count++;
			}
		}
		return (count > 0 && filters.get(0) != this.filter) ? -1 : count;
	}

	/**
	 * Attach the bridge again if a reconfiguration of Logback detached it, and its
	 * listener if a stop of the logger context removed it; does nothing once the bridge
	 * is closed or while the logger context is stopped.
	 */
	@Override
	public void reattach() {
		if (this.closed || !this.loggerContext.isStarted()) {
			return;
		}
		synchronized (this) {
			attachNow();
		}
	}

	private void attachNow() {
		if (this.closed) {
			return;
		}
		if (!this.loggerContext.getCopyOfListenerList().contains(this.listener)) {
			this.loggerContext.addListener(this.listener);
		}
		Logger root = this.loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		if (!root.isAttached(this.appender)) {
			this.appender.start();
			root.addAppender(this.appender);
		}
		TurboFilterList filters = this.loggerContext.getTurboFilterList();
		if (!filters.contains(this.filter)) {
			// First: a filter that accepts or denies a record ends the chain, and one
			// that reads the MDC sees the span fields.
			this.filter.start();
			filters.add(0, this.filter);
		}
		this.attached = true;
	}

	/**
	 * Detach the bridge from Logback for good.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		this.layer.detach(this);
		this.loggerContext.removeListener(this.listener);
		this.loggerContext.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this.appender);
		this.appender.stop();
		this.loggerContext.getTurboFilterList().remove(this.filter);
		this.filter.stop();
		this.attached = false;
	}

	private static org.slf4j.event.Level toSlf4j(Level level) {
		return switch (level.toInt()) {
			case Level.ERROR_INT -> org.slf4j.event.Level.ERROR;
			case Level.WARN_INT -> org.slf4j.event.Level.WARN;
			case Level.INFO_INT -> org.slf4j.event.Level.INFO;
			case Level.DEBUG_INT -> org.slf4j.event.Level.DEBUG;
			default -> org.slf4j.event.Level.TRACE;
		};
	}

	private static SpanLogEvent toSpanEvent(ILoggingEvent event, org.slf4j.event.Level level) {
		IThrowableProxy throwable = event.getThrowableProxy();
		String message = event.getFormattedMessage();
		return new SpanLogEvent(level, event.getLoggerName(), (message != null) ? message : "",
				(throwable != null) ? throwable.getClassName() : null, event.getThreadName(), event.getTimeStamp());
	}

	private final class SpanEventAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

		@Override
		protected void append(ILoggingEvent event) {
			Observation current = LogbackSpanEventBridge.this.registry.getCurrentObservation();
			if (current == null) {
				return;
			}
			org.slf4j.event.Level level = toSlf4j(event.getLevel());
			LogbackSpanEventBridge.this.layer.record(current, level, event.getLoggerName(),
					() -> toSpanEvent(event, level));
		}

		@Override
		public void stop() {
			// A reset of the logger context detaches and stops every appender.
			LogbackSpanEventBridge.this.attached = false;
			super.stop();
		}

	}

	/**
	 * Writes the pending MDC values of the logging thread's open scopes before Logback
	 * makes a record; decides nothing. Called for every log statement, enabled or not, so
	 * it does no more than a thread-local read when nothing is pending.
	 */
	private final class SpanFieldsFilter extends TurboFilter {

		@Override
		public FilterReply decide(@Nullable Marker marker, Logger logger, Level level, @Nullable String format,
				@Nullable Object @Nullable [] params, @Nullable Throwable t) {
			SpanMdc.writePending();
			return FilterReply.NEUTRAL;
		}

		@Override
		public FilterReply decide(Logger logger, LoggingEvent event) {
			SpanMdc.writePending();
			return FilterReply.NEUTRAL;
		}

		@Override
		public void stop() {
			// A reset of the logger context stops and removes every turbo filter.
			LogbackSpanEventBridge.this.attached = false;
			super.stop();
		}

	}

	private final class ResetListener implements LoggerContextListener {

		@Override
		public boolean isResetResistant() {
			return true;
		}

		@Override
		public void onStart(LoggerContext context) {
			reattach();
		}

		@Override
		public void onReset(LoggerContext context) {
			// Called after the reset detached the appenders, before the new
			// configuration.
			reattach();
		}

		@Override
		public void onStop(LoggerContext context) {
			// A stop removes every listener, this one too: the layer attaches again
			// later.
			LogbackSpanEventBridge.this.attached = false;
		}

		@Override
		public void onLevelChange(Logger logger, Level level) {
		}

	}

}
