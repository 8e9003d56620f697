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
import java.util.Map;

import dev.tracetools.logging.LogTargets;
import dev.tracetools.logging.LoggingOptions;
import dev.tracetools.logging.SpanEvents;
import org.slf4j.event.Level;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.logging.LogLevel;

/**
 * Properties of the trace-tools logging layer: span fields in the MDC, log records as
 * span events, span lifecycle lines. The console output itself stays Spring Boot's
 * logging configuration ({@code logging.*}).
 *
 * @param enabled Whether the logging layer is on. It needs Logback, Spring Boot's default
 * logging system.
 * @param mdc Whether the span's name, location and task id are in the MDC (keys
 * tracetools.observed.name, tracetools.loc and tracetools.task.id) of the log records
 * written while one of its scopes is open on the logging thread (put when the scope's
 * first record is logged), so that structured logging prints them.
 * @param events Whether log records written inside a span become events of that span
 * (event name log, text "LEVEL logger: message"), shown with the task in
 * /actuator/tasks/{id} and sent to tracers as span events.
 * @param spanEvents Which span lifecycle lines the dev.tracetools.span logger writes at
 * INFO, as tracing-subscriber's FmtSpan: none, new, enter, exit, close ("close
 * time.busy=1.23ms time.idle=456µs"), active (enter and exit) or full (all four).
 * @param targets Lowest level, per logger name prefix, of the records that become span
 * events; root sets it for every other logger and off excludes. With no target, every
 * record the logging configuration lets through; with targets, only those of loggers
 * under a target, as trace-tools' target filters.
 * @param exclusions Logger name prefixes whose records never become span events.
 * @param maxEventsPerSpan Most log events recorded per span, so that memory stays
 * bounded. Later records are dropped after one WARN event saying so; 0 records none.
 * @param include Prefixes of the names of the observations the layer sees. Empty (the
 * default) for every observation.
 * @param exclude Prefixes of the names of the observations the layer ignores. A record
 * written inside an ignored span becomes an event of its nearest seen parent.
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.logging")
public record LoggingLayerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("true") boolean mdc,
		@DefaultValue("true") boolean events, @DefaultValue("none") SpanEvents spanEvents,
		@DefaultValue Map<String, LogLevel> targets, @DefaultValue List<String> exclusions,
		@DefaultValue("100") int maxEventsPerSpan, @DefaultValue List<String> include,
		@DefaultValue List<String> exclude) {

	public LoggingLayerProperties {
		if (maxEventsPerSpan < 0) {
			throw new IllegalArgumentException(
					"trace-tools.logging.max-events-per-span must not be negative but was " + maxEventsPerSpan);
		}
		for (String target : targets.keySet()) {
			if (target.isBlank()) {
				throw new IllegalArgumentException("trace-tools.logging.targets must not have an empty logger name");
			}
		}
		check("trace-tools.logging.exclusions", exclusions);
		check("trace-tools.logging.include", include);
		check("trace-tools.logging.exclude", exclude);
	}

	private static void check(String property, List<String> names) {
		for (int i = 0; i < names.size(); i++) {
			if (names.get(i) == null || names.get(i).isBlank()) {
				throw new IllegalArgumentException(property + "[" + i + "] must not be empty");
			}
		}
	}

	/**
	 * The layer's options.
	 * @return the options these properties describe
	 */
	LoggingOptions toOptions() {
		return LoggingOptions.builder()
			.mdc(this.mdc)
			.events(this.events)
			.spanEvents(this.spanEvents)
			.targets(toTargets())
			.maxEventsPerSpan(this.maxEventsPerSpan)
			.include(this.include)
			.exclude(this.exclude)
			.build();
	}

	private LogTargets toTargets() {
		LogTargets.Builder targets = LogTargets.builder();
		this.targets.forEach((name, level) -> {
			if (level == LogLevel.OFF) {
				targets.exclude(name);
			}
			else {
				targets.target(name, toSlf4j(level));
			}
		});
		this.exclusions.forEach(targets::exclude);
		return targets.build();
	}

	private static Level toSlf4j(LogLevel level) {
		return switch (level) {
			case TRACE -> Level.TRACE;
			case DEBUG -> Level.DEBUG;
			case INFO -> Level.INFO;
			case WARN -> Level.WARN;
			default -> Level.ERROR;
		};
	}

}
