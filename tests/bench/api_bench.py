#!/usr/bin/env python3
"""HTTP API benchmark (not a test), two parts in one run:

1. Latency on a database of --messages messages (100,000 by default, filled by Postfix's
   smtp-source, plus a few hundred with words of their own): list of 50, a selective search,
   a broad search, one message, its raw bytes. Prints the median and 95th percentile of each
   over --requests requests on one keep-alive connection. Targets: list and search under
   20 ms at the median.
2. SMTP ingest with and without --pollers API clients polling the message list (each once
   every --interval seconds, 0.5 by default as the npm mailpit-api client waits for mail),
   same server, same run. Prints
   both rates and their ratio. Target: ingest falls by less than 10 %.

Usage: tests/bench/api_bench.py [--mailscope PATH] [--messages N] [--requests N] [--pollers N]
                                [--interval SECONDS] [--ingest N]
"""

import argparse
import http.client
import json
import os
import smtplib
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402

NEEDLES = 200
TARGET_MS = 20.0
TARGET_DROP = 0.10


def smtp_source(port, count, sessions=20, length=2048):
    started = time.monotonic()
    subprocess.run([harness.tool("smtp-source"), "-s", str(sessions), "-m", str(count), "-l", str(length), "-d",
                    "-S", "bulk newsletter", "-f", "bulk@example.com", "-t", "reader@example.com",
                    "-M", "bench.example", "127.0.0.1:%d" % port], check=True, capture_output=True, timeout=3600)
    return time.monotonic() - started


def send_needles(port):
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
        for i in range(NEEDLES):
            smtp.sendmail("needle@example.com", ["finder%d@example.com" % i],
                          ("From: Needle <needle@example.com>\r\nTo: finder%d@example.com\r\n"
                           "Subject: needle %04d report\r\n\r\nThe word haystack%04d is only here.\r\n" % (i, i, i))
                          .encode())


class Client:
    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path):
        self.connection.request("GET", path)
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError("GET %s answered %d: %r" % (path, response.status, body[:200]))
        return body


def wait_indexed(client, deadline_s=1800):
    """The search index follows ingest at idle priority: wait until the last needle is found."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        found = json.loads(client.get("/api/v1/search?query=haystack%04d" % (NEEDLES - 1)))
        if found["messages_count"] == 1:
            return
        time.sleep(1)
    raise RuntimeError("the search index did not catch up within %d s" % deadline_s)


def latency(client, path, requests):
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def poll(port, interval, stop, counter):
    client = Client(port)
    while not stop.is_set():
        client.get("/api/v1/messages?limit=50")
        counter.append(1)
        stop.wait(interval)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mailscope")
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--ingest", type=int, default=5000)
    args = parser.parse_args()
    if args.mailscope:
        harness.BIN = os.path.abspath(args.mailscope)
    if not harness.tool("smtp-source"):
        sys.exit("smtp-source (Debian's postfix) is needed")

    server = harness.Server("--durability", "normal")
    try:
        print("Filling the database: %d messages from smtp-source, %d of their own" % (args.messages, NEEDLES))
        seconds = smtp_source(server.port, args.messages)
        send_needles(server.port)
        print("  stored in %.1f s (%.0f messages/s)" % (seconds, args.messages / seconds))
        client = Client(server.http_port)
        started = time.monotonic()
        wait_indexed(client)
        print("  search index caught up %.1f s later" % (time.monotonic() - started))

        newest = json.loads(client.get("/api/v1/messages?limit=1"))["messages"][0]["ID"]
        routes = [
            ("list of 50", "/api/v1/messages?limit=50", True),
            ("list of 50 from 50,000 on", "/api/v1/messages?start=50000&limit=50", False),
            ("search, one match", "/api/v1/search?query=haystack0100", True),
            ("search, %d matches" % NEEDLES, "/api/v1/search?query=from:needle@example.com&limit=50", True),
            ("search, is:unread", "/api/v1/search?query=is:unread&limit=50", True),
            ("one message", "/api/v1/message/%s" % newest, False),
            ("its raw bytes", "/api/v1/message/%s/raw" % newest, False),
        ]
        print("\nLatency over %d requests, ms (median, 95th percentile):" % args.requests)
        failed = []
        for name, path, targeted in routes:
            median, p95 = latency(client, path, args.requests)
            verdict = ""
            if targeted:
                verdict = "  target < %.0f ms: %s" % (TARGET_MS, "met" if median < TARGET_MS else "MISSED")
                if median >= TARGET_MS:
                    failed.append(name)
            print("  %-28s %7.2f %7.2f%s" % (name, median, p95, verdict))

        print("\nIngest of %d messages (smtp-source, 20 sessions, 2 KB):" % args.ingest)
        quiet = smtp_source(server.port, args.ingest)
        stop = threading.Event()
        counter = []
        pollers = [threading.Thread(target=poll, args=(server.http_port, args.interval, stop, counter), daemon=True)
                   for _ in range(args.pollers)]
        for t in pollers:
            t.start()
        busy = smtp_source(server.port, args.ingest)
        stop.set()
        for t in pollers:
            t.join(60)
        quiet_rate, busy_rate = args.ingest / quiet, args.ingest / busy
        drop = 1 - busy_rate / quiet_rate
        print("  without API clients   %8.0f messages/s" % quiet_rate)
        print("  with %d API clients   %8.0f messages/s (%d list requests, %.0f/s)"
              % (args.pollers, busy_rate, len(counter), len(counter) / busy))
        print("  ratio %.3f, drop %.1f %%  target < %.0f %%: %s"
              % (busy_rate / quiet_rate, drop * 100, TARGET_DROP * 100, "met" if drop < TARGET_DROP else "MISSED"))
        if drop >= TARGET_DROP:
            failed.append("ingest under API load")
    finally:
        server.stop()
        server.close()
    if failed:
        print("\nMissed: " + ", ".join(failed))


if __name__ == "__main__":
    main()
