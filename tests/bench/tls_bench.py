#!/usr/bin/env python3
"""Ingest over STARTTLS against plain SMTP, in the same run: Python smtplib clients in
threads, each sending messages over one reused connection (login included), against
`mailscope serve` with a temporary database. Prints messages/s for both and the ratio.

Usage: tests/bench/tls_bench.py [--mailscope PATH] [--threads 10] [--messages 2000] [--size 4096]
Not a test: timings vary with the machine. Bounded: at most --messages messages per run."""

import argparse
import os
import re
import smtplib
import ssl
import subprocess
import sqlite3
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def start_server(binary, folder):
    db = os.path.join(folder, "bench.sqlite")
    proc = subprocess.Popen([binary, "serve", "--smtp", "127.0.0.1:0", "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    port = int(re.search(r"listening on 127\.0\.0\.1:(\d+)", line).group(1))
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()
    return proc, port, db, os.path.join(folder, "mailscope-cert.pem")


def run(port, cert, tls, threads, messages, size):
    body = b"Subject: bench\r\nFrom: a@example.com\r\nTo: b@example.com\r\n\r\n" + (b"x" * 76 + b"\r\n") * (size // 78)
    per_thread = messages // threads
    errors = []

    def client():
        try:
            with smtplib.SMTP("localhost", port, timeout=60) as smtp:
                if tls:
                    smtp.starttls(context=ssl.create_default_context(cafile=cert))
                    smtp.login("bench", "bench")
                for _ in range(per_thread):
                    smtp.sendmail("a@example.com", ["b@example.com"], body)
        except Exception as e:  # reported below; the run is then invalid
            errors.append(e)

    workers = [threading.Thread(target=client) for _ in range(threads)]
    start = time.monotonic()
    for w in workers:
        w.start()
    for w in workers:
        w.join(300)
    elapsed = time.monotonic() - start
    if errors:
        sys.exit("client failed: %r" % errors[0])
    return per_thread * threads / elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mailscope", default=os.path.join(HERE, "..", "..", "build", "release", "app", "mailscope"))
    parser.add_argument("--threads", type=int, default=10)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--size", type=int, default=4096)
    args = parser.parse_args()
    rates = {}
    for tls in (False, True):
        with tempfile.TemporaryDirectory(prefix="mailscope-bench-") as folder:
            proc, port, db, cert = start_server(args.mailscope, folder)
            try:
                rates[tls] = run(port, cert, tls, args.threads, args.messages, args.size)
            finally:
                proc.terminate()
                proc.wait(30)
            stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM messages").fetchone()[0]
            expected = args.messages // args.threads * args.threads
            if stored != expected:
                sys.exit("only %d of %d messages stored" % (stored, expected))
    print("%d x %d B over %d reused connections (smtplib), every message stored" %
          (args.messages, args.size, args.threads))
    print("plain     %8.0f msg/s" % rates[False])
    print("STARTTLS  %8.0f msg/s" % rates[True])
    print("ratio TLS/plain: %.2f" % (rates[True] / rates[False]))


if __name__ == "__main__":
    main()
