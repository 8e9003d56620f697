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

package dev.tracetools.timeline;

import java.util.List;

import dev.tracetools.observe.ObservationNameFilter;
import org.jspecify.annotations.Nullable;

/**
 * Options of the {@link TimelineLayer}: which observations are recorded, how many of
 * them, and how much of each. The recorder's memory is bounded twice: by a number of
 * spans (the oldest is forgotten when a new one starts) and by an estimate of the bytes
 * they hold (the oldest spans are forgotten until the estimate fits). Within a span, only
 * the latest polls and events are kept. <pre class="code">
 * TimelineOptions.defaults().withMaxSpans(2_000).withSampleRate(0.1)
 * </pre>
 *
 * @param maxSpans the most spans kept
 * @param maxBytes the most bytes the kept spans may hold, as estimated from the shallow
 * sizes of what is recorded on a 64-bit JVM with compressed references
 * @param maxPollsPerSpan the most polls (busy sections) kept per span: the latest ones
 * @param maxEventsPerSpan the most events (log records, errors) kept per span: the latest
 * ones
 * @param maxMessageLength the most characters of an event's message that are kept
 * @param sampleRate the share of root spans (spans without a recorded parent) recorded,
 * from {@code 0} (exclusive) to {@code 1}; a recorded span's children are always
 * recorded, a skipped span's never, so trees stay whole
 * @param include prefixes of the observation names recorded; all if empty
 * @param exclude prefixes of observation names not recorded; they are transparent: their
 * children link to the nearest recorded ancestor
 * @author trace-tools
 * @since 0.1.0
 */
public record TimelineOptions(int maxSpans, long maxBytes, int maxPollsPerSpan, int maxEventsPerSpan,
		int maxMessageLength, double sampleRate, List<String> include, List<String> exclude) {

	/** The default bound on spans. */
	public static final int DEFAULT_MAX_SPANS = 10_000;

	/** The default bound on the estimated bytes held, 32 MB. */
	public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;

	/** The default bound on polls kept per span. */
	public static final int DEFAULT_MAX_POLLS_PER_SPAN = 256;

	/** The default bound on events kept per span. */
	public static final int DEFAULT_MAX_EVENTS_PER_SPAN = 64;

	/** The default bound on an event message's length. */
	public static final int DEFAULT_MAX_MESSAGE_LENGTH = 512;

	private static final TimelineOptions DEFAULTS = new TimelineOptions(DEFAULT_MAX_SPANS, DEFAULT_MAX_BYTES,
			DEFAULT_MAX_POLLS_PER_SPAN, DEFAULT_MAX_EVENTS_PER_SPAN, DEFAULT_MAX_MESSAGE_LENGTH, 1.0, List.of(),
			List.of());

	/**
	 * Validate the options.
	 * @param maxSpans the most spans kept
	 * @param maxBytes the most estimated bytes held
	 * @param maxPollsPerSpan the most polls kept per span
	 * @param maxEventsPerSpan the most events kept per span
	 * @param maxMessageLength the most characters kept per message
	 * @param sampleRate the share of root spans recorded
	 * @param include prefixes of recorded observation names
	 * @param exclude prefixes of observation names not recorded
	 */
	public TimelineOptions {
		requirePositive("maxSpans", maxSpans);
		requirePositive("maxBytes", maxBytes);
		requirePositive("maxPollsPerSpan", maxPollsPerSpan);
		requirePositive("maxEventsPerSpan", maxEventsPerSpan);
		requirePositive("maxMessageLength", maxMessageLength);
		if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
			throw new IllegalArgumentException("sampleRate must be greater than 0 and at most 1 but was " + sampleRate);
		}
		include = List.copyOf(include);
		exclude = List.copyOf(exclude);
	}

	private static void requirePositive(String name, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(name + " must be positive but was " + value);
		}
	}

	/**
	 * The default options: every observation, at most {@value #DEFAULT_MAX_SPANS} spans
	 * and 32 MB, the latest {@value #DEFAULT_MAX_POLLS_PER_SPAN} polls and
	 * {@value #DEFAULT_MAX_EVENTS_PER_SPAN} events per span, messages cut at
	 * {@value #DEFAULT_MAX_MESSAGE_LENGTH} characters, no sampling.
	 * @return the default options
	 */
	public static TimelineOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy with the given bound on spans.
	 * @param maxSpans the most spans kept
	 * @return the new options
	 */
	public TimelineOptions withMaxSpans(int maxSpans) {
		return new TimelineOptions(maxSpans, this.maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy with the given bound on estimated bytes.
	 * @param maxBytes the most bytes held
	 * @return the new options
	 */
	public TimelineOptions withMaxBytes(long maxBytes) {
		return new TimelineOptions(this.maxSpans, maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy with the given bound on polls kept per span.
	 * @param maxPollsPerSpan the most polls kept per span
	 * @return the new options
	 */
	public TimelineOptions withMaxPollsPerSpan(int maxPollsPerSpan) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy with the given bound on events kept per span.
	 * @param maxEventsPerSpan the most events kept per span
	 * @return the new options
	 */
	public TimelineOptions withMaxEventsPerSpan(int maxEventsPerSpan) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, this.maxPollsPerSpan, maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy with the given bound on message length.
	 * @param maxMessageLength the most characters kept per message
	 * @return the new options
	 */
	public TimelineOptions withMaxMessageLength(int maxMessageLength) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				maxMessageLength, this.sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy that records the given share of root spans.
	 * @param sampleRate the share, greater than 0 and at most 1
	 * @return the new options
	 */
	public TimelineOptions withSampleRate(double sampleRate) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, sampleRate, this.include, this.exclude);
	}

	/**
	 * Return a copy that records only observations whose name starts with one of the
	 * given prefixes.
	 * @param include the prefixes; all observations if empty
	 * @return the new options
	 */
	public TimelineOptions withInclude(List<String> include) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, include, this.exclude);
	}

	/**
	 * Return a copy that does not record observations whose name starts with one of the
	 * given prefixes.
	 * @param exclude the prefixes
	 * @return the new options
	 */
	public TimelineOptions withExclude(List<String> exclude) {
		return new TimelineOptions(this.maxSpans, this.maxBytes, this.maxPollsPerSpan, this.maxEventsPerSpan,
				this.maxMessageLength, this.sampleRate, this.include, exclude);
	}

	/**
	 * Whether observations with the given name are recorded.
	 * @param name the observation's name
	 * @return whether they are recorded
	 */
	public boolean records(@Nullable String name) {
		return ObservationNameFilter.accepts(this.include, this.exclude, name);
	}

}
