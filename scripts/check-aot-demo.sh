#!/usr/bin/env bash
# Spring AOT check, run by .ci/run: builds the demo application with Spring AOT
# (spring-boot:process-aot, the "aot" profile of demo-app), starts the jar with
# -Dspring.aot.enabled=true on a free port (or $PORT), sends one fan-out request and
# checks that the flamegraph, the task console and the timeline answer with its spans.
#
#   scripts/check-aot-demo.sh            # builds first
#   scripts/check-aot-demo.sh --no-build # uses demo-app/target as it is
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--no-build" ]; then
	./mvnw -B -q -pl demo-app -am package -Paot -DskipTests
fi
if [ ! -d demo-app/target/spring-aot/main/sources ]; then
	echo "FAIL: demo-app was not processed by spring-boot:process-aot" >&2
	exit 1
fi
jar=$(ls demo-app/target/demo-app-*.jar | grep -v -- '-plain' | head -n 1)

log=$(mktemp)
java -Dspring.aot.enabled=true -jar "$jar" --server.port="${PORT:-0}" --server.address=127.0.0.1 >"$log" 2>&1 &
pid=$!
cleanup() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	echo "--- application log ---" >&2
	tail -n 60 "$log" >&2
	exit 1
}

port=""
for _ in $(seq 1 240); do
	kill -0 "$pid" 2>/dev/null || fail "the application stopped"
	port=$(grep -o 'started on port [0-9]*' "$log" | grep -o '[0-9]*$' | head -n 1 || true)
	[ -n "$port" ] && break
	sleep 0.5
done
[ -n "$port" ] || fail "the application did not start within 120 s"
grep -q 'Starting AOT-processed' "$log" || fail "the application did not run its AOT-generated code"
base="http://127.0.0.1:$port"

curl -fsS "$base/demo/users" >/dev/null || fail "GET /demo/users"

# The request's tasks end a moment after the response: retry for a few seconds.
check() {
	local what=$1 url=$2 accept=$3 expected=$4 body
	for _ in $(seq 1 20); do
		body=$(curl -fsS -H "Accept: $accept" "$url" || true)
		if printf '%s' "$body" | grep -q -- "$expected"; then
			echo "ok: $what"
			return 0
		fi
		sleep 0.5
	done
	printf '%s\n' "$body" | head -c 2000 >&2
	fail "$what: no '$expected' in $url"
}
check "flamegraph (folded)" "$base/actuator/flamegraph?format=folded" "text/plain" ";UserLookupService.findUser"
check "flamegraph (html)" "$base/actuator/flamegraph" "text/html" "UserLookupService.findUser"
check "tasks (json)" "$base/actuator/tasks?name=UserLookupService.findUser" "application/json" '"kind":"async"'
check "tasks (console page)" "$base/actuator/tasks" "text/html" "<html"
check "timeline (json)" "$base/actuator/timeline?format=json" "application/json" "UserLookupService.findUser"
echo "AOT demo check passed (Spring AOT, port $port)"
