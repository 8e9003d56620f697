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
		if (parent.kind == FrameKind.FOLDED) {
			return parent;
		}
		Node found = parent.child(frame);
		if (found != null) {
			return found;
		}
		if (this.stacks.incrementAndGet() > this.maxStacks) {
			this.stacks.decrementAndGet();
			return parent.folded();
		}
		Node created = new Node(this, parent, frame, kind);
		Node existing = parent.putChild(frame, created);
		if (existing != null) {
			this.stacks.decrementAndGet();
			return existing;
		}
		return created;
	}

	/**
	 * Return the {@code [other]} stack of the given parent (the parent itself if it is
	 * one).
	 */
	Node folded(Node parent) {
		return (parent.kind == FrameKind.FOLDED) ? parent : parent.folded();
	}

	boolean threadFrames() {
		return this.threadFrames;
	}

	int stacks() {
		return this.stacks.get();
	}

	/**
	 * A stack: the path from the root to this frame, with its self times.
	 */
	static final class Node {

		private static final VarHandle CHILDREN;

		private static final VarHandle FOLDED;

		static {
			try {
				MethodHandles.Lookup lookup = MethodHandles.lookup();
				CHILDREN = lookup.findVarHandle(Node.class, "children", ConcurrentHashMap.class);
				FOLDED = lookup.findVarHandle(Node.class, "folded", Node.class);
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

		final String frame;

		final FrameKind kind;

		final LongAdder busyNanos = new LongAdder();

		final LongAdder scheduledNanos = new LongAdder();

		final @Nullable LongAdder busySamples;

		final @Nullable LongAdder scheduledSamples;

		private volatile @Nullable ConcurrentHashMap<String, Node> children;

		private volatile @Nullable Node folded;

		Node(StackTrie trie, @Nullable Node parent, String frame, FrameKind kind) {
			this.trie = trie;
			this.parent = parent;
			this.base = (parent == null || (trie.threadFrames && parent.parent == null)) ? this : parent.base;
			this.frame = frame;
			this.kind = kind;
			this.busySamples = (kind == FrameKind.FOLDED) ? new LongAdder() : null;
			this.scheduledSamples = (kind == FrameKind.FOLDED) ? new LongAdder() : null;
		}

		void addBusy(long nanos) {
			this.busyNanos.add(nanos);
			LongAdder samples = this.busySamples;
			if (samples != null) {
				samples.increment();
			}
		}

		void addScheduled(long nanos) {
			this.scheduledNanos.add(nanos);
			LongAdder samples = this.scheduledSamples;
			if (samples != null) {
				samples.increment();
			}
		}

		@Nullable Node child(String frame) {
			ConcurrentHashMap<String, Node> map = this.children;
			return (map != null) ? map.get(frame) : null;
		}

		@Nullable Node putChild(String frame, Node child) {
			ConcurrentHashMap<String, Node> map = this.children;
			if (map == null) {
				CHILDREN.compareAndSet(this, null, new ConcurrentHashMap<String, Node>());
				map = this.children;
			}
			return (map != null) ? map.putIfAbsent(frame, child) : null;
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
			ConcurrentHashMap<String, Node> map = this.children;
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
