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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The handle to a {@link FlamegraphLayer}'s aggregate, the counterpart of trace-tools'
 * {@code Flamegrapher}: takes snapshots and writes them to files, so that a batch job or
 * a test can produce {@code flamegraph.html} at the end of a run. Files are written
 * atomically: to a temporary file in the same directory, flushed to disk, then moved into
 * place, so a reader never sees half a file.
 *
 * @author trace-tools
 * @since 0.1.0
 */
public final class Flamegrapher {

	private final FlamegraphLayer layer;

	private final SpanSamples samples;

	Flamegrapher(FlamegraphLayer layer) {
		this.layer = layer;
		this.samples = new SpanSamples(layer.options());
	}

	/**
	 * The samples a profiler puts under this layer's spans, shown in
	 * {@link FlamegraphMode#CPU} and {@link FlamegraphMode#WAIT} mode.
	 * @return the samples
	 */
	public SpanSamples spanSamples() {
		return this.samples;
	}

	/**
	 * Take a snapshot of the aggregate.
	 * @param mode what the widths measure
	 * @return the flamegraph
	 */
	public Flamegraph flamegraph(FlamegraphMode mode) {
		return mode.isSampled() ? this.samples.flamegraph(mode, this.layer.options().title())
				: this.layer.flamegraph(mode);
	}

	/**
	 * Forget everything counted so far, samples included.
	 */
	public void clear() {
		this.layer.clear();
		this.samples.clear();
	}

	/**
	 * Write the busy-time flamegraph to the files the options name
	 * ({@link FlamegraphOptions#foldedFile()}, {@link FlamegraphOptions#htmlFile()}) and,
	 * when a profiler feeds the {@linkplain #spanSamples() samples}, the CPU and wait
	 * flamegraphs next to them ({@code flamegraph-cpu.folded},
	 * {@code flamegraph-wait.html}).
	 * @return the files written, none if the options name none
	 * @throws IOException if a file cannot be written
	 */
	public List<Path> writeFlamegraph() throws IOException {
		FlamegraphOptions options = this.layer.options();
		Path folded = options.foldedFile();
		Path html = options.htmlFile();
		List<Path> written = new ArrayList<>();
		if (folded == null && html == null) {
			return written;
		}
		writeFlamegraph(FlamegraphMode.BUSY, folded, html, written);
		if (this.samples.isSampling()) {
			for (FlamegraphMode mode : List.of(FlamegraphMode.CPU, FlamegraphMode.WAIT)) {
				writeFlamegraph(mode, besides(folded, mode), besides(html, mode), written);
			}
		}
		return written;
	}

	private void writeFlamegraph(FlamegraphMode mode, @Nullable Path folded, @Nullable Path html, List<Path> written)
			throws IOException {
		Flamegraph graph = flamegraph(mode);
		if (folded != null) {
			write(folded, graph.toFolded());
			written.add(folded);
		}
		if (html != null) {
			write(html, graph.toHtml());
			written.add(html);
		}
	}

	/**
	 * The file of a sampled mode next to the given one: {@code flamegraph-cpu.folded}
	 * next to {@code flamegraph.folded}.
	 */
	private static @Nullable Path besides(@Nullable Path file, FlamegraphMode mode) {
		if (file == null) {
			return null;
		}
		String name = String.valueOf(file.getFileName());
		int dot = name.lastIndexOf('.');
		String sibling = (dot > 0) ? name.substring(0, dot) + "-" + mode.value() + name.substring(dot)
				: name + "-" + mode.value();
		return file.resolveSibling(sibling);
	}

	/**
	 * Write the folded stacks to a file.
	 * @param file the file
	 * @param mode what the widths measure
	 * @throws IOException if the file cannot be written
	 */
	public void writeFolded(Path file, FlamegraphMode mode) throws IOException {
		write(file, flamegraph(mode).toFolded());
	}

	/**
	 * Write the interactive HTML flamegraph to a file.
	 * @param file the file
	 * @param mode what the widths measure
	 * @throws IOException if the file cannot be written
	 */
	public void writeHtml(Path file, FlamegraphMode mode) throws IOException {
		write(file, flamegraph(mode).toHtml());
	}

	/**
	 * Write the SVG flamegraph to a file.
	 * @param file the file
	 * @param mode what the widths measure
	 * @throws IOException if the file cannot be written
	 */
	public void writeSvg(Path file, FlamegraphMode mode) throws IOException {
		write(file, flamegraph(mode).toSvg());
	}

	private static void write(Path file, String content) throws IOException {
		Path target = file.toAbsolutePath();
		Path directory = target.getParent();
		if (directory != null) {
			Files.createDirectories(directory);
		}
		Path temp = Files.createTempFile((directory != null) ? directory : Path.of("."), "." + target.getFileName(),
				".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException ex) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

}
