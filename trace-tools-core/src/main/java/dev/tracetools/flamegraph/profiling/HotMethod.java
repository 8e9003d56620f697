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

package dev.tracetools.flamegraph.profiling;

/**
 * A method where a task's thread was running when sampled: its self samples and the time
 * they stand for.
 *
 * @param method the method, {@code Class.method}
 * @param samples the samples whose innermost frame was this method
 * @param micros the samples times the sampling interval, in µs
 * @author trace-tools
 * @since 0.1.0
 */
public record HotMethod(String method, long samples, long micros) {

}
