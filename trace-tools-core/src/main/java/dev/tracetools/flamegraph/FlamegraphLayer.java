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

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.tracetools.executor.TaskTimes;
import dev.tracetools.flamegraph.StackTrie.Node;
import dev.tracetools.observe.EventClock;
import dev.tracetools.observe.LayerSlot;
import dev.tracetools.observe.SpanNames;
import dev.tracetools.observe.SpanParents;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import org.jspecify.annotations.Nullable;

/**
 * The flamegraph layer: an {@link ObservationHandler} that keeps an in-memory aggregate
 * of folded stacks, the counterpart of trace-tools' flamegraph layer and of
 * tracing-flame.
 * <p>
 * Per thread, the time between two consecutive scope events (a scope opened or closed)
 * goes to the stack of the innermost span whose scope is open on that thread: each stack
 * holds <em>self</em> time, and a renderer adds up the inclusive widths. With no span
 * open on a thread, its time is not counted. A span's stack is the chain of its
 * <em>logical</em> parents ({@link Observation.Context#getParentObservation()}), so a
 * task spawned inside an HTTP request sits under the request's frame although it ran on
 * another thread. In {@link FlamegraphMode#SCHEDULED scheduled} mode the widths are the
 * times tasks waited for a thread before each poll, as the task's {@link TaskTimes}
 * recorded them, put on the task's stack. A task whose thread is blocked on a future
 * keeps its scope open, so that time counts as busy.
 * <p>
 * The hot path (scope opened and closed) takes no lock and, once a span's stack has been
 * interned, allocates nothing: a thread-local array stack of open spans, one clock read
 * (none for the scope of a task's poll, which opens and closes at the times the task
 * recorded for the poll), one compare-and-set of the stack's counter per event (striped
 * as a {@link java.util.concurrent.atomic.LongAdder} once two threads race on it). The
 * number of distinct stacks is bounded ({@link FlamegraphOptions#maxStacks()}).
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class FlamegraphLayer implements ObservationHandler<Observation.Context> {

	private static final LayerSlot<SpanFrame> STATE = new LayerSlot<>(SpanFrame.class);

	private static final int MAX_PARENT_HOPS = 1024;

	/** The time of the event the layers handle, which every layer reads. */
	private static final LongSupplier SYSTEM_CLOCK = EventClock::nanoTime;

	/**
	 * The deepest stack kept: spans nested deeper (such as a task that resubmits itself
	 * from inside its own span, forever) are folded into {@code [other]} under their
	 * ancestor at this depth, so that neither the stacks nor the chain of ancestors this
	 * layer keeps grow without bound.
	 */
	static final int MAX_DEPTH = 128;

	private final FlamegraphOptions options;

	private final FrameNames frameNames;

	private final LongSupplier clock;

	/**
	 * Whether a poll's scope opens and closes at the times the task recorded for the poll
	 * (on the {@link System#nanoTime()} scale, just before the scope opened and closed)
	 * instead of at two more clock readings per poll: the span's busy time is then the
	 * task's, as every view reads it. Not with a test clock. A {@link ScopeRecorder}
	 * still gets the clock's time of every event: a sample taken between the poll's start
	 * and its scope's opening is not in the span's code yet.
	 */
	private final boolean pollClock;

	private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);

	private volatile StackTrie trie;

	private final Flamegrapher flamegrapher;

	/** This layer's frame of a span, for the walk up parents. */
	private final Function<Observation.ContextView, @Nullable SpanFrame> frames = (view) -> STATE.get(view, this);

	private final @Nullable ScopeRecorder scopeRecorder;

	/**
	 * Create a layer.
	 * @param options the options
	 */
	public FlamegraphLayer(FlamegraphOptions options) {
		this(options, SYSTEM_CLOCK, null);
	}

	/**
	 * Create a layer that tells the given recorder of every scope event it counts (for
	 * profiling).
	 * @param options the options
	 * @param scopeRecorder the recorder
	 */
	public FlamegraphLayer(FlamegraphOptions options, ScopeRecorder scopeRecorder) {
		this(options, SYSTEM_CLOCK, scopeRecorder);
	}

	FlamegraphLayer(FlamegraphOptions options, LongSupplier clock) {
		this(options, clock, null);
	}

	FlamegraphLayer(FlamegraphOptions options, LongSupplier clock, @Nullable ScopeRecorder scopeRecorder) {
		this.scopeRecorder = scopeRecorder;
		this.options = options;
		this.frameNames = new FrameNames(options);
		this.clock = clock;
		this.pollClock = clock == SYSTEM_CLOCK;
		this.trie = newTrie();
		this.flamegrapher = new Flamegrapher(this);
	}

	private StackTrie newTrie() {
		return new StackTrie(this.options.maxStacks(), this.options.threadFrames());
	}

	/**
	 * The layer's options.
	 * @return the options
	 */
	public FlamegraphOptions options() {
		return this.options;
	}

	/**
	 * The handle that renders this layer's aggregate and writes it to files, the
	 * counterpart of trace-tools' {@code Flamegrapher}.
	 * @return the handle
	 */
	public Flamegrapher flamegrapher() {
		return this.flamegrapher;
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		// The name of an observation with a convention is only known at start.
		return true;
	}

	@Override
	public void onStart(Observation.Context context) {
		if (!this.options.isFrame(context.getName())) {
			return;
		}
		// A name that is not final yet gets a provisional stack, moved when it is final.
		Object name = FrameNames.isNamedAtStart(context) ? this.frameNames.frameOf(context)
				: new Unnamed(context, this.frameNames);
		FrameKind kind = FrameNames.kindOf(context);
		if (kind == FrameKind.TASK) {
			// A scheduled run's times start with its span (a task's exist already).
			TaskTimes.of(context);
		}
		STATE.put(context, this, new SpanFrame(parentOf(context), name, kind));
	}

	private @Nullable SpanFrame parentOf(Observation.Context context) {
		// An excluded observation is transparent: the walk looks further up.
		return SpanParents.nearest(context, this.frames);
	}

	@Override
	public void onScopeOpened(Observation.Context context) {
		SpanFrame span = STATE.get(context, this);
		if (span == null) {
			return;
		}
		TaskTimes poll = span.isTask() ? newPoll(span, TaskTimes.of(context)) : null;
		ThreadState thread = this.threads.get();
		// A poll's scope opens when the task recorded the poll's start (never before the
		// thread's last event).
		boolean atPoll = poll != null && this.pollClock;
		long now = (poll != null && atPoll) ? Math.max(poll.pollStartNanos(), thread.last) : this.clock.getAsLong();
		Node base = thread.base(this.trie);
		if (thread.depth > 0) {
			credit(thread.top(), base, now - thread.last);
		}
		if (poll != null) {
			creditScheduled(span, base, poll);
		}
		thread.push(span);
		thread.last = now;
		ScopeRecorder recorder = this.scopeRecorder;
		if (recorder != null) {
			recorder.scopeOpened(context, atPoll ? this.clock.getAsLong() : now);
		}
	}

	/**
	 * The times of the task whose poll the current thread starts, if its scheduled time
	 * is not counted yet.
	 */
	private static @Nullable TaskTimes newPoll(SpanFrame span, @Nullable TaskTimes times) {
		return (times != null && times.isPolling() && times.isPolledBy(Thread.currentThread())
				&& (int) times.polls() != span.creditedPolls) ? times : null;
	}

	/**
	 * A poll starts: its scheduled time, as the task's times recorded it, counted once.
	 */
	private void creditScheduled(SpanFrame span, Node base, TaskTimes poll) {
		span.creditedPolls = (int) poll.polls();
		long wait = poll.lastScheduledNanos();
		if (wait > 0) {
			Node node = resolve(span, base);
			node.addScheduled(wait);
			if (node.movedTo != null) {
				node.forward();
			}
		}
	}

	@Override
	public void onScopeClosed(Observation.Context context) {
		SpanFrame span = STATE.get(context, this);
		if (span == null) {
			return;
		}
		ThreadState thread = this.threads.get();
		int index = thread.indexOf(span);
		if (index < 0) {
			// Opened before this layer was installed.
			return;
		}
		TaskTimes times = span.isTask() ? TaskTimes.scopeClosed(context) : null;
		// The scope of a poll that ended closes when the task recorded the poll's end.
		boolean atPoll = times != null && this.pollClock && !times.isPolling()
				&& times.isPolledBy(Thread.currentThread());
		long now = (times != null && atPoll) ? Math.max(times.pollEndNanos(), thread.last) : this.clock.getAsLong();
		Node base = thread.base(this.trie);
		credit(thread.top(), base, now - thread.last);
		thread.remove(index);
		thread.last = now;
		ScopeRecorder recorder = this.scopeRecorder;
		if (recorder != null) {
			recorder.scopeClosed(context, atPoll ? this.clock.getAsLong() : now);
		}
	}

	@Override
	public void onStop(Observation.Context context) {
		TaskTimes.stopped(context);
		SpanFrame span = STATE.get(context, this);
		if (span != null && span.name instanceof Unnamed unnamed) {
			// The contextual name is final now: the span's stacks move to it.
			span.name = unnamed.named();
		}
	}

	private void credit(SpanFrame span, Node base, long nanos) {
		if (nanos > 0) {
			Node node = resolve(span, base);
			node.addBusy(nanos);
			if (node.movedTo != null) {
				// Moved to the final name of a span (or of an ancestor) meanwhile.
				node.forward();
			}
		}
	}

	private Node resolve(SpanFrame span, Node base) {
		Node node = span.node;
		if (node != null && node.base == base && node.movedTo == null) {
			return node;
		}
		node = intern(span, base, 0);
		span.node = node;
		return node;
	}

	private Node intern(SpanFrame span, Node base, int depth) {
		SpanFrame parent = span.parent;
		Node parentNode;
		if (parent == null || depth >= MAX_PARENT_HOPS) {
			parentNode = base;
		}
		else {
			Node cached = parent.node;
			parentNode = (cached != null && cached.base == base && cached.movedTo == null) ? cached
					: intern(parent, base, depth + 1);
		}
		if (span.depth() > MAX_DEPTH) {
			return base.trie.folded(parentNode);
		}
		Object name = span.name;
		return (name instanceof String frame) ? base.trie.child(parentNode, frame, span.kind())
				: base.trie.provisionalChild(parentNode, (Unnamed) name, span.kind());
	}

	/**
	 * Take a snapshot of the aggregate.
	 * @param mode what the widths measure
	 * @return the flamegraph, in microseconds
	 */
	public Flamegraph flamegraph(FlamegraphMode mode) {
		return this.trie.flamegraph(this.options.title(), mode, 0);
	}

	/**
	 * Forget everything counted so far (and every interned stack). Spans open now count
	 * on from here.
	 */
	public void clear() {
		this.trie = newTrie();
	}

	/**
	 * A span this layer counts: its logical parent among the counted spans, its frame and
	 * its stack, interned when first needed. Three references and two ints: 32 bytes a
	 * span. A task's times are read from its span when a scope opens, not kept here.
	 */
	static final class SpanFrame {

		private static final FrameKind[] KINDS = FrameKind.values();

		private static final int DEPTH_BITS = 16;

		private static final int DEPTH_MASK = (1 << DEPTH_BITS) - 1;

		final @Nullable SpanFrame parent;

		/** The depth (at most {@code MAX_DEPTH + 1}) and above it the kind's ordinal. */
		private final int depthAndKind;

		/**
		 * The polls whose scheduled time was counted (modulo 2^32); written by the
		 * polling thread.
		 */
		int creditedPolls;

		/** The frame's name, or while the name is not final, the {@link Unnamed} span. */
		volatile Object name;

		volatile @Nullable Node node;

		SpanFrame(@Nullable SpanFrame parent, Object name, FrameKind kind) {
			int parentDepth = (parent != null) ? parent.depth() : 0;
			// Beyond the deepest stack, hang under the ancestor at that depth, not the
			// parent: the chain this span keeps alive stays short.
			this.parent = (parent != null && parentDepth > MAX_DEPTH) ? parent.parent : parent;
			this.depthAndKind = Math.min(parentDepth + 1, MAX_DEPTH + 1) | (kind.ordinal() << DEPTH_BITS);
			this.name = name;
		}

		int depth() {
			return this.depthAndKind & DEPTH_MASK;
		}

		FrameKind kind() {
			return KINDS[this.depthAndKind >>> DEPTH_BITS];
		}

		/**
		 * Whether the span is a task's or a scheduled run's, which has {@link TaskTimes}.
		 */
		boolean isTask() {
			return (this.depthAndKind >>> DEPTH_BITS) == FrameKind.TASK.ordinal();
		}

	}

	/**
	 * A span named by its convention when it stops (an HTTP request gets its route): its
	 * stacks until then are provisional, shown under its name of the moment, and move to
	 * its final name when it stops, so that the flamegraph names it as the other views
	 * do.
	 */
	static final class Unnamed implements StackTrie.Provisional {

		private static final AtomicReferenceFieldUpdater<Unnamed, @Nullable Stacks> STACKS = AtomicReferenceFieldUpdater
			.newUpdater(Unnamed.class, Stacks.class, "stacks");

		private final FrameNames names;

		/**
		 * The provisional stacks not moved yet, the last interned first: usually one (one
		 * per thread frame), so a list of its own rather than a queue's two nodes.
		 */
		private volatile @Nullable Stacks stacks;

		private volatile Observation.@Nullable Context context;

		private volatile @Nullable String named;

		/**
		 * Its hash as a key of its parent stack's map: a number of its own rather than
		 * the identity hash, which the JVM computes and writes into the object's header
		 * outside compiled code, once per span (per request).
		 */
		private final int hash = ThreadLocalRandom.current().nextInt();

		Unnamed(Observation.Context context, FrameNames names) {
			this.context = context;
			this.names = names;
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

		@Override
		public @Nullable Node stackUnder(Node parent) {
			for (Stacks interned = this.stacks; interned != null; interned = interned.next) {
				if (interned.node.parent == parent) {
					return interned.node;
				}
			}
			return null;
		}

		@Override
		public String name() {
			Observation.Context span = this.context;
			String name = this.named;
			if (name != null) {
				return name;
			}
			return (span != null) ? this.names.frameOf(span) : SpanNames.sanitize(null);
		}

		@Override
		public void interned(Node node) {
			Stacks interned;
			do {
				interned = this.stacks;
			}
			while (!STACKS.compareAndSet(this, interned, new Stacks(node, interned)));
			String name = this.named;
			if (name != null) {
				// Named meanwhile.
				moveAll(name);
			}
		}

		/**
		 * Name the span for good (it stopped) and move its provisional stacks.
		 * @return the final name
		 */
		String named() {
			Observation.Context span = this.context;
			String name = (span != null) ? this.names.frameOf(span) : name();
			this.named = name;
			this.context = null;
			moveAll(name);
			return name;
		}

		private void moveAll(String name) {
			for (Stacks moved = STACKS.getAndSet(this, null); moved != null; moved = moved.next) {
				moved.node.trie.rename(moved.node, name);
			}
		}

		private record Stacks(Node node, @Nullable Stacks next) {
		}

	}

	/**
	 * The spans open on one thread, innermost last, and the time of its last scope event.
	 */
	static final class ThreadState {

		private SpanFrame[] stack = new SpanFrame[16];

		int depth;

		long last;

		private @Nullable StackTrie trie;

		private @Nullable Node base;

		SpanFrame top() {
			return this.stack[this.depth - 1];
		}

		void push(SpanFrame span) {
			if (this.depth == this.stack.length) {
				this.stack = Arrays.copyOf(this.stack, this.depth * 2);
			}
			this.stack[this.depth++] = span;
		}

		int indexOf(SpanFrame span) {
			for (int i = this.depth - 1; i >= 0; i--) {
				if (this.stack[i] == span) {
					return i;
				}
			}
			return -1;
		}

		void remove(int index) {
			System.arraycopy(this.stack, index + 1, this.stack, index, this.depth - index - 1);
			this.stack[--this.depth] = null;
		}

		Node base(StackTrie current) {
			Node node = this.base;
			if (node == null || this.trie != current) {
				node = current.threadFrames()
						? current.child(current.root, FrameNames.threadFrame(Thread.currentThread()), FrameKind.THREAD)
						: current.root;
				this.trie = current;
				this.base = node;
			}
			return node;
		}

	}

}
