#!/usr/bin/env python3
#
# Copyright 2026 the original authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#      https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""What profiling costs the demo: two demos side by side, one with profiling on and one
with it off, under the same fixed rate of GET /demo/users at the same time, so that
whatever else the machine runs weighs on both. Each run measures, over the same window,
the CPU time of each demo process (utime + stime of /proc/<pid>/stat) and of its JDK
Flight Recorder threads, and the requests it answered. The runs alternate which port
profiles. Linux only.

    ./mvnw -pl demo-app -am package -DskipTests
    python3 benchmarks/profiling-cost.py --jar demo-app/target/demo-app-*.jar \
        --ports 8081,8082 --rate 10 --warmup 30 --window 60 --runs 4
"""

import argparse
import glob
import os
import subprocess
import sys
import threading
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(stat_path):
    with open(stat_path) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def thread_cpu(pid):
    """CPU seconds per thread name (names cut to 15 characters by Linux)."""
    threads = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                name = f.read().strip()
            threads[task] = (name, cpu_seconds(task + "/stat"))
        except OSError:
            pass
    return threads


def jfr_seconds(before, after):
    per_name = {}
    for task, (name, seconds) in after.items():
        if name.startswith("JFR"):
            spent = seconds - before.get(task, (name, 0.0))[1]
            per_name[name] = per_name.get(name, 0.0) + spent
    return per_name


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status


def start(jar, port, arguments, java):
    log = open(f"demo-{port}.log", "w")
    command = [java, "-Xmx256m", "-jar", jar, f"--server.port={port}", "--logging.level.root=WARN"] + arguments
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            if get(f"http://127.0.0.1:{port}/actuator/health", 2) == 200:
                return process
        except Exception:
            time.sleep(1)
    process.kill()
    sys.exit(f"the demo on port {port} did not start, see demo-{port}.log")


class Load:
    """A fixed rate of requests to one port, from a few client threads."""

    def __init__(self, port, rate, seconds, clients=4):
        self.url = f"http://127.0.0.1:{port}/demo/users"
        self.interval = 1.0 / rate
        self.count = int(rate * seconds)
        self.next = 0
        self.lock = threading.Lock()
        self.done = 0
        self.failed = 0
        self.threads = [threading.Thread(target=self.run) for _ in range(clients)]

    def run(self):
        while True:
            with self.lock:
                if self.next >= self.count:
                    return
                due = self.started + self.next * self.interval
                self.next += 1
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            try:
                get(self.url)
                with self.lock:
                    self.done += 1
            except Exception:
                with self.lock:
                    self.failed += 1

    def begin(self):
        self.started = time.time()
        for thread in self.threads:
            thread.start()

    def join(self):
        for thread in self.threads:
            thread.join()


def window(processes, rate, seconds):
    before = {port: (cpu_seconds(f"/proc/{p.pid}/stat"), thread_cpu(p.pid)) for port, p in processes.items()}
    loads = {port: Load(port, rate, seconds) for port in processes}
    for load in loads.values():
        load.begin()
    for load in loads.values():
        load.join()
    result = {}
    for port, p in processes.items():
        cpu = cpu_seconds(f"/proc/{p.pid}/stat") - before[port][0]
        jfr = jfr_seconds(before[port][1], thread_cpu(p.pid))
        result[port] = (cpu, loads[port].done, loads[port].failed, jfr)
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--java", default="java")
    parser.add_argument("--ports", default="8081,8082")
    parser.add_argument("--rate", type=float, default=10, help="requests per second to each demo")
    parser.add_argument("--warmup", type=float, default=30)
    parser.add_argument("--window", type=float, default=60)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--on", default="--trace-tools.profiling.enabled=true",
                        help="the arguments of the demo measured (space-separated)")
    parser.add_argument("--off", default="--trace-tools.profiling.enabled=false",
                        help="the arguments of the demo it is compared with")
    args = parser.parse_args()
    arguments = {True: args.on.split(), False: args.off.split()}
    ports = [int(port) for port in args.ports.split(",")]
    print(f"on: {args.on}; off: {args.off}")
    print(f"rate {args.rate}/s to each demo, warm-up {args.warmup} s, window {args.window} s, "
          f"load {open('/proc/loadavg').read().split()[:3]}")
    print("| run | profiling | requests | process CPU s | CPU ms/request | JFR threads s |")
    print("|---|---|--:|--:|--:|--:|")
    totals = {True: [0.0, 0], False: [0.0, 0]}
    for run in range(args.runs):
        on_port = ports[run % 2]
        processes = {port: start(args.jar, port, arguments[port == on_port], args.java) for port in ports}
        try:
            window(processes, args.rate, args.warmup)
            result = window(processes, args.rate, args.window)
        finally:
            for p in processes.values():
                p.terminate()
            for p in processes.values():
                p.wait(30)
        for port in ports:
            cpu, done, failed, jfr = result[port]
            on = port == on_port
            totals[on][0] += cpu
            totals[on][1] += done
            jfr_text = ", ".join(f"{name} {seconds:.2f}" for name, seconds in sorted(jfr.items()))
            print(f"| {run + 1} | {'on' if on else 'off'} (:{port}) | {done} ({failed} failed) | {cpu:.2f} | "
                  f"{1000 * cpu / max(done, 1):.2f} | {sum(jfr.values()):.2f} ({jfr_text}) |", flush=True)
    on = totals[True][0] / max(totals[True][1], 1)
    off = totals[False][0] / max(totals[False][1], 1)
    print(f"\nCPU per request, all runs: on {1000 * on:.2f} ms, off {1000 * off:.2f} ms, "
          f"profiling's share of the demo's CPU {100 * (on - off) / on:.2f} %; "
          f"load {open('/proc/loadavg').read().split()[:3]}")


if __name__ == "__main__":
    main()
