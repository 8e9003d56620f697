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

package dev.tracetools.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.CallSites;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What resolving a task's call site costs: the cached answer for a lambda's class (every
 * submission but the first), against walking the stack (tasks whose class is shared by
 * many call sites, such as the JDK's future continuations).
 *
 * @author trace-tools
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallSiteBenchmark {

	private final Runnable task = () -> {
	};

	/**
	 * A task of its own class: cached per class.
	 * @return the call site
	 */
	@Benchmark
	public CallSite cachedPerTaskClass() {
		return CallSites.ofTask(this.task.getClass());
	}

	/**
	 * A task of a shared class: the stack is walked.
	 * @return the call site
	 */
	@Benchmark
	public CallSite stackWalk() {
		return CallSites.ofTask(CompletableFuture.class);
	}

}
