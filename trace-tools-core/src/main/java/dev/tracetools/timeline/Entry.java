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

import org.jspecify.annotations.Nullable;

/**
 * An entry of one of the stacks of {@link SpanEntries}: a poll or an event.
 *
 * @author trace-tools
 */
abstract class Entry {

	/**
	 * The next entry of the stack; for a span's record (its first poll, in no stack), the
	 * poll in progress (see {@link SpanRecord#open()}).
	 */
	@Nullable Entry next;

	/**
	 * The entry's position in its stack, from 0; for a span's first poll (its record),
	 * how many polls were pushed before it ended; a negative value marks a carried poll
	 * (never pushed).
	 */
	int ordinal;

	abstract long bytes();

}
