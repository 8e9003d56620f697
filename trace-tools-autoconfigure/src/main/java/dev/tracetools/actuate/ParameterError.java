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

import java.util.Objects;

import dev.tracetools.query.InvalidParameterException;
import dev.tracetools.query.QueryParameters;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.util.MimeType;

/**
 * The body of a 400 from any trace-tools endpoint: which parameter, the value received,
 * what is valid, and a sentence saying all three.
 *
 * @param status {@code 400}
 * @param error {@code Bad Request}
 * @param parameter the parameter's name
 * @param value the value received (control characters escaped, cut after 100 characters)
 * @param validValues what the parameter accepts
 * @param message the sentence
 * @author trace-tools
 * @since 0.1.0
 */
public record ParameterError(int status, String error, String parameter, String value, String validValues,
		String message) {

	private static final MimeType APPLICATION_JSON = MimeType.valueOf("application/json");

	static WebEndpointResponse<Object> badRequest(InvalidParameterException ex) {
		ParameterError body = new ParameterError(WebEndpointResponse.STATUS_BAD_REQUEST, "Bad Request", ex.parameter(),
				QueryParameters.shown(ex.value()), ex.validValues(),
				Objects.requireNonNullElse(ex.getMessage(), "Invalid " + ex.parameter()));
		return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST, APPLICATION_JSON);
	}

}
