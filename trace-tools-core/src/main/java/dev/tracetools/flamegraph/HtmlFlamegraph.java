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

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import one.convert.Arguments;
import one.convert.CallStack;
import one.convert.FlameGraph;

/**
 * Renders a {@link Flamegraph} as async-profiler's interactive HTML page
 * ({@code tools.profiler:jfr-converter}), then adapts the page to spans: counts read in
 * µs rather than samples, and the legend names span kinds rather than JVM frame types.
 * <p>
 * The converter writes frame names into a script as single-quoted JavaScript strings,
 * escaping only {@code \} and {@code '}, and the title into the page raw. So the title is
 * HTML-escaped here, and every {@code <} in the frame names is written as {@code \x3c},
 * so that a name such as {@code </script><script>...} cannot end the script element:
 * names reach the page only as text.
 *
 * @author trace-tools
 */
final class HtmlFlamegraph {

	private static final String CPOOL_START = "const cpool = [";

	private static final String CPOOL_END = "];";

	private static final String LEGEND_START = "<dl class='frames'>";

	private static final String HOTKEYS_START = "<dl class='hotkeys'>";

	private static final String LEGEND = """
			<dl class='frames'>
				<dt>Frames</dt>
				<dd style='background-color: #50e150'>@Observe / observe(...)</dd>
				<dd style='background-color: #c8c83c'>Task</dd>
				<dd style='background-color: #e17d00'>Other observation</dd>
				<dd style='background-color: #e15a5a'>Thread, [other]</dd>
				<dd style='background-color: #50cccc'>Java method (profiling)</dd>
				<dt>Search</dt>
				<dd style='background-color: #ee00ee'>Matches regexp</dd>
			</dl>
			""";

	private HtmlFlamegraph() {
	}

	static String render(Flamegraph graph) {
		Arguments arguments = new Arguments();
		String title = escapeHtml(graph.title() + " \u2014 " + graph.description());
		arguments.title = title;
		FlameGraph converter = new FlameGraph(arguments);
		CallStack stack = new CallStack();
		for (Flamegraph.Frame frame : graph.root().children()) {
			addSamples(converter, stack, frame);
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
		converter.dump(out);
		out.flush();
		return adapt(bytes.toString(StandardCharsets.UTF_8), title);
	}

	private static void addSamples(FlameGraph converter, CallStack stack, Flamegraph.Frame frame) {
		stack.push(frame.name(), type(frame.kind()));
		if (frame.selfMicros() > 0) {
			converter.addSample(stack, frame.selfMicros());
		}
		for (Flamegraph.Frame child : frame.children()) {
			addSamples(converter, stack, child);
		}
		stack.pop();
	}

	private static byte type(FrameKind kind) {
		return switch (kind) {
			case OBSERVE -> one.convert.Frame.TYPE_JIT_COMPILED;
			case TASK -> one.convert.Frame.TYPE_CPP;
			case OBSERVATION -> one.convert.Frame.TYPE_KERNEL;
			case METHOD -> one.convert.Frame.TYPE_INLINED;
			default -> one.convert.Frame.TYPE_NATIVE;
		};
	}

	private static String adapt(String html, String title) {
		String page = escapeFrameNames(html);
		// The converter shows the title in the page only: a tab or a bookmark needs
		// <title>.
		int head = page.indexOf("<head>");
		if (head >= 0 && !page.contains("<title>")) {
			head += "<head>".length();
			page = page.substring(0, head) + "\n<title>" + title + "</title>" + page.substring(head);
		}
		page = page.replace("'1 sample'", "'1 \u00b5s'").replace("+ ' samples'", "+ ' \u00b5s'");
		int legend = page.indexOf(LEGEND_START);
		int hotkeys = page.indexOf(HOTKEYS_START);
		if (legend >= 0 && hotkeys > legend) {
			page = page.substring(0, legend) + LEGEND + page.substring(hotkeys);
		}
		return page;
	}

	private static String escapeFrameNames(String html) {
		int start = html.indexOf(CPOOL_START);
		int end = (start >= 0) ? html.indexOf(CPOOL_END, start + CPOOL_START.length()) : -1;
		if (end < 0) {
			throw new IllegalStateException("Unexpected flamegraph template: no frame names found");
		}
		String names = html.substring(start, end).replace("<", "\\x3c");
		return html.substring(0, start) + names + html.substring(end);
	}

	static String escapeHtml(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '&' -> escaped.append("&amp;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
