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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A span's further polls and its events: two lock-free stacks of entries in one object
 * (one field in the span's record, one object for both), newest first, that each keep
 * between {@code max} and {@code 2 * max - 1} of the latest: every {@code max} pushes,
 * the pusher cuts off the entries older than the latest {@code max}.
 *
 * @author trace-tools
 */
final class SpanEntries {

	/** The stack of the span's polls (its first poll excepted: its record). */
	static final boolean POLLS = false;

	/** The stack of the span's events. */
	static final boolean EVENTS = true;

	private static final VarHandle POLL_HEAD;

	private static final VarHandle EVENT_HEAD;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			POLL_HEAD = lookup.findVarHandle(SpanEntries.class, "pollHead", Entry.class);
			EVENT_HEAD = lookup.findVarHandle(SpanEntries.class, "eventHead", Entry.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private volatile @Nullable Entry pollHead;

	private volatile @Nullable Entry eventHead;

	private @Nullable Entry head(boolean events) {
		return events ? this.eventHead : this.pollHead;
	}

	private boolean replaceHead(boolean events, @Nullable Entry current, Entry entry) {
		// Two constant handles, not one chosen at run time: the JIT inlines these.
		return events ? EVENT_HEAD.compareAndSet(this, current, entry) : POLL_HEAD.compareAndSet(this, current, entry);
	}

	/**
	 * Push an entry.
	 * @param events {@link #EVENTS} or {@link #POLLS}
	 * @param entry the entry
	 * @param max how many of the latest entries are kept
	 * @return the bytes of the entries cut off
	 */
	long push(boolean events, Entry entry, int max) {
		Entry current;
		do {
			current = head(events);
			entry.next = current;
			entry.ordinal = (current != null) ? current.ordinal + 1 : 0;
		}
		while (!replaceHead(events, current, entry));
		int ordinal = entry.ordinal;
		if (ordinal < max || ordinal % max != 0) {
			return 0;
		}
		// Keep ordinals (ordinal - max, ordinal]; the previous cut kept those above
		// ordinal - 2 * max, so cut exactly (ordinal - 2 * max, ordinal - max].
		Entry last = entry;
		for (int i = 1; i < max && last != null; i++) {
			last = last.next;
		}
		if (last == null) {
			return 0;
		}
		Entry cut = last.next;
		last.next = null;
		long floor = ordinal - 2L * max;
		long freed = 0;
		for (Entry dropped = cut; dropped != null && dropped.ordinal > floor; dropped = dropped.next) {
			freed += dropped.bytes();
		}
		return freed;
	}

	/**
	 * The latest entries of a stack, oldest first.
	 * @param events {@link #EVENTS} or {@link #POLLS}
	 * @param max how many at most
	 * @return the entries
	 */
	List<Entry> latest(boolean events, int max) {
		List<Entry> entries = new ArrayList<>();
		for (Entry entry = head(events); entry != null && entries.size() < max; entry = entry.next) {
			entries.add(entry);
		}
		Collections.reverse(entries);
		return entries;
	}

	/**
	 * How many entries were ever pushed on a stack.
	 * @param events {@link #EVENTS} or {@link #POLLS}
	 * @return the count
	 */
	long count(boolean events) {
		Entry current = head(events);
		return (current != null) ? current.ordinal + 1 : 0;
	}

}
