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

package dev.tracetools.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.tracetools.timeline.Timeline;
import dev.tracetools.timeline.TimelineLayer;
import dev.tracetools.timeline.TimelineQuery;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.MimeType;

/**
 * {@link Endpoint @Endpoint} that serves the timeline layer's recent spans. The format
 * follows the request's {@code Accept} header, or the {@code format} query parameter
 * where given:
 * <ul>
 * <li>{@code html} ({@code text/html}, what a browser asks for): a self-contained page
 * that draws one lane per span (children under their parent) with its lifetime, its
 * polls, its idle and scheduled gaps and its events; zoom, pan, filter by name, details
 * from {@code /actuator/tasks/{id}}, and loading a saved JSON file back;</li>
 * <li>{@code json} (the default): the recorded spans as plain JSON, the file format the
 * page loads back;</li>
 * <li>{@code chrome}: the Chrome Trace Event format, which Perfetto
 * ({@code ui.perfetto.dev}) and {@code chrome://tracing} open unchanged.</li>
 * </ul>
 * Filters: {@code since} keeps spans alive at or after a time, given as epoch
 * milliseconds (digits only), an ISO-8601 instant ({@code 2026-11-22T01:00:00Z}), or a
 * duration back from now ({@code 30s}, {@code 5m}, {@code 250ms}, {@code PT1M});
 * {@code name} keeps spans whose name or observation name contains the text (ignoring
 * case); {@code limit} keeps the most recently created spans (the page shows
 * {@value #DEFAULT_PAGE_LIMIT} unless told). {@code DELETE} forgets every recorded span.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Endpoint(id = "timeline")
public class TimelineEndpoint {

	/** How many spans the HTML page shows when no {@code limit} is given. */
	public static final int DEFAULT_PAGE_LIMIT = 1000;

	private static final MimeType TEXT_HTML = MimeType.valueOf("text/html;charset=UTF-8");

	private static final MimeType TEXT_PLAIN = MimeType.valueOf("text/plain;charset=UTF-8");

	private static final MimeType APPLICATION_JSON = MimeType.valueOf("application/json");

	private final TimelineLayer timeline;

	/**
	 * Create an endpoint that serves the given layer's recorder.
	 * @param timeline the timeline layer
	 */
	public TimelineEndpoint(TimelineLayer timeline) {
		this.timeline = timeline;
	}

	/**
	 * The recent spans as plain JSON (or as the {@code format} asks).
	 * @param format {@code html}, {@code json} or {@code chrome}; JSON if absent
	 * @param since only spans alive at or after this time
	 * @param name only spans whose name contains this text
	 * @param limit at most this many spans
	 * @return the timeline, or 400 for a bad parameter
	 */
	@ReadOperation
	public WebEndpointResponse<String> json(@Nullable String format, @Nullable String since, @Nullable String name,
			@Nullable String limit) {
		return respond(Format.JSON, format, since, name, limit);
	}

	/**
	 * The recent spans as an HTML page (or as the {@code format} asks).
	 * @param format {@code html}, {@code json} or {@code chrome}; HTML if absent
	 * @param since only spans alive at or after this time
	 * @param name only spans whose name contains this text
	 * @param limit at most this many spans
	 * @return the timeline, or 400 for a bad parameter
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public WebEndpointResponse<String> html(@Nullable String format, @Nullable String since, @Nullable String name,
			@Nullable String limit) {
		return respond(Format.HTML, format, since, name, limit);
	}

	/**
	 * Forget every recorded span.
	 */
	@DeleteOperation
	public void clear() {
		this.timeline.clear();
	}

	private WebEndpointResponse<String> respond(Format negotiated, @Nullable String formatValue,
			@Nullable String sinceValue, @Nullable String nameValue, @Nullable String limitValue) {
		Format format = negotiated;
		if (formatValue != null) {
			format = Format.of(formatValue);
			if (format == null) {
				return badRequest("Unknown format '" + formatValue + "'; valid values are html, json, chrome");
			}
		}
		TimelineQuery query = TimelineQuery.all();
		if (limitValue != null) {
			Integer limit = parseLimit(limitValue);
			if (limit == null) {
				return badRequest("Invalid limit '" + limitValue + "'; expected a positive whole number of spans");
			}
			query = query.limit(limit);
		}
		else if (format == Format.HTML) {
			query = query.limit(DEFAULT_PAGE_LIMIT);
		}
		if (sinceValue != null) {
			Long sinceNanos = parseSince(sinceValue);
			if (sinceNanos == null) {
				return badRequest("Invalid since '" + sinceValue + "'; expected epoch milliseconds (1795312800000), "
						+ "an ISO-8601 instant (2026-11-22T01:00:00Z) or a duration back from now (30s, 5m, 250ms, "
						+ "PT1M)");
			}
			query = query.since(sinceNanos);
		}
		if (nameValue != null && !nameValue.isBlank()) {
			query = query.named(nameValue);
		}
		Timeline snapshot = this.timeline.timeline(query);
		return switch (format) {
			case HTML -> new WebEndpointResponse<>(snapshot.toHtml(), WebEndpointResponse.STATUS_OK, TEXT_HTML);
			case JSON -> new WebEndpointResponse<>(snapshot.toJson(), WebEndpointResponse.STATUS_OK, APPLICATION_JSON);
			case CHROME ->
				new WebEndpointResponse<>(snapshot.toChromeTrace(), WebEndpointResponse.STATUS_OK, APPLICATION_JSON);
		};
	}

	private static @Nullable Integer parseLimit(String value) {
		try {
			int limit = Integer.parseInt(value.trim());
			return (limit > 0) ? limit : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Parse {@code since} into epoch nanoseconds.
	 */
	static @Nullable Long parseSince(String value) {
		String text = value.trim();
		if (text.isEmpty()) {
			return null;
		}
		try {
			if (text.chars().allMatch(Character::isDigit)) {
				return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
			}
			if (Character.isDigit(text.charAt(0)) && text.contains("T") && text.length() > 10) {
				Instant instant = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
				return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
			}
			Duration back = DurationStyle.detectAndParse(text);
			if (back.isNegative()) {
				return null;
			}
			Instant instant = Instant.now().minus(back);
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
		}
		catch (DateTimeParseException | IllegalArgumentException | ArithmeticException ex) {
			return null;
		}
	}

	private static WebEndpointResponse<String> badRequest(String message) {
		return new WebEndpointResponse<>(message, WebEndpointResponse.STATUS_BAD_REQUEST, TEXT_PLAIN);
	}

	private enum Format {

		HTML, JSON, CHROME;

		static @Nullable Format of(String value) {
			for (Format format : values()) {
				if (format.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
					return format;
				}
			}
			return null;
		}

	}

}
