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

import java.util.Objects;

import dev.tracetools.observe.CallSite;
import org.jspecify.annotations.Nullable;

/**
 * What the spans of one call site share: the observation's name, the kind of span, the
 * executor and the method. Made once per call site and thread (while a thread records
 * spans of the same site, they share one), so a span holds one reference for them.
 *
 * @param observation the observation's name
 * @param kind the kind of span: {@code span}, {@code observe}, {@code scheduled} or a
 * task's kind
 * @param executor the executor of a task, or {@code null}
 * @param callSite the method the span runs, if known
 * @author trace-tools
 */
record SpanSite(String observation, String kind, @Nullable String executor, @Nullable CallSite callSite) {

	/**
	 * Whether this site is the one described (compared by identity first: a call site's
	 * values are the same objects every time).
	 * @param observation the observation's name
	 * @param kind the kind
	 * @param executor the executor
	 * @param callSite the method
	 * @return whether they are this site's
	 */
	boolean is(String observation, String kind, @Nullable String executor, @Nullable CallSite callSite) {
		return this.observation.equals(observation) && this.kind.equals(kind) && Objects.equals(this.executor, executor)
				&& Objects.equals(this.callSite, callSite);
	}

}
