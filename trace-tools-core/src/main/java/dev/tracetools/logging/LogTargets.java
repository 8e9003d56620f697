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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * Which log records become span events, by logger name: the counterpart of the target
 * filters and exclusions of trace-tools' logger configuration (tracing-subscriber's
 * {@code Targets}).
 * <ul>
 * <li>With no target, every logger is recorded at every level (what the logging
 * configuration lets through: the console output stays the application's logging
 * configuration).</li>
 * <li>With targets, only loggers under a target are recorded, from that target's level
 * up; the target {@value #ROOT} sets the level of every other logger.</li>
 * <li>An exclusion turns a logger and those under it off.</li>
 * </ul>
 * A target or exclusion matches a logger name that equals it or starts with it followed
 * by a {@code .} or {@code $} (so {@code com.example} matches {@code com.example.Jobs}
 * but not {@code com.examples}); the longest match wins, and an exclusion replaces a
 * target of the same name. Unlike trace-tools, names are compared as written (logger
 * names on the JVM are case-sensitive).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class LogTargets {

	/** The target name that sets the level of loggers no other target matches. */
	public static final String ROOT = "root";

	private static final int OFF = Integer.MAX_VALUE;

	private static final int MAX_CACHED_NAMES = 4096;

	private static final LogTargets ALL = new LogTargets(Map.of(), List.of());

	private final Map<String, Integer> thresholds;

	private final int defaultThreshold;

	private final Map<String, Integer> cache = new ConcurrentHashMap<>();

	private LogTargets(Map<String, Level> targets, List<String> exclusions) {
		Map<String, Integer> thresholds = new LinkedHashMap<>();
		Integer root = null;
		for (Map.Entry<String, Level> target : targets.entrySet()) {
			if (ROOT.equalsIgnoreCase(target.getKey())) {
				root = target.getValue().toInt();
			}
			else {
				thresholds.put(target.getKey(), target.getValue().toInt());
			}
		}
		for (String exclusion : exclusions) {
			thresholds.put(exclusion, OFF);
		}
		this.thresholds = Collections.unmodifiableMap(thresholds);
		if (root != null) {
			this.defaultThreshold = root;
		}
		else {
			this.defaultThreshold = targets.isEmpty() ? Level.TRACE.toInt() : OFF;
		}
	}

	/**
	 * Targets that record every logger at every level.
	 * @return the targets
	 */
	public static LogTargets all() {
		return ALL;
	}

	/**
	 * Return a builder of targets.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Whether a record of the given logger at the given level becomes a span event.
	 * @param loggerName the logger's name
	 * @param level the record's level
	 * @return whether it is recorded
	 */
	public boolean isEnabled(String loggerName, Level level) {
		return level.toInt() >= threshold(loggerName);
	}

	private int threshold(String loggerName) {
		if (this.thresholds.isEmpty()) {
			return this.defaultThreshold;
		}
		Integer cached = this.cache.get(loggerName);
		if (cached != null) {
			return cached;
		}
		int threshold = match(loggerName);
		if (this.cache.size() < MAX_CACHED_NAMES) {
			this.cache.put(loggerName, threshold);
		}
		return threshold;
	}

	private int match(String loggerName) {
		int threshold = this.defaultThreshold;
		int longest = -1;
		for (Map.Entry<String, Integer> entry : this.thresholds.entrySet()) {
			String prefix = entry.getKey();
			if (prefix.length() > longest && matches(prefix, loggerName)) {
				longest = prefix.length();
				threshold = entry.getValue();
			}
		}
		return threshold;
	}

	private static boolean matches(String prefix, String loggerName) {
		if (!loggerName.startsWith(prefix)) {
			return false;
		}
		if (loggerName.length() == prefix.length()) {
			return true;
		}
		char next = loggerName.charAt(prefix.length());
		return next == '.' || next == '$';
	}

	@Override
	public String toString() {
		return "LogTargets" + this.thresholds + " default " + levelName(this.defaultThreshold);
	}

	private static String levelName(int threshold) {
		return (threshold == OFF) ? "OFF" : Level.intToLevel(threshold).name();
	}

	/**
	 * Builds {@link LogTargets}.
	 */
	public static final class Builder {

		private final Map<String, Level> targets = new LinkedHashMap<>();

		private final List<String> exclusions = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Record the loggers under a name from a level up.
		 * @param name a logger name, or {@value #ROOT} for every logger no other target
		 * matches
		 * @param level the lowest level recorded
		 * @return this builder
		 */
		public Builder target(String name, Level level) {
			this.targets.put(checkName(name), level);
			return this;
		}

		/**
		 * Never record the loggers under a name.
		 * @param name a logger name
		 * @return this builder
		 */
		public Builder exclude(String name) {
			this.exclusions.add(checkName(name));
			return this;
		}

		private static String checkName(@Nullable String name) {
			if (name == null || name.isBlank()) {
				throw new IllegalArgumentException("A log target must not be empty");
			}
			return name.trim();
		}

		/**
		 * Build the targets.
		 * @return the targets
		 */
		public LogTargets build() {
			if (this.targets.isEmpty() && this.exclusions.isEmpty()) {
				return ALL;
			}
			return new LogTargets(new LinkedHashMap<>(this.targets), List.copyOf(this.exclusions));
		}

	}

}
