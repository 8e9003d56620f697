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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The aggregate of one flamegraph: a tree of interned stacks, each with its self busy and
 * scheduled nanoseconds. A stack is interned once (when a span first needs it) and
 * counted without a lock or an allocation afterwards. At most {@code maxStacks} stacks
 * are interned; a stack beyond the bound is folded into its deepest existing ancestor,
 * under that ancestor's {@code [other]} frame (at most one per stack, so the tree holds
 * at most twice the bound).
 * <p>
 * A span whose name is not final yet (an observation whose convention names it when it
 * stops, such as an HTTP request before its route is known) has a {@link Provisional
 * provisional} stack of its own, shown under its name of the moment; when its name is
 * final, the stack and everything under it move to the stack of that name
 * ({@link #rename(Node, String)}), so that a span has one frame, the one every view names
 * it by.
 *
 * @author trace-tools
 */
final class StackTrie {

	final Node root;

	private final int maxStacks;

	private final boolean threadFrames;

	private final AtomicInteger stacks = new AtomicInteger();

	StackTrie(int maxStacks, boolean threadFrames) {
		this.maxStacks = maxStacks;
		this.threadFrames = threadFrames;
		this.root = new Node(this, null, "all", FrameKind.ROOT);
	}

	/**
	 * Return the stack of the given parent followed by the given frame, interning it if
	 * the bound allows, or else the parent's {@code [other]} stack.
	 */
	Node child(Node parent, String frame, FrameKind kind) {
		return intern(parent, frame, kind);
	}

	/**
	 * Return the provisional stack of a span under the given parent, interning it (and
	 * telling the span) if the bound allows, or else the parent's {@code [other]} stack.
	 */
	Node provisionalChild(Node parent, Provisional span, FrameKind kind) {
		return intern(parent, span, kind);
	}

	private Node intern(Node parent, Object key, FrameKind kind) {
		if (parent.kind == FrameKind.FOLDED) {
			return parent;
		}
		// A key is a name or a provisional span: the test of a final class, not an
		// interface (a scan of String's interfaces at every span).
		Provisional provisional = (key instanceof String) ? null : (Provisional) key;
		Node found;
		if (provisional == null) {
			Node last = parent.lastChild;
			if (last != null && last.key.equals(key) && last.movedTo == null) {
				// The common case of one call site under a parent: no map lookup.
				return last;
			}
			found = parent.child(key);
		}
		else {
			// A span's own stack, which the parent's map holds only once the span has
			// interned it: a new span (a request) is found in no map.
			found = provisional.stackUnder(parent);
		}
		if (found != null) {
			remember(parent, found, provisional);
			return found;
		}
		if (this.stacks.incrementAndGet() > this.maxStacks) {
			this.stacks.decrementAndGet();
			return parent.folded();
		}
		Node created = new Node(this, parent, key, kind);
		Node existing = parent.putChild(key, created);
		if (existing != null) {
			this.stacks.decrementAndGet();
			remember(parent, existing, provisional);
			return existing;
		}
		remember(parent, created, provisional);
		Node moved = parent.movedTo;
		if (moved != null) {
			// The parent moved while this stack was interned under it: follow it.
			moveInto(created, intern(moved, key, kind));
		}
		if (provisional != null) {
			provisional.interned(created);
		}
		return created;
	}

	/**
	 * Make a stack its parent's last child, unless it is a span's provisional stack: the
	 * cache stays with the call site whose spans come again under the parent (the tasks
	 * of a request), and the final name of a request renamed under it.
	 */
	private static void remember(Node parent, Node child, @Nullable Provisional provisional) {
		if (provisional == null) {
			parent.lastChild = child;
		}
	}

	/**
	 * Return the {@code [other]} stack of the given parent (the parent itself if it is
	 * one).
	 */
	Node folded(Node parent) {
		return (parent.kind == FrameKind.FOLDED) ? parent : parent.folded();
	}

	/**
	 * Move a provisional stack, with its times and every stack under it, to the stack of
	 * its final frame under the same parent. Times counted later in a moved stack follow
	 * it ({@link Node#forward()}).
	 * @param provisional the provisional stack
	 * @param frame the final frame
	 */
	void rename(Node provisional, String frame) {
		Node parent = provisional.parent;
		if (parent == null || provisional.movedTo != null) {
			return;
		}
		moveInto(provisional, intern(parent, frame, provisional.kind));
	}

	private void moveInto(Node source, Node target) {
		if (source == target || !Node.MOVED_TO.compareAndSet(source, null, target)) {
			return;
		}
		Node parent = source.parent;
		if (parent != null && parent.removeChild(source) && source.kind != FrameKind.FOLDED) {
			this.stacks.decrementAndGet();
		}
		source.drainInto(target);
		for (Node child : source.children()) {
			moveInto(child, (child.kind == FrameKind.FOLDED) ? folded(target) : intern(target, child.key, child.kind));
		}
	}

	boolean threadFrames() {
		return this.threadFrames;
	}

	int stacks() {
		return this.stacks.get();
	}

	/**
	 * Take a snapshot of this trie's stacks. Stacks of one name under one parent (a
	 * provisional stack and the stack of the name it has now) are one frame.
	 * @param title the title of renderings
	 * @param mode what the widths measure: {@link FlamegraphMode#SCHEDULED} reads the
	 * scheduled times, every other mode the busy times (for samples, their widths)
	 * @param droppedSamples the samples dropped before they reached this trie
	 * @return the flamegraph, in microseconds
	 */
	Flamegraph flamegraph(String title, FlamegraphMode mode, long droppedSamples) {
		boolean scheduled = mode == FlamegraphMode.SCHEDULED;
		long[] foldedSamples = new long[1];
		Flamegraph.Frame root = snapshot(List.of(this.root), this.root.frame(), scheduled, foldedSamples);
		if (root == null) {
			root = new Flamegraph.Frame(this.root.frame(), FrameKind.ROOT, 0, 0, List.of());
		}
		return new Flamegraph(title, mode, root, foldedSamples[0], stacks(), this.maxStacks, droppedSamples);
	}

	private static Flamegraph.@Nullable Frame snapshot(List<Node> nodes, String name, boolean scheduled,
			long[] foldedSamples) {
		long selfNanos = 0;
		List<Node> children = new ArrayList<>();
		for (Node node : nodes) {
			selfNanos += scheduled ? node.scheduledNanos() : node.busyNanos();
			if (node.kind == FrameKind.FOLDED) {
				LongAdder samples = scheduled ? node.scheduledSamples : node.busySamples;
				foldedSamples[0] += (samples != null) ? samples.sum() : 0;
			}
			children.addAll(node.children());
		}
		long selfMicros = selfNanos / 1000;
		children.sort(Comparator.comparing(Node::frame));
		List<Flamegraph.Frame> frames = new ArrayList<>();
		long total = selfMicros;
		for (int i = 0; i < children.size();) {
			String childName = children.get(i).frame();
			int end = i + 1;
			while (end < children.size() && children.get(end).frame().equals(childName)) {
				end++;
			}
			Flamegraph.Frame frame = snapshot(children.subList(i, end), childName, scheduled, foldedSamples);
			if (frame != null) {
				frames.add(frame);
				total += frame.totalMicros();
			}
			i = end;
		}
		Node first = nodes.get(0);
		if (total == 0 && first.parent != null) {
			return null;
		}
		return new Flamegraph.Frame(name, first.kind, selfMicros, total, List.copyOf(frames));
	}

	/**
	 * The frame of a span whose name is not final yet: its stacks are interned by
	 * identity, shown under its name of the moment, and moved when the name is final.
	 */
	interface Provisional {

		/**
		 * The span's name now.
		 * @return the name
		 */
		String name();

		/**
		 * A provisional stack of this span was interned (under one parent, it is interned
		 * once).
		 * @param node the stack
		 */
		void interned(Node node);

		/**
		 * The span's stack under the given parent, if it interned one that has not been
		 * renamed yet.
		 * @param parent the parent stack
		 * @return the stack, or {@code null}
		 */
		@Nullable Node stackUnder(Node parent);

	}

	/**
	 * A stack: the path from the root to this frame, with its self times.
	 */
	static final class Node {

		private static final VarHandle CHILDREN;

		private static final VarHandle FOLDED;

		private static final VarHandle BUSY;

		private static final VarHandle SCHEDULED;

		private static final VarHandle BUSY_CELLS;

		private static final VarHandle SCHEDULED_CELLS;

		static final VarHandle MOVED_TO;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				CHILDREN = lookup.findVarHandle(Node.class, "children", ConcurrentHashMap.class);
				FOLDED = lookup.findVarHandle(Node.class, "folded", Node.class);
				MOVED_TO = lookup.findVarHandle(Node.class, "movedTo", Node.class);
				BUSY = lookup.findVarHandle(Node.class, "busy", long.class);
				SCHEDULED = lookup.findVarHandle(Node.class, "scheduled", long.class);
				BUSY_CELLS = lookup.findVarHandle(Node.class, "busyCells", LongAdder.class);
				SCHEDULED_CELLS = lookup.findVarHandle(Node.class, "scheduledCells", LongAdder.class);
			}
			catch (ReflectiveOperationException ex) {
				throw new ExceptionInInitializerError(ex);
			}
		}

		final StackTrie trie;

		final @Nullable Node parent;

		/**
		 * The node every stack through this one starts from: the root, or with thread
		 * frames the thread's frame. A span's cached stack is valid for a thread whose
		 * base it shares.
		 */
		final Node base;

		/** The frame: a name, or a {@link Provisional} span. */
		final Object key;

		final FrameKind kind;

		/**
		 * The self busy nanoseconds, added with a compare-and-set while no two threads
		 * raced to add; from the first lost race on, also {@link #busyCells}. As a
		 * {@link LongAdder} starts, without its object and the hop to it: most stacks are
		 * never contended, and a provisional stack lives for one request.
		 */
		private volatile long busy;

		/** The self scheduled nanoseconds, as {@link #busy}. */
		private volatile long scheduled;

		/** The busy nanoseconds of adds that found {@link #busy} contended. */
		private volatile @Nullable LongAdder busyCells;

		/** The scheduled nanoseconds of adds that found {@link #scheduled} contended. */
		private volatile @Nullable LongAdder scheduledCells;

		final @Nullable LongAdder busySamples;

		final @Nullable LongAdder scheduledSamples;

		private volatile @Nullable ConcurrentHashMap<Object, Node> children;

		private volatile @Nullable Node folded;

		/**
		 * The child last looked up in {@link #children} (never the {@code [other]}
		 * stack): the interning of a span under a parent with one call site finds its
		 * stack here without a map lookup. A plain field: a racing reader sees a node
		 * whose key and parent are final, or {@code null}, and checks that it has not
		 * moved.
		 */
		@Nullable Node lastChild;

		/**
		 * Where this stack moved, once its provisional frame (or an ancestor's) is final.
		 */
		volatile @Nullable Node movedTo;

		Node(StackTrie trie, @Nullable Node parent, Object key, FrameKind kind) {
			this.trie = trie;
			this.parent = parent;
			this.base = (parent == null || (trie.threadFrames && parent.parent == null)) ? this : parent.base;
			this.key = key;
			this.kind = kind;
			this.busySamples = (kind == FrameKind.FOLDED) ? new LongAdder() : null;
			this.scheduledSamples = (kind == FrameKind.FOLDED) ? new LongAdder() : null;
		}

		/**
		 * The frame's name (for a provisional span, its name now).
		 * @return the name
		 */
		String frame() {
			Object key = this.key;
			return (key instanceof String name) ? name : ((Provisional) key).name();
		}

		void addBusy(long nanos) {
			addBusyNanos(nanos);
			LongAdder samples = this.busySamples;
			if (samples != null) {
				samples.increment();
			}
		}

		void addScheduled(long nanos) {
			addScheduledNanos(nanos);
			LongAdder samples = this.scheduledSamples;
			if (samples != null) {
				samples.increment();
			}
		}

		long busyNanos() {
			return sum(BUSY, BUSY_CELLS);
		}

		long scheduledNanos() {
			return sum(SCHEDULED, SCHEDULED_CELLS);
		}

		// One method per field, each with its constant VarHandle: a handle passed as an
		// argument is not one the JIT can compile to a plain compare-and-set.
		private void addBusyNanos(long nanos) {
			long current = this.busy;
			if (this.busyCells != null || !BUSY.compareAndSet(this, current, current + nanos)) {
				stripe(BUSY_CELLS).add(nanos);
			}
		}

		private void addScheduledNanos(long nanos) {
			long current = this.scheduled;
			if (this.scheduledCells != null || !SCHEDULED.compareAndSet(this, current, current + nanos)) {
				stripe(SCHEDULED_CELLS).add(nanos);
			}
		}

		/**
		 * The cells of a contended field, made by the first add that lost a race: from
		 * then on every add goes to them, as a {@link LongAdder}'s do once its base is
		 * contended.
		 */
		private LongAdder stripe(VarHandle cells) {
			LongAdder striped = (LongAdder) cells.getAcquire(this);
			if (striped == null) {
				LongAdder created = new LongAdder();
				striped = cells.compareAndSet(this, null, created) ? created : (LongAdder) cells.getAcquire(this);
			}
			return striped;
		}

		private long sum(VarHandle base, VarHandle cells) {
			LongAdder striped = (LongAdder) cells.getAcquire(this);
			return (long) base.getVolatile(this) + ((striped != null) ? striped.sum() : 0);
		}

		private long sumThenReset(VarHandle base, VarHandle cells) {
			LongAdder striped = (LongAdder) cells.getAcquire(this);
			return (long) base.getAndSet(this, 0L) + ((striped != null) ? striped.sumThenReset() : 0);
		}

		/**
		 * Hand the times counted in this stack after it moved to where it moved.
		 */
		void forward() {
			Node from = this;
			for (Node to = from.movedTo; to != null; to = from.movedTo) {
				from.drainInto(to);
				from = to;
			}
		}

		private void drainInto(Node target) {
			long busy = sumThenReset(BUSY, BUSY_CELLS);
			long scheduled = sumThenReset(SCHEDULED, SCHEDULED_CELLS);
			if (busy != 0) {
				target.addBusyNanos(busy);
			}
			if (scheduled != 0) {
				target.addScheduledNanos(scheduled);
			}
			drainSamples(this.busySamples, target.busySamples);
			drainSamples(this.scheduledSamples, target.scheduledSamples);
		}

		private static void drainSamples(@Nullable LongAdder source, @Nullable LongAdder target) {
			if (source != null && target != null) {
				long samples = source.sumThenReset();
				if (samples != 0) {
					target.add(samples);
				}
			}
		}

		@Nullable Node child(Object key) {
			ConcurrentHashMap<Object, Node> map = this.children;
			return (map != null) ? map.get(key) : null;
		}

		@Nullable Node putChild(Object key, Node child) {
			ConcurrentHashMap<Object, Node> map = this.children;
			if (map == null) {
				// Sized for one child: a request's provisional stack has one per call
				// site of its tasks; a map that gets more grows.
				CHILDREN.compareAndSet(this, null, new ConcurrentHashMap<Object, Node>(1));
				map = this.children;
			}
			return (map != null) ? map.putIfAbsent(key, child) : null;
		}

		boolean removeChild(Node child) {
			if (child.kind == FrameKind.FOLDED) {
				return FOLDED.compareAndSet(this, child, null);
			}
			ConcurrentHashMap<Object, Node> map = this.children;
			return map != null && map.remove(child.key, child);
		}

		Node folded() {
			Node node = this.folded;
			if (node == null) {
				FOLDED.compareAndSet(this, null, new Node(this.trie, this, FrameNames.OTHER, FrameKind.FOLDED));
				node = this.folded;
			}
			return (node != null) ? node : this;
		}

		Collection<Node> children() {
			ConcurrentHashMap<Object, Node> map = this.children;
			Node other = this.folded;
			if (other == null) {
				return (map != null) ? map.values() : List.of();
			}
			if (map == null) {
				return List.of(other);
			}
			ArrayList<Node> all = new ArrayList<>(map.values());
			all.add(other);
			return all;
		}

	}

}
