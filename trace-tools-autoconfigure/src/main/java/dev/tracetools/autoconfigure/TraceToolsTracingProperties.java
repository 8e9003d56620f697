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

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How trace-tools' spans meet Micrometer Tracing (when it is on the class path).
 *
 * @param includeTasks whether each executor task ({@code tracetools.task}) is a span of
 * its own in traces; when {@code false}, tasks leave no span but what they do stays in
 * the trace of the code that submitted them, and the trace-tools layers still see every
 * task (for applications that run too many small tasks to trace each one)
 * @author trace-tools
 * @since 0.1.0
 */
@ConfigurationProperties("trace-tools.tracing")
public record TraceToolsTracingProperties(@DefaultValue("true") boolean includeTasks) {

}
