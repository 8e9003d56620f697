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

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Which recorded spans a {@link Timeline} snapshot holds.
 *
 * @param sinceNanos only spans alive at or after this time (running, or stopped at or
 * after it), in epoch nanoseconds; all if {@code null}
 * @param name only spans whose name or observation name contains this text, ignoring
 * case; all if {@code null}
 * @param limit at most this many spans: the most recently created
 * @author trace-tools
 * @since 0.1.0
 */
public record TimelineQuery(@Nullable Long sinceNanos, @Nullable String name, int limit) {

	private static final TimelineQuery ALL = new TimelineQuery(null, null, Integer.MAX_VALUE);

	/**
	 * Validate the query.
	 * @param sinceNanos the earliest time
	 * @param name the text names contain
	 * @param limit the most spans
	 */
	public TimelineQuery {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit must be positive but was " + limit);
		}
		name = (name != null && !name.isBlank()) ? name.toLowerCase(Locale.ROOT) : null;
	}

	/**
	 * The query for every recorded span.
	 * @return the query
	 */
	public static TimelineQuery all() {
		return ALL;
	}

	/**
	 * Return a copy for spans alive at or after the given time.
	 * @param sinceNanos the time, in epoch nanoseconds
	 * @return the new query
	 */
	public TimelineQuery since(long sinceNanos) {
		return new TimelineQuery(sinceNanos, this.name, this.limit);
	}

	/**
	 * Return a copy for spans whose name contains the given text.
	 * @param name the text, ignoring case
	 * @return the new query
	 */
	public TimelineQuery named(String name) {
		return new TimelineQuery(this.sinceNanos, name, this.limit);
	}

	/**
	 * Return a copy for at most the given number of spans.
	 * @param limit the most spans, the most recently created
	 * @return the new query
	 */
	public TimelineQuery limit(int limit) {
		return new TimelineQuery(this.sinceNanos, this.name, limit);
	}

	boolean matchesName(String spanName, String observation) {
		String text = this.name;
		return text == null || spanName.toLowerCase(Locale.ROOT).contains(text)
				|| observation.toLowerCase(Locale.ROOT).contains(text);
	}

}
