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
 * Which JDK Flight Recorder event samples the threads for the flamegraph's {@code cpu}
 * mode.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public enum Sampler {

	/**
	 * {@code jdk.CPUTimeSample} where the JVM has it (JDK 25 or later, on Linux),
	 * {@code jdk.ExecutionSample} elsewhere.
	 */
	AUTO,

	/**
	 * {@code jdk.ExecutionSample}, every JDK, the default: every interval of wall-clock
	 * time, JDK Flight Recorder's sampler thread takes up to five threads that are in
	 * Java code, whether they are on a CPU or waiting for one.
	 */
	EXECUTION,

	/**
	 * {@code jdk.CPUTimeSample} (JDK 25 or later, on Linux; experimental in JDK 25):
	 * every interval of a thread's own CPU time, the kernel signals the thread, which
	 * records its stack, in Java or native code. A thread that waits, for a lock or for a
	 * CPU, takes no samples, so a sample stands for one interval of CPU time, and the
	 * samples a second are bounded by the CPUs: at most one per interval per CPU,
	 * whatever the number of threads.
	 */
	CPU_TIME

}
