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

import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import dev.tracetools.observe.CallSite;
import dev.tracetools.observe.ObservedSpanContext;
import dev.tracetools.observe.SpanKeys;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * The context of a {@code tracetools.task} observation: the task's id, kind, executor and
 * call site as fields, and the times the layers need to do tokio-console's arithmetic.
 * The task is woken once when it is submitted (or when its delay expires), and again when
 * a future it waits for completes.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class TaskContext extends ObservedSpanContext {

	private static final AtomicLong IDS = new AtomicLong();

	private final long id;

	private final long createdNanos;

	private volatile long wakeNanos;

	private volatile @Nullable TaskOutcome outcome;

	private @Nullable ObservedTask task;

	private volatile @Nullable Thread pollingThread;

	private final TaskKeyValues keyValues;

	private @Nullable String idText;

	TaskContext(CallSite callSite, TaskKind kind, KeyValue executorKeyValue, long delayNanos) {
		super(callSite);
		this.id = IDS.incrementAndGet();
		this.createdNanos = System.nanoTime();
		this.wakeNanos = this.createdNanos + Math.max(delayNanos, 0);
		// Neither the low-cardinality keys (task.kind, executor.name, outcome and the
		// call site's) nor task.id are stored in the context's maps: the getters below
		// answer them from key values shared by the tasks of the call site, so a task
		// does not pay the maps' tables, nodes and key values (~400 B).
		this.keyValues = TaskKeyValues.of(callSite, super.fixedLowCardinalityKeyValues(), kind, executorKeyValue);
	}

	TaskKeyValues keyValues() {
		return this.keyValues;
	}

	@Override
	protected KeyValues fixedLowCardinalityKeyValues() {
		return this.keyValues.of(this.outcome);
	}

	/**
	 * The task's id, unique within the JVM ({@code task.id}).
	 * @return the id
	 */
	public long getId() {
		return this.id;
	}

	/**
	 * The task's id as text, as logs and traces show it (built once per task).
	 * @return the id
	 */
	public String getIdText() {
		String text = this.idText;
		if (text == null) {
			// Racing threads build equal strings: no need for more than a plain field.
			text = Long.toString(this.id);
			this.idText = text;
		}
		return text;
	}

	/**
	 * The kind of task ({@code task.kind}).
	 * @return the kind
	 */
	public TaskKind getKind() {
		return this.keyValues.kind();
	}

	/**
	 * The bean name of the executor the task was submitted to ({@code executor.name}).
	 * @return the name
	 */
	public String getExecutorName() {
		return this.keyValues.executorName();
	}

	/**
	 * When the task was submitted, in {@link System#nanoTime()} units.
	 * @return the submission time
	 */
	public long getCreatedNanos() {
		return this.createdNanos;
	}

	/**
	 * When the task was last woken (made ready to run), in {@link System#nanoTime()}
	 * units: its submission, the expiry of its delay, or the completion of a future it
	 * waited for.
	 * @return the last wake time
	 */
	public long getWakeNanos() {
		return this.wakeNanos;
	}

	void wake(long nanos) {
		this.wakeNanos = nanos;
	}

	/**
	 * The thread that is running (polling) the task right now. Scopes of the task's span
	 * opened on other threads are not polls: context propagation opens the span's scope
	 * on a worker while a child task runs there, to make it the child's parent.
	 * @return the polling thread, or {@code null} between polls
	 */
	public @Nullable Thread getPollingThread() {
		return this.pollingThread;
	}

	void pollingOn(@Nullable Thread thread) {
		this.pollingThread = thread;
	}

	/**
	 * Reserve a task id from the sequence of {@code task.id}s, for layers that treat
	 * other observations (Spring's {@code tasks.scheduled.execution}) as tasks.
	 * @return a new id, unique within the JVM
	 */
	public static long nextId() {
		return IDS.incrementAndGet();
	}

	/**
	 * How the task ended, once it has.
	 * @return the outcome, or {@code null} while the task is not done
	 */
	public @Nullable TaskOutcome getOutcome() {
		return this.outcome;
	}

	void setOutcome(TaskOutcome outcome) {
		this.outcome = outcome;
	}

	void setTask(ObservedTask task) {
		this.task = task;
	}

	/**
	 * Let the task return control to its thread while its span stays open until the given
	 * stage completes: its scope closes now, so the wait counts as idle time, not busy;
	 * the completion wakes the task and stops its span. Used for {@code @Async} methods
	 * that return a future which completes later.
	 * @param stage the stage the task's result waits for
	 * @return whether the task was detached (it was running on this thread)
	 */
	public boolean detachUntil(CompletionStage<?> stage) {
		ObservedTask current = this.task;
		return current != null && current.detachUntil(stage);
	}

	/**
	 * Record a failure that the task's code caught before it reached the task, so that
	 * the task ends with {@code outcome=ERROR} and this exception: Spring's
	 * {@code @Async} interceptor hands the exception of a {@code void} method to its
	 * {@code AsyncUncaughtExceptionHandler}, and the task returns normally.
	 * @param failure the exception the task's code threw
	 */
	public void failed(Throwable failure) {
		ObservedTask current = this.task;
		if (current != null) {
			current.caught(failure);
		}
	}

	@Override
	public KeyValues getHighCardinalityKeyValues() {
		KeyValues stored = super.getHighCardinalityKeyValues();
		return (super.getHighCardinalityKeyValue(SpanKeys.TASK_ID) != null) ? stored
				: stored.and(new TaskIdKeyValue(this));
	}

	@Override
	public @Nullable KeyValue getHighCardinalityKeyValue(String key) {
		KeyValue stored = super.getHighCardinalityKeyValue(key);
		return (stored == null && SpanKeys.TASK_ID.equals(key)) ? new TaskIdKeyValue(this) : stored;
	}

	private static final class TaskIdKeyValue implements KeyValue {

		private final TaskContext task;

		TaskIdKeyValue(TaskContext task) {
			this.task = task;
		}

		@Override
		public String getKey() {
			return SpanKeys.TASK_ID;
		}

		@Override
		public String getValue() {
			return this.task.getIdText();
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof KeyValue keyValue && getKey().equals(keyValue.getKey())
					&& getValue().equals(keyValue.getValue());
		}

		@Override
		public int hashCode() {
			return 31 * getKey().hashCode() + getValue().hashCode();
		}

		@Override
		public String toString() {
			return "tag(" + getKey() + "=" + getValue() + ")";
		}

	}

}
