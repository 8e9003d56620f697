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

package dev.tracetools.executor;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.tracetools.observe.Instrumentation;
import org.jspecify.annotations.Nullable;

/**
 * Finds the future that a {@code CompletableFuture}'s own async task completes
 * ({@code supplyAsync}, {@code runAsync}, {@code thenApplyAsync} and the other
 * {@code *Async} methods give the executor a
 * {@link CompletableFuture.AsynchronousCompletionTask}). Such a task catches what its
 * function throws and completes its future exceptionally, so the observed task never sees
 * the failure; reading the future once the task has run tells it.
 * <p>
 * The future is a private field ({@code dep}) of a class of {@code java.util.concurrent},
 * a package the JDK does not open to reflection, and {@code sun.misc.Unsafe}'s field
 * access prints a warning from JDK 24 on (JEP 498). The task is serializable (it is a
 * {@code ForkJoinTask}), so this class reads the field the way Java serialization does:
 * it writes the task to a stream that discards every byte and, through
 * {@link ObjectOutputStream#replaceObject(Object)}, takes the first
 * {@code CompletableFuture} among its fields (its own future: {@code dep} sorts first)
 * and writes {@code null} in place of every field value, so nothing beyond the task
 * itself is serialized. It needs no flag and prints no warning on JDK 17 to 25; if a JDK
 * changes the task's fields, no future is found and failures of these tasks are not
 * detected, as before.
 *
 * @author trace-tools
 */
@Instrumentation
final class CompletionTaskFutures {

	private static final String TASK_CLASS_PREFIX = CompletableFuture.class.getName() + "$";

	/**
	 * Readers to reuse, a few so that threads seldom compete for one: a reader per thread
	 * would cost a new stream for every virtual thread.
	 */
	private static final AtomicReferenceArray<@Nullable FieldReader> READERS = new AtomicReferenceArray<>(8);

	private CompletionTaskFutures() {
	}

	/**
	 * Return the future the given task completes when it is one of
	 * {@code CompletableFuture}'s own async tasks. Must be called before the task runs,
	 * which clears the field.
	 * @param task the task given to an executor
	 * @return its future, or {@code null} if it is not such a task or its future cannot
	 * be read
	 */
	static @Nullable CompletableFuture<?> futureOf(@Nullable Runnable task) {
		if (!(task instanceof CompletableFuture.AsynchronousCompletionTask)
				|| !task.getClass().getName().startsWith(TASK_CLASS_PREFIX)) {
			return null;
		}
		int slot = System.identityHashCode(Thread.currentThread()) & (READERS.length() - 1);
		FieldReader reader = READERS.getAndSet(slot, null);
		try {
			if (reader == null) {
				reader = new FieldReader();
			}
			CompletableFuture<?> future = reader.futureOf(task);
			READERS.compareAndSet(slot, null, reader);
			return future;
		}
		catch (IOException | RuntimeException ex) {
			// The stream may be left half-written: it is not put back.
			return null;
		}
	}

	/**
	 * A stream that serializes a task's fields into nothing and keeps its future.
	 */
	private static final class FieldReader extends ObjectOutputStream {

		/**
		 * Back references to the classes written are kept between tasks (tasks themselves
		 * are written unshared); the table is cleared now and then to stay small.
		 */
		private static final int RESET_INTERVAL = 1024;

		private @Nullable Object task;

		private @Nullable CompletableFuture<?> future;

		private int written;

		FieldReader() throws IOException {
			super(OutputStream.nullOutputStream());
			enableReplaceObject(true);
		}

		@Nullable CompletableFuture<?> futureOf(Runnable task) throws IOException {
			this.task = task;
			try {
				writeUnshared(task);
				if (++this.written == RESET_INTERVAL) {
					this.written = 0;
					reset();
				}
				return this.future;
			}
			finally {
				this.task = null;
				this.future = null;
			}
		}

		@Override
		protected @Nullable Object replaceObject(Object object) {
			if (object == this.task) {
				return object;
			}
			if (this.future == null && object instanceof CompletableFuture<?> found) {
				this.future = found;
			}
			return null;
		}

	}

}
