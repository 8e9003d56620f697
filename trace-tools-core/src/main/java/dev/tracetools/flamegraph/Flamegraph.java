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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A snapshot of a {@link FlamegraphLayer}'s aggregate: a tree of frames whose widths are
 * microseconds (self and inclusive), and its renderings: folded stacks, an interactive
 * HTML page and an SVG.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class Flamegraph {

	/** The unit of every count: microseconds. */
	public static final String UNIT = "µs";

	private final String title;

	private final FlamegraphMode mode;

	private final Frame root;

	private final long foldedSamples;

	private final int stacks;

	private final int maxStacks;

	private final long droppedSamples;

	Flamegraph(String title, FlamegraphMode mode, Frame root, long foldedSamples, int stacks, int maxStacks) {
		this(title, mode, root, foldedSamples, stacks, maxStacks, 0);
	}

	Flamegraph(String title, FlamegraphMode mode, Frame root, long foldedSamples, int stacks, int maxStacks,
			long droppedSamples) {
		this.droppedSamples = droppedSamples;
		this.title = title;
		this.mode = mode;
		this.root = root;
		this.foldedSamples = foldedSamples;
		this.stacks = stacks;
		this.maxStacks = maxStacks;
	}

	/**
	 * The title renderings show.
	 * @return the title
	 */
	public String title() {
		return this.title;
	}

	/**
	 * What the widths measure.
	 * @return the mode
	 */
	public FlamegraphMode mode() {
		return this.mode;
	}

	/**
	 * The root frame ({@code all}), whose total is the sum of all stacks.
	 * @return the root
	 */
	public Frame root() {
		return this.root;
	}

	/**
	 * The sum of all stacks, in microseconds.
	 * @return the total
	 */
	public long totalMicros() {
		return this.root.totalMicros();
	}

	/**
	 * How many samples (time intervals) went to an {@code [other]} frame because the
	 * layer had reached its bound on distinct stacks.
	 * @return the number of folded samples
	 */
	public long foldedSamples() {
		return this.foldedSamples;
	}

	/**
	 * How many samples ({@link FlamegraphMode#CPU}) or waits
	 * ({@link FlamegraphMode#WAIT}) the profiler dropped because it could not put them
	 * under a span: they are in no frame. Always zero in the other modes.
	 * @return the number of dropped samples
	 */
	public long droppedSamples() {
		return this.droppedSamples;
	}

	/**
	 * How many distinct stacks the layer holds (not counting {@code [other]} stacks).
	 * @return the number of stacks
	 */
	public int stacks() {
		return this.stacks;
	}

	/**
	 * The layer's bound on distinct stacks.
	 * @return the bound
	 */
	public int maxStacks() {
		return this.maxStacks;
	}

	/**
	 * A one-line description of what the graph shows, for subtitles.
	 * @return the description
	 */
	public String description() {
		String what = switch (this.mode) {
			case BUSY -> "self busy time";
			case SCHEDULED -> "time tasks waited to be polled";
			case CPU -> "sampled CPU time (samples \u00d7 interval)";
			case WAIT -> "time waited (JFR wait events)";
		};
		String text = what + " in " + UNIT + ", " + this.root.totalMicros() + " " + UNIT + " in all";
		if (this.foldedSamples > 0) {
			text += "; " + this.foldedSamples + " samples folded into " + FrameNames.OTHER + " (max-stacks "
					+ this.maxStacks + ")";
		}
		if (this.droppedSamples > 0) {
			text += "; " + this.droppedSamples + ((this.mode == FlamegraphMode.WAIT) ? " waits" : " samples")
					+ " dropped (not attributable to a span)";
		}
		return text;
	}

	/**
	 * The folded stacks, one line per stack with self time: {@code a;b;c 123} (frames
	 * joined by {@code ;}, then a space and the microseconds), sorted, as inferno,
	 * {@code flamegraph.pl} and speedscope read them. Stacks under a microsecond are left
	 * out.
	 * @return the folded stacks
	 */
	public String toFolded() {
		StringBuilder out = new StringBuilder();
		writeFolded(out);
		return out.toString();
	}

	/**
	 * Write the folded stacks (see {@link #toFolded()}).
	 * @param out where to write
	 */
	public void writeFolded(Appendable out) {
		try {
			StringBuilder path = new StringBuilder();
			for (Frame child : this.root.children()) {
				writeFolded(out, path, child);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void writeFolded(Appendable out, StringBuilder path, Frame frame) throws IOException {
		int length = path.length();
		if (length > 0) {
			path.append(';');
		}
		path.append(frame.name());
		if (frame.selfMicros() > 0) {
			out.append(path).append(' ').append(Long.toString(frame.selfMicros())).append('\n');
		}
		for (Frame child : frame.children()) {
			writeFolded(out, path, child);
		}
		path.setLength(length);
	}

	/**
	 * The folded stacks as a list of lines, without line breaks.
	 * @return the lines
	 */
	public List<String> foldedLines() {
		List<String> lines = new ArrayList<>();
		for (String line : toFolded().split("\n")) {
			if (!line.isEmpty()) {
				lines.add(line);
			}
		}
		return lines;
	}

	/**
	 * Render an interactive HTML flamegraph (search, click to zoom, tooltips with
	 * microseconds and percent) with async-profiler's converter.
	 * @return a self-contained HTML page
	 */
	public String toHtml() {
		return HtmlFlamegraph.render(this);
	}

	/**
	 * Render a self-contained SVG flamegraph, inferno-like: frames sized by inclusive
	 * time, a tooltip (title) per frame.
	 * @return the SVG document
	 */
	public String toSvg() {
		return SvgFlamegraph.render(this);
	}

	/**
	 * A frame: a span path's last span, with its self and inclusive time.
	 *
	 * @param name the frame's text
	 * @param kind what the frame stands for
	 * @param selfMicros the time of this stack itself
	 * @param totalMicros the time of this stack and all stacks under it
	 * @param children the frames under this one, sorted by name
	 */
	public record Frame(String name, FrameKind kind, long selfMicros, long totalMicros, List<Frame> children) {

	}

}
