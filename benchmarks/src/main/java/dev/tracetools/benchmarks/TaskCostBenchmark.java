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

import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one task, per variant of instrumentation, executor and workload: each
 * operation submits a batch of {@value #BATCH} tasks and waits (parked) until they are
 * done, so that JMH's scores, {@code -prof gc}'s {@code gc.alloc.rate.norm} and
 * {@link ThreadCpuProfiler}'s {@code cpu.total} are per task and count the worker threads
 * too.
 * <p>
 * The heap is fixed and touched before the run: a JVM that has run a while reuses memory
 * its young generation has touched before, but a short run of 20 µs tasks allocates less
 * than one young generation, so each new page of it would cost the variants that allocate
 * a page fault (in a virtual machine, tens of µs per 4 KB page: more than the
 * instrumentation itself).
 *
 * @author trace-tools
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(jvmArgsPrepend = { "-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch" })
public class TaskCostBenchmark {

	/** Tasks per operation. */
	static final int BATCH = 100;

	/** Blackhole CPU tokens of a ~20 µs task on the team's machines. */
	static final long SPIN_TOKENS = 7_500;

	@Param
	Variant variant;

	@Param
	ExecutorKind executor;

	@Param
	Workload task;

	private InstrumentedExecutor instrumented;

	private Executor target;

	private Runnable work;

	private final AtomicInteger pending = new AtomicInteger();

	private volatile Thread waiter;

	/**
	 * Set up the variant's registries and executor.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.instrumented = new InstrumentedExecutor(this.variant, this.executor);
		this.target = this.instrumented.executor();
		Runnable body = this.task.body();
		this.work = () -> {
			body.run();
			if (this.pending.decrementAndGet() == 0) {
				LockSupport.unpark(this.waiter);
			}
		};
	}

	/**
	 * Stop the executor's threads.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.instrumented.close();
	}

	/**
	 * Submit {@value #BATCH} tasks and wait until they are done.
	 */
	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void task() {
		this.waiter = Thread.currentThread();
		this.pending.set(BATCH);
		for (int i = 0; i < BATCH; i++) {
			this.target.execute(this.work);
		}
		while (this.pending.get() > 0) {
			LockSupport.park(this);
		}
	}

	/**
	 * What a task does.
	 */
	public enum Workload {

		/** Nothing: the cost is all instrumentation and hand-off. */
		NOOP,

		/** Spins the CPU for about 20 µs. */
		SPIN_20US;

		Runnable body() {
			return (this == NOOP) ? () -> {
			} : () -> Blackhole.consumeCPU(SPIN_TOKENS);
		}

	}

}
