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

"""What profiling costs the demo, at several loads: two demos side by side, one with
profiling on and one with it off, under the same fixed rate of GET /demo/users over the
same window, so that whatever else the machine runs weighs on both. Each window measures
the CPU time of each demo process (utime + stime of /proc/<pid>/stat), of its threads by
kind (/proc/<pid>/task/*/stat) and the requests it answered. Every round starts two fresh
JVMs and swaps which port profiles; within a round the loads run one after the other.
Linux only.

Two figures per load, each as a median and the range over the rounds:
- the difference of the two processes (CPU per request on - off): everything profiling
  costs, JDK Flight Recorder's threads, the sampled threads' suspensions, the GC of what
  the consumer allocates, but as noisy as the machine;
- JDK Flight Recorder's threads of the profiling demo alone (sampler, stream consumer,
  recorder, periodic tasks), read directly: a lower bound with little noise.
Each as a share of the profiling demo's CPU and as a share of one core.

    ./mvnw -pl demo-app -am clean package -DskipTests   # clean: a repackaged jar is not rebuilt when only a dependency changed
    python3 benchmarks/profiling-cost.py --jar demo-app/target/demo-app-0.1.0-SNAPSHOT.jar \
        --ports 8081,8082 --rates 0,4,12,20 --window 30 --rounds 3

The last lines printed are a Markdown table, ready to paste.
"""

import argparse
import glob
import os
import statistics
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


def kind(name):
    """What a thread is, from its name (cut to 15 characters by Linux)."""
    if name.startswith(("JFR Thread Samp", "JFR Sampler", "JFR CPU Sampler")):
        return "sampler"
    if name.startswith("JFR Event Strea"):
        return "consumer"
    if name.startswith("JFR"):
        return "jfr other"
    if name.startswith(("GC Thread", "G1 ", "VM Periodic", "VM Thread")):
        return "gc+vm"
    if "CompilerThre" in name:
        return "jit"
    return "application"


def thread_cpu(pid):
    """CPU seconds per thread: {task path: (kind, seconds, name)}."""
    threads = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                name = f.read().strip()
            threads[task] = (kind(name), cpu_seconds(task + "/stat"), name)
        except OSError:
            pass
    return threads


def per_kind(before, after):
    kinds = {}
    for task, (name, seconds, _) in after.items():
        spent = seconds - before.get(task, (name, 0.0, name))[1]
        kinds[name] = kinds.get(name, 0.0) + spent
    return kinds


def gc_vm_threads(before, after):
    """CPU seconds of the GC and VM threads by name (GC Thread#0, VM Thread, ...)."""
    spent = {}
    for task, (name, seconds, thread) in after.items():
        if name == "gc+vm":
            spent[thread] = spent.get(thread, 0.0) + seconds - before.get(task, (name, 0.0, thread))[1]
    return spent


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
        return response.status


def start(args, port, jar, arguments):
    log = open(f"demo-{port}.log", "w")
    jvm = args.jvm.replace("{port}", str(port)).split()
    command = ([args.java, "-Xmx256m"] + jvm + ["-jar", jar, f"--server.port={port}",
               "--logging.level.root=WARN"] + arguments)
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

    def __init__(self, port, rate, seconds, clients=16):
        self.url = f"http://127.0.0.1:{port}/demo/users"
        self.interval = 1.0 / rate if rate > 0 else 0
        self.count = int(rate * seconds)
        self.seconds = seconds
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
        # An idle window lasts as long as a loaded one.
        left = self.started + self.seconds - time.time()
        if left > 0:
            time.sleep(left)


def window(processes, rate, seconds):
    """{port: (seconds of the window, process CPU s, requests, failed, {kind: CPU s})}."""
    before = {port: (cpu_seconds(f"/proc/{p.pid}/stat"), thread_cpu(p.pid)) for port, p in processes.items()}
    started = time.time()
    loads = {port: Load(port, rate, seconds) for port in processes}
    for load in loads.values():
        load.begin()
    for load in loads.values():
        load.join()
    elapsed = time.time() - started
    result = {}
    for port, p in processes.items():
        cpu = cpu_seconds(f"/proc/{p.pid}/stat") - before[port][0]
        threads = thread_cpu(p.pid)
        kinds = per_kind(before[port][1], threads)
        kinds["gc+vm threads"] = gc_vm_threads(before[port][1], threads)
        result[port] = (elapsed, cpu, loads[port].done, loads[port].failed, kinds)
    return result


def spread(values, digits=2, scale=1.0):
    values = sorted(v * scale for v in values)
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.median(values):.{digits}f} ({values[0]:.{digits}f} – {values[-1]:.{digits}f})"


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--on-jar", help="the jar of the demo measured, to compare two builds (default: --jar)")
    parser.add_argument("--java", default="java")
    parser.add_argument("--jvm", default="",
                        help="JVM options of both demos (space-separated); {port} stands for the demo's port, "
                             "e.g. -Xlog:gc*,safepoint:file=gc-{port}-%%p.log:utctime,uptime")
    parser.add_argument("--ports", default="8081,8082")
    parser.add_argument("--rates", default="0,4,12,20",
                        help="requests per second to each demo, one window each (0: idle)")
    parser.add_argument("--jit-warmup", type=float, default=40,
                        help="seconds at the highest rate after start-up, before the first window (JIT compilation)")
    parser.add_argument("--warmup", type=float, default=10, help="seconds at a rate before its window")
    parser.add_argument("--window", type=float, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--on", default="--trace-tools.profiling.enabled=true",
                        help="the arguments of the demo measured (space-separated)")
    parser.add_argument("--off", default="--trace-tools.profiling.enabled=false",
                        help="the arguments of the demo it is compared with")
    parser.add_argument("--summarize", metavar="OUTPUT",
                        help="print the table of an earlier run's output (give its --window) and stop")
    args = parser.parse_args()
    if args.summarize:
        summarize(parse(args.summarize, args.window), f"From {args.summarize}.")
        return
    arguments = {True: args.on.split(), False: args.off.split()}
    ports = [int(port) for port in args.ports.split(",")]
    rates = [float(rate) for rate in args.rates.split(",")]
    java = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()
    print(f"java: {java[0] if java else args.java}; JVM options: '{args.jvm}'")
    print(f"on: {args.on_jar or args.jar} {args.on}; off: {args.jar} {args.off}")
    print(f"rates {rates}/s to each demo, warm-up {args.warmup} s, window {args.window} s, "
          f"{args.rounds} rounds, load average {loadavg()}")
    print("| round | rate | profiling | requests | process CPU s | CPU ms/request | "
          "JFR threads s (sampler, consumer, other) | GC+VM s | JIT s | window s |")
    print("|---|--:|---|--:|--:|--:|--:|--:|--:|--:|")
    # rate -> list of per-round dicts
    rounds = {rate: [] for rate in rates}
    loads = []
    try:
        measure(args, arguments, ports, rates, rounds, loads)
    except KeyboardInterrupt:
        print("interrupted: the table has the rounds done")
    done = min(len(measured) for measured in rounds.values())
    print()
    summarize(rounds, f"java: {java[0] if java else args.java}; window {args.window:g} s after {args.warmup:g} s at the "
              f"rate, {done} rounds (fresh JVMs, ports swapped); load average at the windows "
              f"{min(loads, default=0):.1f}–{max(loads, default=0):.1f}.")


def measure(args, arguments, ports, rates, rounds, loads):
    for number in range(args.rounds):
        on_port = ports[number % 2]
        processes = {port: start(args, port, (args.on_jar or args.jar) if port == on_port else args.jar,
                                 arguments[port == on_port]) for port in ports}
        try:
            window(processes, max(rates), args.jit_warmup)
            for rate in rates:
                if args.warmup > 0:
                    window(processes, rate, args.warmup)
                loads.append(float(loadavg().split()[0]))
                opened = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
                result = window(processes, rate, args.window)
                closed = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
                measured = {}
                for port in ports:
                    elapsed, cpu, done, failed, kinds = result[port]
                    on = port == on_port
                    measured[on] = (elapsed, cpu, done, kinds)
                    jfr = [kinds.get(k, 0.0) for k in ("sampler", "consumer", "jfr other")]
                    print(f"| {number + 1} | {rate:g} | {'on' if on else 'off'} (:{port}) | {done} ({failed} failed) | "
                          f"{cpu:.2f} | {1000 * cpu / max(done, 1):.2f} | "
                          f"{sum(jfr):.2f} ({jfr[0]:.2f}, {jfr[1]:.2f}, {jfr[2]:.2f}) | "
                          f"{kinds.get('gc+vm', 0.0):.2f} | {kinds.get('jit', 0.0):.2f} | {elapsed:.1f} |", flush=True)
                rounds[rate].append(measured)
                # Which lines of the JVMs' own logs (-Xlog with the utctime decoration)
                # fall in the window.
                print(f"window: round {number + 1}, rate {rate:g}, profiling on :{on_port}, {opened} to {closed} UTC",
                      flush=True)
                for port in ports:
                    threads = sorted(result[port][4]["gc+vm threads"].items())
                    print(f"gc+vm threads, profiling {'on' if port == on_port else 'off'} (:{port}): "
                          + ", ".join(f"{thread} {seconds:.2f}" for thread, seconds in threads if seconds > 0),
                          flush=True)
        finally:
            for p in processes.values():
                p.terminate()
            for p in processes.values():
                p.wait(30)


def parse(path, seconds):
    """The windows printed by an earlier run (one that was interrupted, say)."""
    rounds = {}
    for line in open(path):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) not in (9, 10) or not cells[0].isdigit():
            continue
        rate = float(cells[1])
        on = cells[2].startswith("on")
        jfr = cells[6].split("(")[1].rstrip(")").split(",")
        kinds = {"sampler": float(jfr[0]), "consumer": float(jfr[1]), "jfr other": float(jfr[2]),
                 "gc+vm": float(cells[7]), "jit": float(cells[8])}
        per_round = rounds.setdefault(rate, {})
        elapsed = float(cells[9]) if len(cells) == 10 else seconds
        per_round.setdefault(int(cells[0]), {})[on] = (elapsed, float(cells[4]), int(cells[3].split()[0]), kinds)
    return {rate: [measured for measured in per_round.values() if len(measured) == 2]
            for rate, per_round in rounds.items()}


def summarize(rounds, title):
    print(title + " Median (min – max) over the rounds.")
    print()
    print("| requests/s asked (answered) | demo CPU, profiling off (cores) | profiling's cost, process on − off: % of the demo's CPU "
          "| same, % of one core | same without the JIT compiler threads, % of one core "
          "| JFR threads alone: % of the demo's CPU | same, % of one core | of which sampler / consumer (% of one core) |")
    print("|--:|--:|--:|--:|--:|--:|--:|--:|")
    for rate in rounds:
        if not rounds[rate]:
            continue
        off_cores, diff_share, diff_core, compiled_core, jfr_share, jfr_core, sampler, consumer = ([], [], [], [], [],
                                                                                           [], [], [])
        answered = []
        for measured in rounds[rate]:
            elapsed_on, cpu_on, done_on, kinds_on = measured[True]
            elapsed_off, cpu_off, done_off, kinds_off = measured[False]
            off_cores.append(cpu_off / elapsed_off)
            answered.append(done_off / elapsed_off)
            if rate > 0 and done_on and done_off:
                # Per request, so that a demo that answered a few requests fewer is not
                # counted as cheaper.
                per_on, per_off = cpu_on / done_on, cpu_off / done_off
                diff_share.append((per_on - per_off) / per_on)
                diff_core.append((per_on - per_off) * done_on / elapsed_on)
                # The JIT compiler threads still work minutes after start-up on a busy
                # machine, more in the demo that runs the stream's code: a long-running
                # application stops paying that.
                compiled_on = (cpu_on - kinds_on.get("jit", 0.0)) / done_on
                compiled_off = (cpu_off - kinds_off.get("jit", 0.0)) / done_off
                compiled_core.append((compiled_on - compiled_off) * done_on / elapsed_on)
            else:
                diff_share.append((cpu_on - cpu_off) / cpu_on)
                diff_core.append((cpu_on - cpu_off) / elapsed_on)
                compiled_core.append((cpu_on - kinds_on.get("jit", 0.0) - cpu_off + kinds_off.get("jit", 0.0))
                                     / elapsed_on)
            jfr = sum(kinds_on.get(k, 0.0) for k in ("sampler", "consumer", "jfr other"))
            jfr_share.append(jfr / cpu_on)
            jfr_core.append(jfr / elapsed_on)
            sampler.append(kinds_on.get("sampler", 0.0) / elapsed_on)
            consumer.append(kinds_on.get("consumer", 0.0) / elapsed_on)
        label = "idle" if rate == 0 else f"{rate:g} ({statistics.median(answered):.1f})"
        print(f"| {label} | {spread(off_cores, 2)} | {spread(diff_share, 1, 100)} % | {spread(diff_core, 2, 100)} % "
              f"| {spread(compiled_core, 2, 100)} % | {spread(jfr_share, 1, 100)} % | {spread(jfr_core, 2, 100)} % "
              f"| {statistics.median(sampler) * 100:.2f} / {statistics.median(consumer) * 100:.2f} |")


if __name__ == "__main__":
    main()
