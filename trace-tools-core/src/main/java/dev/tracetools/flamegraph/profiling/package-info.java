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

/**
 * In-process profiling for the flamegraph layer: JDK Flight Recorder's samples (execution
 * samples, or on JDK 25 samples by CPU time, see
 * {@link dev.tracetools.flamegraph.profiling.Sampler}) and waits, read from a
 * {@code RecordingStream} (no agent), each put under the span that was open on its thread
 * at its time, found in a small per-thread record of scope events. Depends on the JDK's
 * {@code jdk.jfr} module and Micrometer only.
 */
@NullMarked
package dev.tracetools.flamegraph.profiling;

import org.jspecify.annotations.NullMarked;
