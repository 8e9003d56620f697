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
 * The logging layer: log records written inside a span become events of that span, the
 * span's name, task id and location are in the MDC of the records logged while its scope
 * is open, and span lifecycle lines ({@code new}, {@code enter}, {@code exit},
 * {@code close time.busy=… time.idle=…}) as tracing-subscriber's {@code FmtSpan} prints
 * them. Depends on Micrometer and SLF4J; the bridge from log records to span events on
 * Logback.
 */
@NullMarked
package dev.tracetools.logging;

import org.jspecify.annotations.NullMarked;
