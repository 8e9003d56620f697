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

package dev.tracetools.flamegraph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import dev.tracetools.flamegraph.StackTrie.Node;
import dev.tracetools.observe.SpanNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

/**
 * The flamegraph of samples: the input through which a profiler puts what JDK Flight
 * Recorder saw under the spans of the flamegraph layer ({@link FlamegraphMode#CPU} and
 * {@link FlamegraphMode#WAIT}). A sample's stack is the path of the span it was taken in,
 * named as the layer names it (the same frames, the same include and exclude rules, the
 * same logical parents), followed by the sample's Java methods. Samples taken while no
 * span was open go under {@code [no span]} and the thread pool's name. The number of
 * distinct stacks is bounded by the layer's {@link FlamegraphOptions#maxStacks()}, beyond
 * which stacks fold into {@code [other]}.
 * <p>
 * Samples are added by one thread (the profiler's), read and cleared by any.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class SpanSamples {

	/** The frame of samples taken while no span was open on their thread. */
	public static final String NO_SPAN = "[no span]";

	private static final int MAX_PARENT_HOPS = 1024;

	private final FlamegraphOptions options;

	private final FrameNames frameNames;

	private volatile StackTrie cpu;

	private volatile StackTrie waits;

	private volatile long intervalNanos;

	private volatile LongAdder droppedCpu = new LongAdder();

	private volatile LongAdder droppedWaits = new LongAdder();

	private volatile long clears;

	/**
	 * When the samples were last cleared, in {@link System#nanoTime()} units: JDK Flight
	 * Recorder delivers a sample up to a flush period after it took it.
	 */
	private volatile long clearedAtNanos = System.nanoTime();

	SpanSamples(FlamegraphOptions options) {
		this.options = options;
		this.frameNames = new FrameNames(options);
		this.cpu = newTrie();
		this.waits = newTrie();
	}

	private StackTrie newTrie() {
		return new StackTrie(this.options.maxStacks(), false);
	}

	/**
	 * Say that a profiler feeds these samples from now on, every {@code interval}: each
	 * CPU sample is then that wide.
	 * @param interval the sampling interval
	 */
	public void sampleEvery(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Whether a profiler feeds these samples.
	 * @return whether profiling is on
	 */
	public boolean isSampling() {
		return this.intervalNanos > 0;
	}

	/**
	 * Add an execution sample, one sampling interval wide.
	 * @param span the innermost span open on the sampled thread at the sample's time, or
	 * {@code null} if none was
	 * @param pool the thread pool's name, for samples outside spans
	 * @param methods the sample's Java frames ({@code Class.method}), outermost first
	 */
	public void addCpu(Observation.@Nullable Context span, String pool, List<String> methods) {
		add(this.cpu, span, pool, methods, this.intervalNanos);
	}

	/**
	 * Add a wait.
	 * @param span the innermost span open on the waiting thread during the wait, or
	 * {@code null} if none was
	 * @param pool the thread pool's name, for waits outside spans
	 * @param methods the blocking stack ({@code Class.method}), outermost first
	 * @param nanos the time waited
	 */
	public void addWait(Observation.@Nullable Context span, String pool, List<String> methods, long nanos) {
		add(this.waits, span, pool, methods, nanos);
	}

	/**
	 * Count a sample or a wait the profiler could not put under a span (its thread's
	 * scope record no longer went back to its time, or it could not be read): the
	 * flamegraph of its mode says how many were dropped.
	 * @param mode {@link FlamegraphMode#CPU} or {@link FlamegraphMode#WAIT}
	 */
	public void dropped(FlamegraphMode mode) {
		((mode == FlamegraphMode.WAIT) ? this.droppedWaits : this.droppedCpu).increment();
	}

	private void add(StackTrie trie, Observation.@Nullable Context span, String pool, List<String> methods,
			long nanos) {
		if (nanos <= 0) {
			return;
		}
		Node node = (span != null) ? spanNode(trie, span) : trie.child(trie.child(trie.root, NO_SPAN, FrameKind.THREAD),
				SpanNames.sanitize(pool), FrameKind.THREAD);
		for (String method : methods) {
			node = trie.child(node, SpanNames.sanitize(method), FrameKind.METHOD);
		}
		node.addBusy(nanos);
	}

	/**
	 * The stack of a span as the flamegraph layer builds it: its frame under the frames
	 * of its logical parents, skipping observations that are not frames.
	 */
	private Node spanNode(StackTrie trie, Observation.Context span) {
		List<Observation.ContextView> path = new ArrayList<>();
		Observation.ContextView view = span;
		for (int hops = 0; view != null && hops < MAX_PARENT_HOPS; hops++) {
			if (this.options.isFrame(view.getName())) {
				path.add(view);
			}
			ObservationView parent = view.getParentObservation();
			view = (parent != null) ? parent.getContextView() : null;
		}
		Node node = trie.root;
		for (int i = path.size() - 1; i >= 0; i--) {
			if (path.size() - i > FlamegraphLayer.MAX_DEPTH) {
				return trie.folded(node);
			}
			Observation.ContextView frame = path.get(i);
			if (frame instanceof Observation.Context context) {
				node = trie.child(node, this.frameNames.frameOf(context), FrameNames.kindOf(context));
			}
		}
		return node;
	}

	/**
	 * Take a snapshot of the samples.
	 * @param mode {@link FlamegraphMode#CPU} or {@link FlamegraphMode#WAIT}
	 * @param title the title of renderings
	 * @return the flamegraph, in microseconds
	 */
	Flamegraph flamegraph(FlamegraphMode mode, String title) {
		StackTrie trie = (mode == FlamegraphMode.WAIT) ? this.waits : this.cpu;
		long dropped = ((mode == FlamegraphMode.WAIT) ? this.droppedWaits : this.droppedCpu).sum();
		return trie.flamegraph(title, mode, dropped);
	}

	/**
	 * Forget every sample and wait, and those a profiler adds later but took before now.
	 */
	void clear() {
		this.clearedAtNanos = System.nanoTime();
		this.cpu = newTrie();
		this.waits = newTrie();
		this.droppedCpu = new LongAdder();
		this.droppedWaits = new LongAdder();
		this.clears++;
	}

	/**
	 * Whether a sample or a wait happened before the samples were last cleared: a
	 * profiler forgets it, as the clear forgot those it had already added.
	 * @param nanoTime when the sample was taken or the wait ended, in
	 * {@link System#nanoTime()} units
	 * @return whether it is from before the last clear
	 */
	public boolean isBeforeLastClear(long nanoTime) {
		return nanoTime - this.clearedAtNanos < 0;
	}

	/**
	 * How many times the samples were cleared ({@code DELETE /actuator/flamegraph}), so
	 * that what is kept beside them (a task's hottest methods) is cleared with them.
	 * @return the number of clears so far
	 */
	public long clears() {
		return this.clears;
	}

}
