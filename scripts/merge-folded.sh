#!/usr/bin/env bash
# Merge the folded stacks of several instances into one flamegraph's folded stacks.
#
# The folded format ("frame;frame <count>" per line, as GET /actuator/flamegraph?format=folded
# answers) is additive: the merged count of a stack is the sum of its counts. Each SOURCE is a
# file, an http(s) URL (fetched with curl) or "-" for standard input. The merged stacks go to
# standard output, one line per stack, sorted by stack (byte order).
#
#   scripts/merge-folded.sh \
#     'http://app-1:8080/actuator/flamegraph?format=folded' \
#     'http://app-2:8080/actuator/flamegraph?format=folded' > all.folded
#
# Render the result with async-profiler's converter (the library trace-tools renders with):
#   java -jar jfr-converter-4.5.jar all.folded all.html
# or with inferno-flamegraph / flamegraph.pl / speedscope.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 SOURCE... > merged.folded   (SOURCE: file, http(s) URL or -)" >&2
	exit 2
fi

for source in "$@"; do
	case "$source" in
		http://* | https://*) curl -fsS "$source" ;;
		-) cat ;;
		*) cat -- "$source" ;;
	esac
	# A source may lack its final line break.
	echo
done | awk '
	{ sub(/\r$/, "") }
	/^[[:space:]]*$/ { next }
	{
		if (!match($0, / [0-9]+[[:space:]]*$/)) {
			printf "merge-folded: not a folded stack (\"frame;frame <count>\"): %s\n", $0 > "/dev/stderr"
			failed = 1
			next
		}
		stack = substr($0, 1, RSTART - 1)
		sub(/[[:space:]]+$/, "", stack)
		count = substr($0, RSTART + 1)
		sum[stack] += count
	}
	END {
		for (stack in sum) printf "%s\t%.0f\n", stack, sum[stack]
		exit failed
	}' | LC_ALL=C sort -t "$(printf '\t')" -k1,1 | sed 's/\t\([0-9]*\)$/ \1/'
