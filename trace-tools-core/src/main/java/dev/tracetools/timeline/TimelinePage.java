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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Renders a {@link Timeline} as a self-contained HTML page: the page's script draws the
 * timeline from the JSON embedded in it, and can load a saved JSON file instead.
 *
 * @author trace-tools
 */
final class TimelinePage {

	private static final String DATA_PLACEHOLDER = "/*TIMELINE_DATA*/null";

	private static volatile @Nullable String template;

	private TimelinePage() {
	}

	static String render(Timeline timeline) {
		// The JSON escapes '<', '>' and '&', so it cannot close the script element.
		return template().replace(DATA_PLACEHOLDER, timeline.toJson());
	}

	private static String template() {
		String page = template;
		if (page == null) {
			try (InputStream in = TimelinePage.class.getResourceAsStream("timeline.html")) {
				if (in == null) {
					throw new IllegalStateException("timeline.html is missing from the classpath");
				}
				page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			template = page;
		}
		return page;
	}

}
