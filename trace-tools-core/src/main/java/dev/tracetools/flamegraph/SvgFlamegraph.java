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

import java.util.Locale;

/**
 * Renders a {@link Flamegraph} as a self-contained SVG in the manner of inferno and
 * {@code flamegraph.pl}: the root at the bottom, each frame as wide as its inclusive
 * time, in the "hot" palette, with its name, microseconds and percentage as a tooltip
 * ({@code <title>}). No script: the SVG is safe to open anywhere, and every name is
 * XML-escaped.
 *
 * @author trace-tools
 */
final class SvgFlamegraph {

	private static final int WIDTH = 1200;

	private static final int PAD = 10;

	private static final int FRAME_HEIGHT = 16;

	private static final int TOP = 60;

	private static final double MIN_WIDTH = 0.1;

	private static final double CHAR_WIDTH = 7.2;

	private SvgFlamegraph() {
	}

	static String render(Flamegraph graph) {
		Flamegraph.Frame root = graph.root();
		int depth = depth(root, 0);
		int height = TOP + (depth + 1) * FRAME_HEIGHT + 2 * PAD;
		StringBuilder svg = new StringBuilder(4096);
		svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
		svg.append("<svg version=\"1.1\" width=\"").append(WIDTH).append("\" height=\"").append(height);
		svg.append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height);
		svg.append("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
		svg.append("<style>text { font-family: monospace; font-size: 12px; fill: #000000; } ");
		svg.append(".title { font-size: 17px; } .subtitle { fill: #606060; } ");
		svg.append("g.frame:hover rect { stroke: #000000; stroke-width: 0.5; }</style>\n");
		svg.append("<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\">");
		svg.append("<stop stop-color=\"#eeeeee\" offset=\"5%\"/><stop stop-color=\"#eeeeb0\" offset=\"95%\"/>");
		svg.append("</linearGradient></defs>\n");
		svg.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"url(#background)\"/>\n");
		svg.append("<text class=\"title\" x=\"").append(WIDTH / 2).append("\" y=\"24\" text-anchor=\"middle\">");
		svg.append(escape(graph.title())).append("</text>\n");
		svg.append("<text class=\"subtitle\" x=\"").append(WIDTH / 2);
		svg.append("\" y=\"44\" text-anchor=\"middle\">").append(escape(graph.description())).append("</text>\n");
		svg.append("<g id=\"frames\">\n");
		long total = root.totalMicros();
		if (total > 0) {
			double scale = (WIDTH - 2.0 * PAD) / total;
			frame(svg, root, 0, PAD, scale, total, height);
		}
		svg.append("</g>\n</svg>\n");
		return svg.toString();
	}

	private static void frame(StringBuilder svg, Flamegraph.Frame frame, int level, double x, double scale, long total,
			int height) {
		double width = frame.totalMicros() * scale;
		if (width < MIN_WIDTH) {
			return;
		}
		double y = height - PAD - (level + 1) * FRAME_HEIGHT;
		String name = escape(frame.name());
		svg.append("<g class=\"frame\"><title>").append(name).append(" (");
		svg.append(String.format(Locale.ROOT, "%,d", frame.totalMicros())).append(' ').append(Flamegraph.UNIT);
		svg.append(", ").append(String.format(Locale.ROOT, "%.2f", 100.0 * frame.totalMicros() / total));
		svg.append("%)</title><rect x=\"").append(format(x)).append("\" y=\"").append(format(y));
		svg.append("\" width=\"").append(format(width)).append("\" height=\"").append(FRAME_HEIGHT - 1);
		svg.append("\" rx=\"2\" ry=\"2\" fill=\"").append(color(frame)).append("\"/>");
		int chars = (int) ((width - 6) / CHAR_WIDTH);
		if (chars >= 3) {
			String label = (frame.name().length() <= chars) ? frame.name()
					: frame.name().substring(0, chars - 2) + "..";
			svg.append("<text x=\"").append(format(x + 3)).append("\" y=\"").append(format(y + 11.5)).append("\">");
			svg.append(escape(label)).append("</text>");
		}
		svg.append("</g>\n");
		double childX = x + frame.selfMicros() * scale;
		for (Flamegraph.Frame child : frame.children()) {
			frame(svg, child, level + 1, childX, scale, total, height);
			childX += child.totalMicros() * scale;
		}
	}

	private static int depth(Flamegraph.Frame frame, int level) {
		int max = level;
		for (Flamegraph.Frame child : frame.children()) {
			max = Math.max(max, depth(child, level + 1));
		}
		return max;
	}

	/**
	 * The "hot" palette of flamegraph.pl, with a hue derived from the name so that a
	 * frame keeps its colour from one rendering to the next.
	 */
	private static String color(Flamegraph.Frame frame) {
		if (frame.kind() == FrameKind.ROOT || frame.kind() == FrameKind.FOLDED) {
			return "rgb(200,200,200)";
		}
		int hash = frame.name().hashCode();
		if (frame.kind() == FrameKind.METHOD) {
			// Methods in flamegraph.pl's "aqua" palette, apart from the "hot" spans.
			int g = 165 + (int) (55 * (((hash >>> 8) & 0xff) / 255.0));
			int b = 165 + (int) (55 * ((hash & 0xff) / 255.0));
			return "rgb(50," + g + "," + b + ")";
		}
		double v1 = ((hash >>> 8) & 0xff) / 255.0;
		double v2 = ((hash >>> 16) & 0xff) / 255.0;
		double v3 = (hash & 0xff) / 255.0;
		int r = 205 + (int) (50 * v3);
		int g = (int) (230 * v1);
		int b = (int) (55 * v2);
		return "rgb(" + r + "," + g + "," + b + ")";
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * Escape text for XML content and attributes.
	 */
	static String escape(String text) {
		return HtmlFlamegraph.escapeHtml(text);
	}

}
