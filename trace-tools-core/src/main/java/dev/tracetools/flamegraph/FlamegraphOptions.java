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

import java.nio.file.Path;
import java.util.List;

import dev.tracetools.observe.ObservationNameFilter;
import org.jspecify.annotations.Nullable;

/**
 * Options of the {@link FlamegraphLayer}: which observations are frames, how frames are
 * named, how many distinct stacks are kept, and where
 * {@link Flamegrapher#writeFlamegraph()} writes files. Immutable; every {@code with...}
 * method returns a copy. <pre class="code">
 * FlamegraphOptions.defaults().withFileAndLine(true).withHtmlFile(Path.of("flamegraph.html"))
 * </pre>
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class FlamegraphOptions {

	/** The default bound on distinct stacks. */
	public static final int DEFAULT_MAX_STACKS = 10_000;

	/** The default title of rendered flamegraphs. */
	public static final String DEFAULT_TITLE = "trace-tools flamegraph";

	private static final FlamegraphOptions DEFAULTS = new FlamegraphOptions(DEFAULT_TITLE, false, false,
			DEFAULT_MAX_STACKS, List.of(), List.of(), null, null);

	private final String title;

	private final boolean fileAndLine;

	private final boolean threadFrames;

	private final int maxStacks;

	private final List<String> include;

	private final List<String> exclude;

	/**
	 * Whether every observation is a frame: no filter to run (and no iterators to
	 * allocate) at every span's start.
	 */
	private final boolean everyName;

	private final @Nullable Path foldedFile;

	private final @Nullable Path htmlFile;

	private FlamegraphOptions(String title, boolean fileAndLine, boolean threadFrames, int maxStacks,
			List<String> include, List<String> exclude, @Nullable Path foldedFile, @Nullable Path htmlFile) {
		if (maxStacks <= 0) {
			throw new IllegalArgumentException("maxStacks must be positive but was " + maxStacks);
		}
		this.title = title;
		this.fileAndLine = fileAndLine;
		this.threadFrames = threadFrames;
		this.maxStacks = maxStacks;
		this.include = List.copyOf(include);
		this.exclude = List.copyOf(exclude);
		this.everyName = this.include.isEmpty() && this.exclude.isEmpty();
		this.foldedFile = foldedFile;
		this.htmlFile = htmlFile;
	}

	/**
	 * The default options: every observation is a frame, named without location, no
	 * thread frames, at most {@value #DEFAULT_MAX_STACKS} stacks, no files.
	 * @return the default options
	 */
	public static FlamegraphOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy with the given title for rendered flamegraphs.
	 * @param title the title
	 * @return the new options
	 */
	public FlamegraphOptions withTitle(String title) {
		return new FlamegraphOptions(title, this.fileAndLine, this.threadFrames, this.maxStacks, this.include,
				this.exclude, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy that adds the call site to the frames of trace-tools spans, as a Java
	 * stack frame shows it: {@code OrderService.place(OrderService.java:42)}.
	 * @param fileAndLine whether frames show file and line
	 * @return the new options
	 */
	public FlamegraphOptions withFileAndLine(boolean fileAndLine) {
		return new FlamegraphOptions(this.title, fileAndLine, this.threadFrames, this.maxStacks, this.include,
				this.exclude, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy that starts every stack with a frame for the thread the time was
	 * spent on ({@code [task-1]}), like tracing-flame without
	 * {@code with_threads_collapsed}.
	 * @param threadFrames whether stacks start with a thread frame
	 * @return the new options
	 */
	public FlamegraphOptions withThreadFrames(boolean threadFrames) {
		return new FlamegraphOptions(this.title, this.fileAndLine, threadFrames, this.maxStacks, this.include,
				this.exclude, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy with another bound on distinct stacks: once reached, a new stack is
	 * folded into its deepest existing ancestor under an {@code [other]} frame.
	 * @param maxStacks the bound, positive
	 * @return the new options
	 */
	public FlamegraphOptions withMaxStacks(int maxStacks) {
		return new FlamegraphOptions(this.title, this.fileAndLine, this.threadFrames, maxStacks, this.include,
				this.exclude, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy in which only observations whose name starts with one of the given
	 * prefixes are frames (all, if empty). Other observations are transparent: their time
	 * goes to the nearest enclosing frame, their children hang under it.
	 * @param prefixes the observation name prefixes
	 * @return the new options
	 */
	public FlamegraphOptions withInclude(List<String> prefixes) {
		return new FlamegraphOptions(this.title, this.fileAndLine, this.threadFrames, this.maxStacks, prefixes,
				this.exclude, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy in which observations whose name starts with one of the given
	 * prefixes are not frames, even if included: they are transparent.
	 * @param prefixes the observation name prefixes
	 * @return the new options
	 */
	public FlamegraphOptions withExclude(List<String> prefixes) {
		return new FlamegraphOptions(this.title, this.fileAndLine, this.threadFrames, this.maxStacks, this.include,
				prefixes, this.foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy that makes {@link Flamegrapher#writeFlamegraph()} write the folded
	 * stacks to the given file.
	 * @param foldedFile the file, or {@code null} for none
	 * @return the new options
	 */
	public FlamegraphOptions withFoldedFile(@Nullable Path foldedFile) {
		return new FlamegraphOptions(this.title, this.fileAndLine, this.threadFrames, this.maxStacks, this.include,
				this.exclude, foldedFile, this.htmlFile);
	}

	/**
	 * Return a copy that makes {@link Flamegrapher#writeFlamegraph()} write the
	 * interactive HTML flamegraph to the given file.
	 * @param htmlFile the file, or {@code null} for none
	 * @return the new options
	 */
	public FlamegraphOptions withHtmlFile(@Nullable Path htmlFile) {
		return new FlamegraphOptions(this.title, this.fileAndLine, this.threadFrames, this.maxStacks, this.include,
				this.exclude, this.foldedFile, htmlFile);
	}

	/**
	 * The title of rendered flamegraphs.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * Whether frames of trace-tools spans show file and line.
	 * @return whether they do
	 */
	public boolean fileAndLine() {
		return this.fileAndLine;
	}

	/**
	 * Whether stacks start with a thread frame.
	 * @return whether they do
	 */
	public boolean threadFrames() {
		return this.threadFrames;
	}

	/**
	 * The bound on distinct stacks.
	 * @return the bound
	 */
	public int maxStacks() {
		return this.maxStacks;
	}

	/**
	 * Prefixes of the names of observations that are frames (all, if empty).
	 * @return the prefixes
	 */
	public List<String> include() {
		return this.include;
	}

	/**
	 * Prefixes of the names of observations that are never frames.
	 * @return the prefixes
	 */
	public List<String> exclude() {
		return this.exclude;
	}

	/**
	 * The file {@link Flamegrapher#writeFlamegraph()} writes folded stacks to.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path foldedFile() {
		return this.foldedFile;
	}

	/**
	 * The file {@link Flamegrapher#writeFlamegraph()} writes the HTML flamegraph to.
	 * @return the file, or {@code null}
	 */
	public @Nullable Path htmlFile() {
		return this.htmlFile;
	}

	/**
	 * Whether an observation of the given name is a frame.
	 * @param name the observation's name
	 * @return whether it is included and not excluded
	 */
	public boolean isFrame(@Nullable String name) {
		return this.everyName || ObservationNameFilter.accepts(this.include, this.exclude, name);
	}

}
