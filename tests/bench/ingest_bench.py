#!/usr/bin/env python3
"""Ingest benchmark (not a test): Postfix's smtp-source against `mailscope serve` and against
Postfix's smtp-sink, which discards everything, in the same run; prints messages/s for each
and the ratio. After every Mailscope run the server is stopped and the database is checked:
every message smtp-source sent is stored with at least its payload's octets, and every session.

For each throughput workload, Mailscope's CPU per message is split by thread (network, writer,
checkpoint, indexer); after workloads 1 and 2, the network thread's cost of a connection (the
difference per message between a new connection each and reused ones) is printed beside
smtp-sink's whole cost of a connection, measured the same way. The target is the issue's for
--durability normal (0.8 of smtp-sink's rate); with --durability full the ratios are reported.

The large-message workloads (one 50 MiB message; 20 concurrent 50 MiB messages; one 50 MiB
multipart message with a base64 attachment, sent by a Python client to both servers) also print
the server's peak resident memory above idle (VmHWM minus the idle VmRSS, from /proc); with
--reference PATH, another build (e.g. main's) is measured in the same run, alternating.

Usage: tests/bench/ingest_bench.py [--mailscope PATH] [--reference PATH] [--repeat N]
                                   [--durability full|normal] [--only N]
"""

import argparse
import base64
import os
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402  (the same `mailscope serve` wrapper the interop tests use)

MIB = 1024 * 1024
BIG = 50 * MIB
SOURCE_OPTIONS = ["-S", "bench", "-f", "from@example.com", "-t", "to@example.com", "-M", "bench.example"]


class Workload:
    def __init__(self, name, messages, sessions, length, reuse):
        self.name, self.messages, self.sessions, self.length, self.reuse = name, messages, sessions, length, reuse

    def send(self, port, server_pid):
        return run_source(self, port, server_pid)

    def source_args(self, port):
        return ([harness.tool("smtp-source"), "-s", str(self.sessions), "-m", str(self.messages),
                 "-l", str(self.length), *SOURCE_OPTIONS] + (["-d"] if self.reuse else [])
                + ["127.0.0.1:%d" % port])


WORKLOADS = [
    Workload("10,000 x 4 KB, 10 sessions, new connection per message", 10000, 10, 4096, False),
    Workload("10,000 x 4 KB, 10 sessions, reused connections (-d)", 10000, 10, 4096, True),
    Workload("2,000 x 4 KB, 50 sessions, reused connections (-d)", 2000, 50, 4096, True),
]
TARGET_RATIO = {"normal": 0.8}   # of smtp-sink's rate, for each workload above; full: reported
THREADS = [("smtp-network", "network"), ("store-writer", "writer"), ("store-checkpoin", "checkpoint"),
           ("store-analysis", "indexer")]   # Mailscope's thread names (15 characters at most in /proc)


class BigWorkload:
    """Large messages: time against smtp-sink (target: at most max_time_ratio x its time; None:
    printed without a target) and peak memory above idle (target: at most max_rss_mib)."""

    def __init__(self, workload, max_time_ratio, max_rss_mib):
        self.workload, self.max_time_ratio, self.max_rss_mib = workload, max_time_ratio, max_rss_mib


class MultipartClient(Workload):
    """One message of BIG octets, multipart/mixed with a short text part and a base64
    attachment, over one plain SMTP session from this process (smtp-source sends one part only)."""

    def __init__(self, name):
        Workload.__init__(self, name, 1, 1, BIG, True)
        text = b"--sep\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe attachment follows.\r\n"
        head = (b"From: bench@example.com\r\nTo: to@example.com\r\nSubject: a large attachment\r\n"
                b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n" + text
                + b"--sep\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
                b"Content-Disposition: attachment; filename=\"data.bin\"\r\n\r\n")
        tail = b"--sep--\r\n"
        line = base64.b64encode(bytes(range(57))) + b"\r\n"   # 78 octets, no dot at a line start
        lines = (BIG - len(head) - len(tail)) // len(line)
        self.message = head + line * lines + tail
        self.length = len(self.message)   # what the database check expects at least

    def send(self, port, server_pid):
        server_before = cpu_seconds(server_pid)
        cpu_before = time.process_time()
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", port), timeout=600) as s:
            replies = s.makefile("rb")

            def expect(code):
                while True:
                    line = replies.readline()
                    if not line.startswith(code):
                        raise RuntimeError("expected %s, got %r" % (code.decode(), line[:80]))
                    if line[3:4] != b"-":
                        return

            expect(b"220")
            for command, code in ((b"EHLO bench.example", b"250"), (b"MAIL FROM:<bench@example.com>", b"250"),
                                  (b"RCPT TO:<to@example.com>", b"250"), (b"DATA", b"354")):
                s.sendall(command + b"\r\n")
                expect(code)
            s.sendall(self.message + b".\r\n")
            expect(b"250")
            s.sendall(b"QUIT\r\n")
            expect(b"221")
        elapsed = time.monotonic() - started
        return Run(elapsed, time.process_time() - cpu_before, cpu_seconds(server_pid) - server_before)


BIG_WORKLOADS = [
    BigWorkload(Workload("one 50 MiB message", 1, 1, BIG, True), 1.0, 1.5 * BIG / MIB),
    # The target here is memory; the time is printed beside smtp-sink's.
    BigWorkload(Workload("20 concurrent 50 MiB messages, one per session", 20, 20, BIG, True), None, 300),
    BigWorkload(MultipartClient("one 50 MiB multipart message with a base64 attachment (Python client)"),
                1.0, 1.5 * BIG / MIB),
]


class Run:
    """One smtp-source run: wall seconds, and CPU seconds of smtp-source and of the server."""

    def __init__(self, seconds, source_cpu, server_cpu, threads=None):
        self.seconds, self.source_cpu, self.server_cpu = seconds, source_cpu, server_cpu
        self.threads = threads or {}   # CPU seconds by thread name (Mailscope's runs)

    def busy(self):
        """The share of all cores that smtp-source and the server kept busy."""
        return (self.source_cpu + self.server_cpu) / (self.seconds * os.cpu_count())


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def thread_cpu(pid):
    """CPU seconds of each thread name of the process, from /proc (threads that ended are gone)."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat.rsplit(")", 1)[1].split()
        out[name] = out.get(name, 0) + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return out


def run_source(workload, port, server_pid):
    """A Run against the server with that pid; raises if smtp-source did not deliver everything.
    The server's CPU is what it spent while smtp-source ran (indexing goes on after that)."""
    server_before, threads_before = cpu_seconds(server_pid), thread_cpu(server_pid)
    cpu_before = children_cpu()  # smtp-source is the only child that ends and is waited for meanwhile
    started = time.monotonic()
    result = subprocess.run(workload.source_args(port), capture_output=True, timeout=1800)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError("smtp-source failed: %s" % result.stderr.decode(errors="replace").strip())
    threads = {k: v - threads_before.get(k, 0) for k, v in thread_cpu(server_pid).items()}
    return Run(elapsed, children_cpu() - cpu_before, cpu_seconds(server_pid) - server_before, threads)


def sink_run(workload):
    port = harness.free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    sink = subprocess.Popen([harness.tool("smtp-sink"), *user, "-m", "1000", "127.0.0.1:%d" % port, "256"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or sink.poll() is not None:
                    raise RuntimeError("smtp-sink did not start: %s" % sink.stderr.read().decode(errors="replace"))
                time.sleep(0.05)
        return workload.send(port, sink.pid)
    finally:
        sink.kill()
        sink.wait()
        sink.stderr.close()


def proc_status(pid):
    with open("/proc/%d/status" % pid) as f:
        return {k: v.strip() for k, v in (line.split(":", 1) for line in f)}


def kib(status, key):
    return int(status[key].split()[0])


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def verify(db_path, workload):
    """Every message is in the database, raw bytes included, after the server has stopped."""
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    try:
        # A large message's bytes are the pieces stored while it arrived, then message_raw's.
        pieces = db.execute("SELECT 1 FROM sqlite_schema WHERE name = 'message_raw_spools'").fetchone()
        length = ("LENGTH(r.data) + COALESCE((SELECT SUM(LENGTH(p.data)) FROM message_raw_spools s"
                  " JOIN message_raw_pieces p ON p.spool = s.spool WHERE s.message_id = m.id), 0)"
                  if pieces else "LENGTH(r.data)")
        count, raws, smallest = db.execute(
            "SELECT COUNT(*), COUNT(r.message_id), MIN(%s) FROM messages m"
            " LEFT JOIN message_raw r ON r.message_id = m.id" % length).fetchone()
        sessions = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    finally:
        db.close()
    expected_sessions = workload.sessions if workload.reuse else workload.messages
    problems = []
    if count != workload.messages or raws != workload.messages:
        problems.append("%d messages and %d raw bodies stored, %d sent" % (count, raws, workload.messages))
    if smallest is not None and smallest < workload.length:
        problems.append("a stored message has %d octets, less than the %d-octet payload" % (smallest, workload.length))
    if sessions != expected_sessions:
        problems.append("%d sessions stored, %d expected" % (sessions, expected_sessions))
    if problems:
        raise RuntimeError("database check failed: " + "; ".join(problems))
    return "%d messages, %d sessions stored" % (count, sessions)


def mailscope_run(workload, options, big=False, binary=None):
    """(Run, database check, (idle RSS, peak RSS) in KiB or None)."""
    harness.BIN, ours = binary or harness.BIN, harness.BIN
    try:
        server = harness.Server(*options)
    finally:
        harness.BIN = ours
    try:
        pid = server.proc.pid
        rss = None
        if big:
            time.sleep(0.5)
            idle = kib(proc_status(pid), "VmRSS")
            with open("/proc/%d/clear_refs" % pid, "w") as f:
                f.write("5")  # resets VmHWM, so it measures this message only
        run = workload.send(server.port, pid)
        if big:
            rss = (idle, kib(proc_status(pid), "VmHWM"))
        code = server.stop()
        if code != 0:
            raise RuntimeError("mailscope serve did not stop cleanly: %s %s" % (code, server.stderr))
        return run, verify(server.db, workload), rss
    finally:
        server.close()


def spread(messages, seconds):
    """The slowest and fastest run, so noise from other load on the machine shows."""
    return "(runs %.0f-%.0f)" % (messages / max(seconds), messages / min(seconds)) if len(seconds) > 1 else ""


def median_run(runs):
    """The run of median length (the longer of the middle two for an even count), so the rate
    and the CPU figures printed belong to one run."""
    return sorted(runs, key=lambda r: r.seconds)[len(runs) // 2]


def cpu_line(name, run, messages):
    line = ("  %-10s %4.0f us CPU per message, smtp-source %3.0f us; cores busy %3.0f%%"
            % (name, run.server_cpu / messages * 1e6, run.source_cpu / messages * 1e6, run.busy() * 100))
    if any(name in run.threads for name, _ in THREADS):
        line += "\n  %-10s by thread: %s" % ("", ", ".join(
            "%s %.0f us" % (label, run.threads.get(name, 0) / messages * 1e6) for name, label in THREADS))
    return line


def throughput(w, options, repeat, durability):
    """Runs one workload against both servers, alternating; (target met, smtp-sink's median run,
    Mailscope's median run)."""
    sink, ours = [], []
    for _ in range(repeat):
        sink.append(sink_run(w))
        run, check, _ = mailscope_run(w, options)
        ours.append(run)
    sink_median, our_median = median_run(sink), median_run(ours)
    sink_rate, our_rate = w.messages / sink_median.seconds, w.messages / our_median.seconds
    ratio = our_rate / sink_rate
    target = TARGET_RATIO.get(durability)
    ok = target is None or ratio >= target
    verdict = ("target >= %.1f: %s" % (target, "met" if ok else "MISSED") if target is not None
               else "(the target is for --durability normal)")
    print("\n%s\n  smtp-sink  %8.0f msg/s  %s\n  mailscope  %8.0f msg/s  %s\n  stored     %s\n%s\n%s\n"
          "  ratio      %8.2f  %s"
          % (w.name, sink_rate, spread(w.messages, [r.seconds for r in sink]), our_rate,
             spread(w.messages, [r.seconds for r in ours]), check,
             cpu_line("smtp-sink", sink_median, w.messages), cpu_line("mailscope", our_median, w.messages),
             ratio, verdict), flush=True)
    if target is not None:
        print(budget_line(target * sink_rate, sink_median, our_median, w.messages), flush=True)
    return ok, sink_median, our_median


def budget_line(rate, sink_run, our_run, messages):
    """What the target rate leaves Mailscope per message: the cores' time per message at that
    rate, as busy as smtp-sink kept them, less smtp-source's CPU per message in Mailscope's run;
    against what Mailscope spent."""
    cores = os.cpu_count() * 1e6 / rate
    busy = cores * sink_run.busy()
    source = our_run.source_cpu / messages * 1e6
    spent = our_run.server_cpu / messages * 1e6
    return ("  budget     at the target rate the cores give %.0f us per message (%.0f us as busy as with"
            " smtp-sink);\n             less smtp-source's %.0f us, Mailscope may spend %.0f us and spends %.0f"
            " (%.1f x)" % (cores, busy, source, busy - source, spent, spent / (busy - source)))


def connection_cost(new, reused):
    """What a connection costs: CPU per message with a new connection each, less CPU per message
    over reused connections (workloads 1 and 2), for smtp-sink and for Mailscope's network thread.
    new, reused: (messages, smtp-sink's median run, Mailscope's median run)."""
    (n_new, sink_new, ours_new), (n_reused, sink_reused, ours_reused) = new, reused

    def difference(cpu_new, cpu_reused):
        return (cpu_new / n_new - cpu_reused / n_reused) * 1e6

    sink = difference(sink_new.server_cpu, sink_reused.server_cpu)
    network = difference(ours_new.threads.get("smtp-network", 0), ours_reused.threads.get("smtp-network", 0))
    whole = difference(ours_new.server_cpu, ours_reused.server_cpu)
    print("\nCost of a connection (CPU per message, new connection each minus reused connections)\n"
          "  smtp-sink, whole process       %4.0f us\n  mailscope, network thread      %4.0f us = %.2f x smtp-sink's\n"
          "  mailscope, whole process       %4.0f us (with the session's row and transcript)"
          % (sink, network, network / sink if sink > 0 else float("nan"), whole), flush=True)


def big_line(name, runs, sink_s):
    """Median time and the highest peak above idle of a server's runs, against smtp-sink's time."""
    seconds = statistics.median([r[0].seconds for r in runs])
    idle, peak = max((r[2] for r in runs), key=lambda rss: rss[1] - rss[0])
    above = (peak - idle) / 1024
    return seconds, above, ("  %-10s %8.2f s = %.2f x smtp-sink; RSS idle %.0f MiB, peak %.0f MiB: %.0f MiB above idle"
                            " = %.2f x one message" % (name, seconds, seconds / sink_s, idle / 1024, peak / 1024,
                                                       above, above * MIB / BIG))


def big_messages(big, options, repeat, reference):
    """Large messages: time against smtp-sink and peak memory, the reference build alternating."""
    w = big.workload
    # The limit is raised so a 50 MiB payload plus smtp-source's headers fits.
    options = options + ["--max-message-size", str(BIG + MIB)]
    sink, ours, theirs = [], [], []
    for _ in range(repeat):
        sink.append(sink_run(w).seconds)
        ours.append(mailscope_run(w, options, big=True))
        if reference:
            theirs.append(mailscope_run(w, options, big=True, binary=reference))
    sink_s = statistics.median(sink)
    seconds, above, line = big_line("mailscope", ours, sink_s)
    timed = big.max_time_ratio is not None
    ok = (not timed or seconds <= big.max_time_ratio * sink_s) and above <= big.max_rss_mib
    print("\n%s (payload %d octets each)\n  smtp-sink  %8.2f s  %s\n%s  (%s)\n%s  targets: %s<= %.0f MiB above idle: %s"
          % (w.name, BIG, sink_s, "(runs %.2f-%.2f s)" % (min(sink), max(sink)) if len(sink) > 1 else "", line,
             ours[-1][1], big_line("reference", theirs, sink_s)[2] + "\n" if theirs else "",
             "<= %.1f x smtp-sink's time, " % big.max_time_ratio if timed else "", big.max_rss_mib,
             "met" if ok else "MISSED"), flush=True)
    return ok


def main():
    repo = os.path.abspath(os.path.join(HERE, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailscope", default=os.path.join(repo, "build", "release", "app", "mailscope"))
    parser.add_argument("--reference", help="another mailscope build measured alternately on the large messages")
    parser.add_argument("--repeat", type=int, default=3, help="runs per workload and server; medians are printed")
    parser.add_argument("--durability", default="full", choices=["full", "normal"])
    last = len(WORKLOADS) + len(BIG_WORKLOADS)
    parser.add_argument("--only", type=int, action="append", choices=range(1, last + 1),
                        help="run only workload N (1-%d; from %d on, the 50 MiB messages); repeatable"
                        % (last, len(WORKLOADS) + 1))
    args = parser.parse_args()
    chosen = set(args.only or range(1, last + 1))
    harness.BIN = os.path.abspath(args.mailscope)
    for tool in ("smtp-source", "smtp-sink"):
        if not harness.tool(tool):
            sys.exit("%s is missing: run scripts/install-deps.sh test" % tool)
    if not os.access(harness.BIN, os.X_OK):
        sys.exit("no mailscope at %s: build first (cmake --preset release && cmake --build --preset release)"
                 % harness.BIN)

    options = ["--durability", args.durability]
    print("Mailscope ingest benchmark: %d CPU core(s), load average %.2f, --durability %s, median of %d run(s)"
          % (os.cpu_count(), os.getloadavg()[0], args.durability, args.repeat), flush=True)
    results, medians = [], {}
    for n, w in enumerate(WORKLOADS, 1):
        if n in chosen:
            ok, sink_median, our_median = throughput(w, options, args.repeat, args.durability)
            results.append(ok)
            medians[n] = (w.messages, sink_median, our_median)
    if 1 in medians and 2 in medians:
        connection_cost(medians[1], medians[2])
    reference = os.path.abspath(args.reference) if args.reference else None
    results += [big_messages(b, options, args.repeat, reference)
                for n, b in enumerate(BIG_WORKLOADS, len(WORKLOADS) + 1) if n in chosen]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
