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

package dev.tracetools.tasks;

import java.util.function.Function;

import dev.tracetools.observe.SpanNames;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the console knows of an observation that tasks were started in and that is not a
 * trace-tools span (a request, say), found when its first task starts and shared by its
 * tasks' records: the nearest task above it, and its name. The name is not derived for
 * every task: it is the span's name now while the span runs (derived when the console is
 * read: Spring MVC, for one, tells a request's route only once its handler is found), and
 * the name it had when it stopped from then on, so that the records do not hold its
 * context.
 *
 * @author trace-tools
 */
final class ParentSpan implements Function<Object, ParentSpan> {

	/** The id of the nearest task above the span, or {@code 0}. */
	final long taskId;

	/** The span's context while it runs, {@code null} once it stopped. */
	private volatile Observation.@Nullable ContextView context;

	/** The span's name once it stopped (written before the context is dropped). */
	private volatile @Nullable String name;

	ParentSpan(long taskId, Observation.ContextView context) {
		this.taskId = taskId;
		this.context = context;
	}

	/**
	 * Itself: a span's first task puts it in the span's map with
	 * {@code computeIfAbsent(key, parentSpan)}, without a lambda made per span.
	 */
	@Override
	public ParentSpan apply(Object key) {
		return this;
	}

	/** The span's name: its name now while it runs, the one it stopped with after. */
	String name() {
		String name = this.name;
		if (name != null) {
			return name;
		}
		Observation.ContextView context = this.context;
		if (context != null) {
			return SpanNames.nameOf(context);
		}
		// Stopped since the first read: the name was written before the context dropped.
		name = this.name;
		return (name != null) ? name : SpanNames.sanitize(null);
	}

	/** The span stopped: keep the name it stopped with, and let its context go. */
	void stopped() {
		Observation.ContextView context = this.context;
		if (context != null) {
			this.name = SpanNames.nameOf(context);
			this.context = null;
		}
	}

}
