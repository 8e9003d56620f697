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

import java.nio.file.Path;
import java.util.List;

import dev.tracetools.flamegraph.FlamegraphOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Properties of the flamegraph layer.
 *
 * @param enabled Whether the flamegraph layer counts self busy time per span path (served
 * by /actuator/flamegraph once exposed).
 * @param include Prefixes of the names of observations that are frames. Empty (the
 * default) for every observation: trace-tools' task and observe spans and Spring's own
 * (http.server.requests, tasks.scheduled.execution, ...). Set tracetools. to see only
 * trace-tools' spans, as trace-tools' own flamegraph layer does. Other observations are
 * transparent: their time goes to the nearest enclosing frame.
 * @param exclude Prefixes of the names of observations that are never frames, even if
 * included, such as spring.security.
 * @param maxStacks Most distinct stacks kept. A new stack beyond it is folded into its
 * deepest known ancestor under an [other] frame, and the endpoint reports how many
 * samples were folded.
 * @param fileAndLine Whether frames of trace-tools spans show their call site, as a Java
 * stack frame does: OrderService.place(OrderService.java:42).
 * @param threadFrames Whether every stack starts with a frame for the thread the time was
 * spent on ([task-1]), as tracing-flame does unless its threads are collapsed.
 * @param foldedFile File the folded stacks (busy time) are written to when the
 * application context closes. None if not set.
 * @param htmlFile File the interactive HTML flamegraph (busy time) is written to when the
 * application context closes. None if not set.
 * @param title Title of rendered flamegraphs.
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.flamegraph")
public record FlamegraphProperties(@DefaultValue("true") boolean enabled, @DefaultValue List<String> include,
		@DefaultValue List<String> exclude, @DefaultValue("10000") int maxStacks,
		@DefaultValue("false") boolean fileAndLine, @DefaultValue("false") boolean threadFrames,
		@Nullable Path foldedFile, @Nullable Path htmlFile,
		@DefaultValue(FlamegraphOptions.DEFAULT_TITLE) String title) {

	public FlamegraphProperties {
		if (maxStacks <= 0) {
			throw new IllegalArgumentException(
					"trace-tools.flamegraph.max-stacks must be positive but was " + maxStacks);
		}
		requireNoBlank("trace-tools.flamegraph.include", include);
		requireNoBlank("trace-tools.flamegraph.exclude", exclude);
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
	FlamegraphOptions toOptions() {
		return FlamegraphOptions.defaults()
			.withTitle(this.title)
			.withInclude(this.include)
			.withExclude(this.exclude)
			.withMaxStacks(this.maxStacks)
			.withFileAndLine(this.fileAndLine)
			.withThreadFrames(this.threadFrames)
			.withFoldedFile(this.foldedFile)
			.withHtmlFile(this.htmlFile);
	}

}
