#!/usr/bin/env python3
"""Ingest rate with Postfix's smtp-source: each given `mailscope` binary, and smtp-sink (which
discards everything) as the reference, in the same run. Meant to show what the list summary
computed at ingest (Mime::summarize) costs: pass a build with the old summary and one with
the new. Prints messages/s for each, the ratio to smtp-sink, and checks every message was
stored.

Usage: tests/bench/ingest_bench.py [--messages 2000] [--sessions 10] [--size 4096] [--reuse]
                                   MAILSCOPE_BINARY [MAILSCOPE_BINARY...]
Not a test: timings vary with the machine. Bounded: one smtp-source run per binary."""

import argparse
import os
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def source(port, args):
    cmd = ["smtp-source", "-s", str(args.sessions), "-m", str(args.messages), "-l", str(args.size),
           "-f", "bench@example.org", "-t", "sink@example.net"]
    if args.reuse:
        cmd.append("-d")
    start = time.monotonic()
    subprocess.run(cmd + [f"127.0.0.1:{port}"], check=True, timeout=600)
    return time.monotonic() - start


def run_sink(args):
    port = free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []  # smtp-sink refuses to run as root
    sink = subprocess.Popen(["smtp-sink", *user, f"127.0.0.1:{port}", "1000"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        return source(port, args)
    finally:
        sink.terminate()
        sink.wait()


def run_mailscope(binary, args, folder):
    db = os.path.join(folder, f"bench-{abs(hash(binary))}.sqlite")
    proc = subprocess.Popen([binary, "serve", "--smtp", "127.0.0.1:0", "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    port = int(re.search(r"listening on 127\.0\.0\.1:(\d+)", proc.stdout.readline()).group(1))
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    try:
        seconds = source(port, args)
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM messages").fetchone()[0]
    return seconds, stored


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--size", type=int, default=4096)
    parser.add_argument("--reuse", action="store_true", help="smtp-source -d: keep each connection")
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    sink = run_sink(args)
    rate_sink = args.messages / sink
    print(f"{args.messages} x {args.size} B over {args.sessions} sessions{' (reused)' if args.reuse else ''}")
    print(f"{'smtp-sink':40s} {rate_sink:8.0f} messages/s")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for binary in args.binaries:
            seconds, stored = run_mailscope(binary, args, folder)
            rate = args.messages / seconds
            print(f"{binary:40s} {rate:8.0f} messages/s  {rate / rate_sink:5.2f} x smtp-sink  ({stored} stored)")
            ok = ok and stored == args.messages
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
