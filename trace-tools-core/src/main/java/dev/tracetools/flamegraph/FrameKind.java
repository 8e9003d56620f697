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

package dev.tracetools.flamegraph;

/**
 * What a frame of a flamegraph stands for; renderers colour frames by kind.
 *
 * @author trace-tools
 * @since 0.1.0
 */
enum FrameKind {

	/** The root of all stacks ({@code all}). */
	ROOT,

	/** A thread, when the layer adds a root frame per thread. */
	THREAD,

	/** An executor task, {@code @Async} method or scheduled job. */
	TASK,

	/** An {@code @Observe} method or {@code TraceTools.observe(...)} unit of work. */
	OBSERVE,

	/** Any other observation, such as Spring's {@code http.server.requests}. */
	OBSERVATION,

	/** A Java method of a JDK Flight Recorder sample or wait, on top of a span. */
	METHOD,

	/** Stacks folded into {@code [other]} because the layer reached its bound. */
	FOLDED

}
