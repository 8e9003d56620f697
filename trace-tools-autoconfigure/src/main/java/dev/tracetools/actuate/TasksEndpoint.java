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

package dev.tracetools.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import dev.tracetools.flamegraph.profiling.HotMethod;
import dev.tracetools.query.InvalidParameterException;
import dev.tracetools.query.QueryParameters;
import dev.tracetools.tasks.ConsoleLayer;
import dev.tracetools.tasks.ConsoleSnapshot;
import dev.tracetools.tasks.TaskDetails;
import dev.tracetools.tasks.TaskQuery;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@link Endpoint @Endpoint} that shows the console layer's task table: the counterpart
 * of tokio-console. {@code GET /actuator/tasks} answers JSON (a summary, the tasks, the
 * executors and the warnings; filters {@code state}, {@code name}, {@code executor},
 * {@code warning}, {@code sort}, {@code limit}; every duration in nanoseconds) or, to a
 * browser ({@code Accept: text/html}), a live console page. {@code GET
 * /actuator/tasks/{id}} answers one task in detail, with the current stack of the thread
 * polling it if it is running.
 *
 * @author trace-tools
 * @since 0.1.0
 */
@Endpoint(id = "tasks")
public class TasksEndpoint {

	private static final String HTML = "text/html;charset=UTF-8";

	private final ConsoleLayer layer;

	private final LongFunction<List<HotMethod>> hotMethods;

	private volatile @Nullable String page;

	/**
	 * Create the endpoint.
	 * @param layer the console layer to show
	 */
	public TasksEndpoint(ConsoleLayer layer) {
		this(layer, (taskId) -> List.of());
	}

	/**
	 * Create the endpoint with each task's hottest methods.
	 * @param layer the console layer to show
	 * @param hotMethods the hottest methods of a task by id (self samples), such as
	 * {@link dev.tracetools.flamegraph.profiling.JfrProfiler#hotMethods(long)}
	 */
	public TasksEndpoint(ConsoleLayer layer, LongFunction<List<HotMethod>> hotMethods) {
		this.layer = layer;
		this.hotMethods = hotMethods;
	}

	/**
	 * The task table as JSON.
	 * @param state comma-separated states to keep ({@code scheduled}, {@code running},
	 * {@code idle}, {@code done})
	 * @param name a substring of the task name
	 * @param executor an executor name
	 * @param warning a warning name ({@code long-poll}, {@code stuck},
	 * {@code scheduling-delay}, {@code failed}, {@code rejected})
	 * @param sort a column to sort by, {@code -} in front for descending
	 * @param limit the maximum number of tasks (default 1000)
	 * @return the table, or 400 with a {@link ParameterError} if a parameter is not valid
	 */
	@ReadOperation
	public WebEndpointResponse<Object> tasks(@Nullable String state, @Nullable String name, @Nullable String executor,
			@Nullable String warning, @Nullable String sort, @Nullable String limit) {
		TaskQuery query;
		try {
			query = TaskQuery.parse(state, name, executor, warning, sort, limit);
		}
		catch (InvalidParameterException ex) {
			return ParameterError.badRequest(ex);
		}
		return new WebEndpointResponse<>(new TasksDescriptor(this.layer.snapshot(query)));
	}

	/**
	 * The live console page, for browsers. It reads the JSON of this endpoint.
	 * @return the page
	 */
	@ReadOperation(produces = HTML)
	public String console() {
		String html = this.page;
		if (html == null) {
			try (InputStream in = TasksEndpoint.class.getResourceAsStream("tasks-console.html")) {
				if (in == null) {
					throw new IllegalStateException("tasks-console.html is missing");
				}
				html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.page = html;
		}
		return html;
	}

	/**
	 * One task in detail.
	 * @param id the task's id
	 * @return the task, 404 if it is not in the table, or 400 if the id is not a number
	 */
	@ReadOperation
	public WebEndpointResponse<Object> task(@Selector String id) {
		Long taskId;
		try {
			taskId = QueryParameters.number("id", id, 1, Long.MAX_VALUE, "task ids");
			if (taskId == null) {
				throw new InvalidParameterException("id", id,
						QueryParameters.wholeNumbers(1, Long.MAX_VALUE, "task ids"));
			}
		}
		catch (InvalidParameterException ex) {
			return ParameterError.badRequest(ex);
		}
		return this.layer.task(taskId)
			.<WebEndpointResponse<Object>>map(
					(details) -> new WebEndpointResponse<>(new TaskDescriptor(details, this.hotMethods.apply(taskId))))
			.orElseGet(() -> new WebEndpointResponse<>(
					Map.of("status", 404, "error", "Not Found", "message", "No task " + taskId + " in the table"),
					WebEndpointResponse.STATUS_NOT_FOUND));
	}

	/**
	 * The task table, as JSON.
	 */
	public static final class TasksDescriptor implements OperationResponseBody {

		private final ConsoleSnapshot snapshot;

		private TasksDescriptor(ConsoleSnapshot snapshot) {
			this.snapshot = snapshot;
		}

		/**
		 * When the table was read, in milliseconds since the epoch.
		 * @return the timestamp
		 */
		public long getTimestamp() {
			return this.snapshot.timestamp();
		}

		/**
		 * The unit of every duration.
		 * @return {@code nanoseconds}
		 */
		public String getDurationUnit() {
			return this.snapshot.durationUnit();
		}

		/**
		 * Counts over the whole table.
		 * @return the summary
		 */
		public ConsoleSnapshot.Summary getSummary() {
			return this.snapshot.summary();
		}

		/**
		 * The tasks that match the query.
		 * @return the tasks
		 */
		public java.util.List<dev.tracetools.tasks.TaskView> getTasks() {
			return this.snapshot.tasks();
		}

		/**
		 * The executors.
		 * @return the executors
		 */
		public java.util.List<dev.tracetools.tasks.ExecutorView> getExecutors() {
			return this.snapshot.executors();
		}

		/**
		 * The warnings raised.
		 * @return the warnings
		 */
		public java.util.List<dev.tracetools.tasks.WarningView> getWarnings() {
			return this.snapshot.warnings();
		}

	}

	/**
	 * One task in detail, as JSON.
	 */
	public static final class TaskDescriptor implements OperationResponseBody {

		private final TaskDetails details;

		private final List<HotMethod> hotMethods;

		private TaskDescriptor(TaskDetails details, List<HotMethod> hotMethods) {
			this.details = details;
			this.hotMethods = hotMethods;
		}

		/**
		 * The methods where the task's threads were running when JDK Flight Recorder
		 * sampled them (self samples), the hottest first; none unless profiling is on.
		 * @return the hottest methods
		 */
		public List<HotMethod> getHotMethods() {
			return this.hotMethods;
		}

		/**
		 * The unit of every duration.
		 * @return {@code nanoseconds}
		 */
		public String getDurationUnit() {
			return "nanoseconds";
		}

		/**
		 * The task's details.
		 * @return the details
		 */
		public TaskDetails getDetails() {
			return this.details;
		}

	}

}
