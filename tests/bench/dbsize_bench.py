#!/usr/bin/env python3
"""Database size benchmark (not a test): `mailscope serve` receives N messages of about 4 KB,
each over a connection of its own (so each has its session and transcript), indexes them, and
stops; then the database's bytes per message, the ratio to the raw bytes of the messages, and
where the bytes are (SQLite's dbstat, per table and index) are printed. With --reference, a
second build (e.g. main's) receives the same mail in the same run, and both are printed side by
side. Two kinds of mail: smtp-source's 4 KB filler lines, and prose of varied words (whose
search index is larger, as real mail's is).

Usage: tests/bench/dbsize_bench.py [--mailscope PATH] [--reference PATH] [--messages N]
"""

import argparse
import itertools
import os
import random
import smtplib
import sqlite3
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "interop"))
import harness  # noqa: E402  (the same `mailscope serve` wrapper the interop tests use)

TARGET_RATIO = 1.5  # database bytes over the raw bytes of the messages


def prose_messages(count, size=4096, seed=22):
    """Messages of about `size` octets of words drawn (Zipf-like) from a 20,000-word vocabulary."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "an", "el", "or", "ix", "ber", "con", "dra",
                 "fen", "gal", "hum", "jor", "mus", "pet", "quin", "stra", "tor", "wex"]
    vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(30000)})
    rng.shuffle(vocabulary)
    vocabulary = vocabulary[:20000]
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(vocabulary))))
    out = []
    for i in range(count):
        head = ("From: Sender %d <sender%d@example.com>\r\nTo: rcpt%d@example.org\r\nSubject: %s\r\n"
                "Message-ID: <p%d@example.com>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\n"
                % (i % 97, i % 97, i % 13, " ".join(rng.choices(vocabulary, cum_weights=cumulative, k=5)), i))
        body, line, width = [], [], 0
        length = len(head)
        for word in rng.choices(vocabulary, cum_weights=cumulative, k=size // 4):
            if length >= size:
                break
            line.append(word)
            width += len(word) + 1
            if width > 72:
                body.append(" ".join(line))
                length += len(body[-1]) + 2
                line, width = [], 0
        out.append((head + "\r\n".join(body) + "\r\n").encode())
    return out


def send_prose(port, messages):
    for raw in messages:
        with smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT) as client:
            client.sendmail("from@example.com", ["to@example.com"], raw)


def send_filler(port, count):
    subprocess.run([harness.tool("smtp-source"), "-s", "10", "-m", str(count), "-l", "4096", "-S", "bench",
                    "-f", "from@example.com", "-t", "to@example.com", "-M", "bench.example",
                    "127.0.0.1:%d" % port], check=True, timeout=600)


def wait_indexed(db, count, timeout=600):
    """Until the indexer has analysed `count` messages (it runs on idle CPU, after the mail)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as c:
            stored, analysed = c.execute("SELECT (SELECT COUNT(*) FROM messages),"
                                         " (SELECT last_id FROM analysis_progress)").fetchone()
            top = c.execute("SELECT MAX(id) FROM messages").fetchone()[0]
        if stored == count and analysed == top:
            return
        time.sleep(0.5)
    sys.exit("the indexer did not finish in %d s" % timeout)


class Measure:
    """Bytes of a stopped server's database, in total and by table or index."""

    def __init__(self, db):
        c = sqlite3.connect(db)
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.messages, self.raw = c.execute("SELECT COUNT(*), SUM(length(data)) FROM message_raw").fetchone()
        self.sessions = c.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
        self.free = c.execute("PRAGMA freelist_count").fetchone()[0] * c.execute("PRAGMA page_size").fetchone()[0]
        self.tables = dict(c.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
        c.close()
        self.size = os.path.getsize(db)

    def ratio(self):
        return self.size / self.raw


def run(binary, mail, count):
    harness.BIN = binary
    server = harness.Server("--no-tls", "--no-http", "--durability", "normal")
    try:
        if mail == "filler":
            send_filler(server.port, count)
        else:
            send_prose(server.port, prose_messages(count))
        wait_indexed(server.db, count)
        server.stop()
        return Measure(server.db)
    finally:
        server.close()


def show(mail, builds):
    names = [name for name, _ in builds]
    first = builds[0][1]
    print("\n%s: %d messages, %d sessions, raw %.0f octets per message" % (
        mail, first.messages, first.sessions, first.raw / first.messages))
    print("%-32s" % "bytes per message" + "".join("%14s" % n for n in names))
    print("%-32s" % "database file" + "".join("%14.0f" % (m.size / m.messages) for _, m in builds))
    print("%-32s" % "ratio to raw bytes" + "".join("%14.2f" % m.ratio() for _, m in builds)
          + "   (target <= %.1f)" % TARGET_RATIO)
    tables = sorted({t for _, m in builds for t in m.tables}, key=lambda t: -max(m.tables.get(t, 0) for _, m in builds))
    for table in tables:
        values = [m.tables.get(table, 0) / m.messages for _, m in builds]
        if max(values) >= 1:
            print("  %-30s" % table + "".join("%14.0f" % v for v in values))
    print("  %-30s" % "(free pages)" + "".join("%14.0f" % (m.free / m.messages) for _, m in builds))


def main():
    repo = os.path.abspath(os.path.join(HERE, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mailscope", default=os.path.join(repo, "build", "release", "app", "mailscope"))
    parser.add_argument("--reference", help="another mailscope build to measure beside it, e.g. main's")
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--mail", choices=["filler", "prose", "both"], default="both")
    args = parser.parse_args()
    if not harness.tool("smtp-source") and args.mail != "prose":
        sys.exit("smtp-source is missing: run scripts/install-deps.sh test")
    binaries = [("this build", os.path.abspath(args.mailscope))]
    if args.reference:
        binaries.insert(0, ("reference", os.path.abspath(args.reference)))
    for _, path in binaries:
        if not os.access(path, os.X_OK):
            sys.exit("no mailscope at %s" % path)
    for mail in (["filler", "prose"] if args.mail == "both" else [args.mail]):
        show(mail, [(name, run(path, mail, args.messages)) for name, path in binaries])


if __name__ == "__main__":
    main()
