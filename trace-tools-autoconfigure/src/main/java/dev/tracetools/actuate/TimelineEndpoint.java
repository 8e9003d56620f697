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

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

import dev.tracetools.query.InvalidParameterException;
import dev.tracetools.query.QueryParameters;
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

	private static final String SINCE_VALUES = "epoch milliseconds from 0 to 9223372036854, an ISO-8601 instant "
			+ "from 1970-01-01T00:00:00Z to 2262-04-11T23:47:16.854775807Z (2026-11-22T01:00:00Z), or a duration "
			+ "back from now reaching no further than 1970-01-01T00:00:00Z (30s, 5m, 250ms, PT1M)";

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
	 * @return the timeline, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation
	public WebEndpointResponse<Object> json(@Nullable String format, @Nullable String since, @Nullable String name,
			@Nullable String limit) {
		return respond(Format.JSON, format, since, name, limit);
	}

	/**
	 * The recent spans as an HTML page (or as the {@code format} asks).
	 * @param format {@code html}, {@code json} or {@code chrome}; HTML if absent
	 * @param since only spans alive at or after this time
	 * @param name only spans whose name contains this text
	 * @param limit at most this many spans
	 * @return the timeline, or 400 with a {@link ParameterError} for a bad parameter
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public WebEndpointResponse<Object> html(@Nullable String format, @Nullable String since, @Nullable String name,
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

	private WebEndpointResponse<Object> respond(Format negotiated, @Nullable String formatValue,
			@Nullable String sinceValue, @Nullable String nameValue, @Nullable String limitValue) {
		Format format;
		TimelineQuery query = TimelineQuery.all();
		try {
			format = Objects.requireNonNullElse(
					QueryParameters.choice("format", formatValue, "html, json, chrome", Format::of), negotiated);
			Long limit = QueryParameters.number("limit", limitValue, 1, Integer.MAX_VALUE, "spans");
			if (limit != null) {
				query = query.limit(limit.intValue());
			}
			else if (format == Format.HTML) {
				query = query.limit(DEFAULT_PAGE_LIMIT);
			}
			Long sinceNanos = parseSince(sinceValue);
			if (sinceNanos != null) {
				query = query.since(sinceNanos);
			}
			String name = QueryParameters.text("name", nameValue);
			if (name != null) {
				query = query.named(name);
			}
		}
		catch (InvalidParameterException ex) {
			return ParameterError.badRequest(ex);
		}
		Timeline snapshot = this.timeline.timeline(query);
		return switch (format) {
			case HTML -> new WebEndpointResponse<>(snapshot.toHtml(), WebEndpointResponse.STATUS_OK, TEXT_HTML);
			case JSON -> new WebEndpointResponse<>(snapshot.toJson(), WebEndpointResponse.STATUS_OK, APPLICATION_JSON);
			case CHROME ->
				new WebEndpointResponse<>(snapshot.toChromeTrace(), WebEndpointResponse.STATUS_OK, APPLICATION_JSON);
		};
	}

	/**
	 * Parse {@code since} into epoch nanoseconds: every form reaches from the epoch to
	 * the last instant whose epoch nanoseconds fit a {@code long}.
	 * @param value the value received
	 * @return the time, or {@code null} if absent or empty
	 * @throws InvalidParameterException if it is none of the forms, or out of range
	 */
	static @Nullable Long parseSince(@Nullable String value) {
		String text = QueryParameters.text("since", value);
		if (text == null) {
			return null;
		}
		try {
			if (text.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return Math.multiplyExact(Long.parseLong(text), 1_000_000L);
			}
			Instant instant;
			if (text.charAt(0) >= '0' && text.charAt(0) <= '9' && text.contains("T") && text.length() > 10) {
				instant = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
			}
			else {
				Duration back = DurationStyle.detectAndParse(text);
				Instant now = Instant.now();
				if (back.isNegative() || back.compareTo(Duration.between(Instant.EPOCH, now)) > 0) {
					throw new InvalidParameterException("since", text, SINCE_VALUES);
				}
				instant = now.minus(back);
			}
			if (instant.isBefore(Instant.EPOCH)) {
				throw new InvalidParameterException("since", text, SINCE_VALUES);
			}
			return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
		}
		catch (InvalidParameterException ex) {
			throw ex;
		}
		catch (DateTimeException | IllegalArgumentException | ArithmeticException ex) {
			throw new InvalidParameterException("since", text, SINCE_VALUES);
		}
	}

	private enum Format {

		HTML, JSON, CHROME;

		static @Nullable Format of(String value) {
			for (Format format : values()) {
				if (format.name().toLowerCase(Locale.ROOT).equals(value)) {
					return format;
				}
			}
			return null;
		}

	}

}
