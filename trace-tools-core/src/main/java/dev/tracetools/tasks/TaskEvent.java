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

/**
 * An event recorded inside a task, such as a log record.
 *
 * @param timestamp when it happened, in milliseconds since the epoch
 * @param name the event's name ({@code log} for log records)
 * @param message its text
 * @author trace-tools
 * @since 0.1.0
 */
public record TaskEvent(long timestamp, String name, String message) {

}
