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

import io.micrometer.observation.Observation;

/**
 * Told by the flamegraph layer of every scope event of the spans it counts, with the time
 * the layer read for it: how a profiler learns, without a clock read of its own, which
 * span was open on a thread when (see
 * {@code dev.tracetools.flamegraph.profiling.ScopeHistory}). Called on the thread of the
 * scope, on the hot path: take no lock, allocate nothing.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public interface ScopeRecorder {

	/**
	 * A span's scope was opened on the current thread.
	 * @param context the span
	 * @param nanoTime when, on the {@link System#nanoTime()} scale
	 */
	void scopeOpened(Observation.Context context, long nanoTime);

	/**
	 * A span's scope was closed on the current thread.
	 * @param context the span
	 * @param nanoTime when, on the {@link System#nanoTime()} scale
	 */
	void scopeClosed(Observation.Context context, long nanoTime);

}
