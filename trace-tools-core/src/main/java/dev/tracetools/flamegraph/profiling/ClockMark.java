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

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JDK Flight Recorder event that pairs the recorder's clock with
 * {@link System#nanoTime()}: committed right after reading {@code nanoTime}, its start
 * time tells how far the events' times are from the scope record's.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Name(ClockMark.NAME)
@Label("trace-tools clock mark")
@Description("System.nanoTime() read just before the event's start time")
@Category("trace-tools")
@StackTrace(false)
final class ClockMark extends Event {

	static final String NAME = "dev.tracetools.ClockMark";

	static final String NANO_TIME = "nanoTime";

	@Label("System.nanoTime()")
	long nanoTime;

	static void commitNow() {
		ClockMark mark = new ClockMark();
		mark.nanoTime = System.nanoTime();
		mark.commit();
	}

}
