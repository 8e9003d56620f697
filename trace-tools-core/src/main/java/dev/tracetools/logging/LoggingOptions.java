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
import java.util.List;

import dev.tracetools.observe.ObservationNameFilter;
import io.micrometer.observation.Observation;

/**
 * Options of the {@link LoggingLayer}: which spans it sees, whether it fills the MDC,
 * which span lifecycle lines it writes, which log records become span events and how many
 * per span. <pre class="code">
 * LoggingOptions options = LoggingOptions.builder()
 *     .spanEvents(SpanEvents.CLOSE)
 *     .targets(LogTargets.builder().target("com.example", Level.DEBUG).build())
 *     .build();
 * </pre>
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class LoggingOptions {

	/** The default cap on the log events recorded per span. */
	public static final int DEFAULT_MAX_EVENTS_PER_SPAN = 100;

	private static final LoggingOptions DEFAULTS = builder().build();

	private final SpanEvents spanEvents;

	private final boolean mdc;

	private final boolean events;

	private final LogTargets targets;

	private final int maxEventsPerSpan;

	private final List<String> include;

	private final List<String> exclude;

	/** Whether the layer sees every observation: no filter to run for each one. */
	private final boolean seesAll;

	private LoggingOptions(Builder builder) {
		this.spanEvents = builder.spanEvents;
		this.mdc = builder.mdc;
		this.events = builder.events;
		this.targets = builder.targets;
		this.maxEventsPerSpan = builder.maxEventsPerSpan;
		this.include = List.copyOf(builder.include);
		this.exclude = List.copyOf(builder.exclude);
		this.seesAll = this.include.isEmpty() && this.exclude.isEmpty();
	}

	/**
	 * The default options: every span, MDC on, no lifecycle lines, every log record
	 * becomes an event, at most {@value #DEFAULT_MAX_EVENTS_PER_SPAN} per span.
	 * @return the default options
	 */
	public static LoggingOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a builder of options, starting from the defaults.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Which span lifecycle lines are written.
	 * @return the lifecycle lines
	 */
	public SpanEvents spanEvents() {
		return this.spanEvents;
	}

	/**
	 * Whether the span's name, task id and location are put into the MDC while its scope
	 * is open.
	 * @return whether the MDC is filled
	 */
	public boolean mdc() {
		return this.mdc;
	}

	/**
	 * Whether log records written inside a span become its events.
	 * @return whether log records become span events
	 */
	public boolean events() {
		return this.events;
	}

	/**
	 * Which log records become span events.
	 * @return the targets
	 */
	public LogTargets targets() {
		return this.targets;
	}

	/**
	 * The most log events recorded per span; later ones are dropped.
	 * @return the cap
	 */
	public int maxEventsPerSpan() {
		return this.maxEventsPerSpan;
	}

	/**
	 * Prefixes of the observation names the layer sees; empty for all.
	 * @return the prefixes
	 */
	public List<String> include() {
		return this.include;
	}

	/**
	 * Prefixes of the observation names the layer ignores.
	 * @return the prefixes
	 */
	public List<String> exclude() {
		return this.exclude;
	}

	boolean sees(Observation.Context context) {
		return this.seesAll || ObservationNameFilter.accepts(this.include, this.exclude, context.getName());
	}

	/**
	 * Builds {@link LoggingOptions}.
	 */
	public static final class Builder {

		private SpanEvents spanEvents = SpanEvents.NONE;

		private boolean mdc = true;

		private boolean events = true;

		private LogTargets targets = LogTargets.all();

		private int maxEventsPerSpan = DEFAULT_MAX_EVENTS_PER_SPAN;

		private final List<String> include = new ArrayList<>();

		private final List<String> exclude = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Set which span lifecycle lines are written (default {@link SpanEvents#NONE}).
		 * @param spanEvents the lifecycle lines
		 * @return this builder
		 */
		public Builder spanEvents(SpanEvents spanEvents) {
			this.spanEvents = spanEvents;
			return this;
		}

		/**
		 * Set whether the MDC is filled while a span's scope is open (default on).
		 * @param mdc whether the MDC is filled
		 * @return this builder
		 */
		public Builder mdc(boolean mdc) {
			this.mdc = mdc;
			return this;
		}

		/**
		 * Set whether log records written inside a span become its events (default on).
		 * @param events whether log records become span events
		 * @return this builder
		 */
		public Builder events(boolean events) {
			this.events = events;
			return this;
		}

		/**
		 * Set which log records become span events (default: all).
		 * @param targets the targets
		 * @return this builder
		 */
		public Builder targets(LogTargets targets) {
			this.targets = targets;
			return this;
		}

		/**
		 * Set the most log events recorded per span (default
		 * {@value #DEFAULT_MAX_EVENTS_PER_SPAN}).
		 * @param maxEventsPerSpan the cap, zero or more
		 * @return this builder
		 */
		public Builder maxEventsPerSpan(int maxEventsPerSpan) {
			if (maxEventsPerSpan < 0) {
				throw new IllegalArgumentException("maxEventsPerSpan must not be negative but was " + maxEventsPerSpan);
			}
			this.maxEventsPerSpan = maxEventsPerSpan;
			return this;
		}

		/**
		 * See only observations whose name starts with one of the given prefixes.
		 * @param prefixes the prefixes
		 * @return this builder
		 */
		public Builder include(List<String> prefixes) {
			this.include.addAll(prefixes);
			return this;
		}

		/**
		 * Ignore observations whose name starts with one of the given prefixes.
		 * @param prefixes the prefixes
		 * @return this builder
		 */
		public Builder exclude(List<String> prefixes) {
			this.exclude.addAll(prefixes);
			return this;
		}

		/**
		 * Build the options.
		 * @return the options
		 */
		public LoggingOptions build() {
			return new LoggingOptions(this);
		}

	}

}
