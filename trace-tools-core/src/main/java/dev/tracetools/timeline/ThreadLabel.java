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

/**
 * A thread's name and id as the timeline records them: one per thread (made again if the
 * thread is renamed), shared by the spans, polls and events it records there, so that
 * each of them holds one reference instead of a name and an id.
 *
 * @param name the thread's name
 * @param id the thread's id
 * @author trace-tools
 */
record ThreadLabel(String name, long id) {

	/** The label of a poll not begun yet. */
	static final ThreadLabel NONE = new ThreadLabel("", 0);

}
