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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a request to a trace-tools endpoint whose {@code Accept} header names nothing
 * the endpoint produces with a 406 whose JSON body lists what it produces (Spring MVC
 * answers an empty body). Requests to other endpoints and handlers are left alone.
 *
 * @author trace-tools
 */
final class NotAcceptableExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final List<EndpointId> ENDPOINTS = List.of(EndpointId.of("flamegraph"), EndpointId.of("tasks"),
			EndpointId.of("timeline"));

	private final ObjectProvider<PathMappedEndpoints> endpoints;

	NotAcceptableExceptionResolver(ObjectProvider<PathMappedEndpoints> endpoints) {
		this.endpoints = endpoints;
	}

	@Override
	public @Nullable ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!(ex instanceof HttpMediaTypeNotAcceptableException notAcceptable) || !isTraceToolsEndpoint(request)
				|| response.isCommitted()) {
			return null;
		}
		List<String> produces = new ArrayList<>();
		for (MediaType type : notAcceptable.getSupportedMediaTypes()) {
			produces.add(type.toString());
		}
		String accept = String.valueOf(request.getHeader("Accept"));
		StringBuilder body = new StringBuilder("{\"status\":406,\"error\":\"Not Acceptable\",\"accept\":");
		quote(body, accept).append(",\"produces\":[");
		for (int i = 0; i < produces.size(); i++) {
			quote(body.append((i > 0) ? "," : ""), produces.get(i));
		}
		body.append("],\"message\":");
		quote(body, "This endpoint produces " + String.join(", ", produces) + "; the request accepts " + accept);
		body.append('}');
		try {
			response.setStatus(HttpServletResponse.SC_NOT_ACCEPTABLE);
			response.setContentType("application/json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.getWriter().write(body.toString());
		}
		catch (IOException failed) {
			return null;
		}
		return new ModelAndView();
	}

	private boolean isTraceToolsEndpoint(HttpServletRequest request) {
		PathMappedEndpoints mapped = this.endpoints.getIfAvailable();
		if (mapped == null) {
			return false;
		}
		String path = request.getRequestURI().substring(request.getContextPath().length());
		for (EndpointId id : ENDPOINTS) {
			String endpointPath = mapped.getPath(id);
			if (endpointPath != null && (path.equals(endpointPath) || path.startsWith(endpointPath + "/"))) {
				return true;
			}
		}
		return false;
	}

	private static StringBuilder quote(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
				json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"');
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
