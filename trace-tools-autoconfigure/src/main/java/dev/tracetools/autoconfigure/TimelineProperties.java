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

package dev.tracetools.autoconfigure;

import java.util.List;

import dev.tracetools.timeline.TimelineOptions;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Properties of the timeline layer, the recorder of recent spans behind
 * {@code /actuator/timeline}. On by default: it keeps the polls and events of the recent
 * spans in memory, within the bounds set here.
 *
 * @param enabled Whether the timeline layer records spans. On by default, within
 * max-spans and max-memory.
 * @param maxSpans Most spans kept. A new span evicts the oldest.
 * @param maxMemory Most memory the kept spans may hold, as estimated from the shallow
 * sizes of what is recorded. The oldest spans are evicted to stay under it.
 * @param maxPollsPerSpan Most polls (busy sections) kept per span, the latest ones. A
 * periodic task keeps its recent runs.
 * @param maxEventsPerSpan Most events (log records, errors) kept per span, the latest
 * ones.
 * @param maxMessageLength Most characters of an event's message that are kept.
 * @param sampleRate Share of root spans (spans without a recorded parent) recorded, above
 * 0 and at most 1. A recorded span's children are always recorded, so trees stay whole.
 * @param include Prefixes of the names of observations recorded. Empty records all.
 * @param exclude Prefixes of the names of observations not recorded. Their children link
 * to the nearest recorded ancestor.
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.timeline")
public record TimelineProperties(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int maxSpans,
		@DefaultValue("32MB") DataSize maxMemory, @DefaultValue("256") int maxPollsPerSpan,
		@DefaultValue("64") int maxEventsPerSpan, @DefaultValue("512") int maxMessageLength,
		@DefaultValue("1.0") double sampleRate, @DefaultValue List<String> include,
		@DefaultValue List<String> exclude) {

	/**
	 * Validate the properties.
	 * @param enabled whether the layer records
	 * @param maxSpans the most spans kept
	 * @param maxMemory the most memory held
	 * @param maxPollsPerSpan the most polls kept per span
	 * @param maxEventsPerSpan the most events kept per span
	 * @param maxMessageLength the most characters per message
	 * @param sampleRate the share of root spans recorded
	 * @param include prefixes of recorded observation names
	 * @param exclude prefixes of observation names not recorded
	 */
	public TimelineProperties {
		requirePositive("max-spans", maxSpans);
		requirePositive("max-memory", maxMemory.toBytes());
		requirePositive("max-polls-per-span", maxPollsPerSpan);
		requirePositive("max-events-per-span", maxEventsPerSpan);
		requirePositive("max-message-length", maxMessageLength);
		if (!(sampleRate > 0.0 && sampleRate <= 1.0)) {
			throw new IllegalArgumentException(
					"trace-tools.timeline.sample-rate must be greater than 0 and at most 1 but was " + sampleRate);
		}
		requireNoBlank("trace-tools.timeline.include", include);
		requireNoBlank("trace-tools.timeline.exclude", exclude);
	}

	private static void requirePositive(String property, long value) {
		if (value <= 0) {
			throw new IllegalArgumentException(
					"trace-tools.timeline." + property + " must be positive but was " + value);
		}
	}

	private static void requireNoBlank(String property, List<String> prefixes) {
		for (String prefix : prefixes) {
			if (prefix.isBlank()) {
				throw new IllegalArgumentException(
						property + " must not contain a blank prefix (it would match every observation)");
			}
		}
	}

	/**
	 * The layer options these properties describe.
	 * @return the options
	 */
	TimelineOptions toOptions() {
		return TimelineOptions.defaults()
			.withMaxSpans(this.maxSpans)
			.withMaxBytes(this.maxMemory.toBytes())
			.withMaxPollsPerSpan(this.maxPollsPerSpan)
			.withMaxEventsPerSpan(this.maxEventsPerSpan)
			.withMaxMessageLength(this.maxMessageLength)
			.withSampleRate(this.sampleRate)
			.withInclude(this.include)
			.withExclude(this.exclude);
	}

}
