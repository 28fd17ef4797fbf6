"""Shared pieces of the interop tests: a `mailscope serve` under test, its command line,
and a recording proxy that keeps what a real client put on the wire.

Every test starts its own server on a free 127.0.0.1 port with its own temporary
database, so tests share nothing and run in parallel. Every wait has a deadline.
"""

import base64
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

BIN = os.environ.get("MAILSCOPE_BIN", "")
SKIP_CODE = 77  # CTest's SKIP_RETURN_CODE for these tests
# Seconds for any one client run or wait: a deadline, never a measure. The sanitizer build runs
# several times slower and sets a longer one (tests/interop/CMakeLists.txt).
TIMEOUT = float(os.environ.get("MAILSCOPE_INTEROP_TIMEOUT", "30"))


def require_tools(*tools):
    """Exits with SKIP_CODE, saying why, when a client program is missing."""
    if not BIN or not os.access(BIN, os.X_OK):
        print("MAILSCOPE_BIN must name the mailscope executable", file=sys.stderr)
        sys.exit(1)
    missing = [t for t in tools if not shutil.which(t, path=os.environ.get("PATH", "") + ":/usr/sbin")]
    if missing:
        print("SKIP: %s not installed (run scripts/install-deps.sh test)" % ", ".join(missing))
        sys.exit(SKIP_CODE)


def free_port():
    """A port on 127.0.0.1 that nothing listens on now (for programs that cannot be given port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_mailscope(*args):
    """Runs the mailscope command line to its end; the result whatever the exit code."""
    return subprocess.run([BIN, *args], capture_output=True, timeout=TIMEOUT)


def tool(name):
    return shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin")


class Server:
    """`mailscope serve` on 127.0.0.1:<free port> with a database in a temporary folder."""

    def __init__(self, *options, db=None):
        """db: an existing database to serve again (a restart); by default a new one."""
        self.dir = tempfile.TemporaryDirectory(prefix="mailscope-interop-")
        self.db = db or os.path.join(self.dir.name, "mailscope.sqlite")
        self._lines = []
        self._cond = threading.Condition()
        # Port 0: the kernel picks a free port and the ready line names it, so no race. The
        # HTTP API, too, unless the test chooses.
        http = [] if any(o in ("--http", "--no-http") for o in options) else ["--http", "127.0.0.1:0"]
        self.proc = subprocess.Popen(
            [BIN, "serve", "--smtp", "127.0.0.1:0", "--db", self.db, *http, *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._readers = [threading.Thread(target=self._read, args=(self.proc.stdout, True), daemon=True),
                         threading.Thread(target=self._read, args=(self.proc.stderr, False), daemon=True)]
        self.stderr = []
        for r in self._readers:
            r.start()
        ready = self.wait_for_line(r"^Mailscope \S+ listening on 127\.0\.0\.1:(\d+)")
        self.port = int(ready.group(1))
        self.http_port = None
        if "--no-http" not in options:
            self.http_port = int(self.wait_for_line(r"^HTTP API on http://[^ ]*:(\d+)").group(1))

    def _read(self, stream, is_stdout):
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._cond:
                (self._lines if is_stdout else self.stderr).append(line)
                self._cond.notify_all()

    def output(self):
        with self._cond:
            return list(self._lines)

    def wait_for_line(self, pattern, count=1, timeout=TIMEOUT):
        """Waits until `count` stdout lines match pattern; returns the last match."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                matches = [m for m in map(regex.search, self._lines) if m]
                if len(matches) >= count:
                    return matches[count - 1]
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise AssertionError("mailscope serve printed %d of %d lines matching %r within %.0f s;"
                                         " output:\n%s\nstderr:\n%s" % (len(matches), count, pattern, timeout,
                                                                         "\n".join(self._lines[-20:]),
                                                                         "\n".join(self.stderr[-20:])))
                self._cond.wait(min(left, 0.2))

    def http(self, method, path, body=None, headers=None, auth=None):
        """One request to the HTTP API: (status, headers as a dict with lower-case names, body).
        body may be bytes or something JSON encodes; auth a (user, password) pair."""
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if auth:
            headers["Authorization"] = "Basic " + base64.b64encode(("%s:%s" % auth).encode()).decode()
        connection = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def api(self, method, path, body=None, auth=None, status=200):
        """A request that must answer `status`; returns the body as JSON when it is JSON."""
        code, headers, data = self.http(method, path, body, auth=auth)
        if code != status:
            raise AssertionError("%s %s answered %d, not %d: %r" % (method, path, code, status, data[:500]))
        return json.loads(data) if headers.get("content-type", "").startswith("application/json") else data

    def wait_for_sessions(self, count, timeout=TIMEOUT):
        """Waits until `count` sessions have ended and been stored; returns the last one's id."""
        return int(self.wait_for_line(r"^session (\d+) ", count, timeout).group(1))

    def stop(self):
        """SIGTERM, as a user's Ctrl-C would; returns the exit code (killed after a deadline)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return "killed after %.0f s" % TIMEOUT
        for r in self._readers:
            r.join(5)
        return self.proc.returncode

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.dir.cleanup()

    # The command line over the same database.

    def cli(self, *args):
        result = subprocess.run([BIN, *args, "--db", self.db], capture_output=True, timeout=TIMEOUT)
        if result.returncode != 0:
            raise AssertionError("mailscope %s failed (%d): %s" % (" ".join(args), result.returncode,
                                                                   result.stderr.decode(errors="replace")))
        return result.stdout

    def raw(self, message_id):
        return self.cli("show", str(message_id), "--raw")

    def exported(self, message_id):
        path = os.path.join(self.dir.name, "export-%d.eml" % message_id)
        self.cli("export", str(message_id), "-o", path)
        with open(path, "rb") as f:
            return f.read()

    def json(self, message_id):
        return json.loads(self.cli("show", str(message_id), "--json"))

    def message_ids(self):
        """Ids of every stored message, oldest first."""
        lines = self.cli("list", "--limit", "100000").decode().splitlines()
        return sorted(int(line.split("\t", 1)[0]) for line in lines)

    def sessions(self):
        """Every session as a dict (id, client, helo, outcome, messages), oldest first."""
        rows = []
        for line in self.cli("list", "--sessions", "--limit", "100000").decode().splitlines():
            sid, _started, client, helo, outcome, count = line.split("\t")
            rows.append({"id": int(sid), "client": client, "helo": helo, "outcome": outcome,
                         "messages": int(count)})
        return sorted(rows, key=lambda r: r["id"])

    def transcript(self, message_id):
        return self.cli("show", str(message_id), "--transcript").decode("utf-8", "replace")


class InteropTest(unittest.TestCase):
    """Starts servers that are stopped (and must stop cleanly) when the test ends."""

    def start_server(self, *options, db=None):
        server = Server(*options, db=db)
        self.addCleanup(server.close)
        self.addCleanup(self._stop, server)
        return server

    def _stop(self, server):
        code = server.stop()
        if server.stderr:
            sys.stderr.write("mailscope serve stderr:\n%s\n" % "\n".join(server.stderr))
        self.assertEqual(code, 0, "mailscope serve did not stop cleanly on SIGTERM")
        self.assertIn("Mailscope stopped; everything received is stored.", server.output())

    def run_client(self, args, input=None, expect_code=0):
        """Runs a client program; fails the test with its output when it exits otherwise."""
        result = subprocess.run(args, input=input, capture_output=True, timeout=TIMEOUT)
        if result.returncode != expect_code:
            self.fail("%s exited %d:\n%s\n%s" % (args[0], result.returncode,
                                                 result.stdout.decode(errors="replace")[-3000:],
                                                 result.stderr.decode(errors="replace")[-3000:]))
        return result

    def assertStored(self, server, message_id, expected):
        """The stored message is exactly `expected`, through both `show --raw` and `export`."""
        self.assertEqual(server.raw(message_id), expected)
        self.assertEqual(server.exported(message_id), expected)

    def start_proxy(self, server):
        proxy = RecordingProxy(server.port)
        self.addCleanup(proxy.close)
        return proxy

    def assertStoredAsSent(self, server, proxy, connections=1):
        """Every message the client put on the wire is stored exactly, in the order sent;
        returns the ids. For clients that send over one connection at a time."""
        sent = [m for c in proxy.wait_closed(connections) for m in sent_messages(c.client_bytes())]
        ids = server.message_ids()
        self.assertEqual(len(ids), len(sent), "stored %d messages, the client sent %d" % (len(ids), len(sent)))
        for message_id, expected in zip(ids, sent):
            self.assertStored(server, message_id, expected)
        return ids

    def assertParameters(self, parameters, expected):
        """ESMTP parameters as stored ([key, value] pairs), compared with keys upper-cased."""
        self.assertEqual(sorted((k.upper(), v) for k, v in parameters), sorted(expected))


# What the client sent: a recording proxy and an independent reading of the client's stream.

class Connection:
    def __init__(self):
        self.events = []  # ("C" or "S", bytes) in the order the proxy saw them
        self.upstream_port = 0  # the client port Mailscope saw for this connection
        self.done = threading.Event()

    def client_bytes(self):
        return b"".join(data for side, data in self.events if side == "C")


class RecordingProxy:
    """Forwards each TCP connection to Mailscope unchanged and records both directions."""

    def __init__(self, upstream_port):
        self.upstream_port = upstream_port
        self.connections = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self._listener.close()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            conn = Connection()
            with self._lock:
                self.connections.append(conn)
            threading.Thread(target=self._pump, args=(client, conn), daemon=True).start()

    def _pump(self, client, conn):
        import selectors
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=TIMEOUT)
        conn.upstream_port = upstream.getsockname()[1]
        peers = {client: (upstream, "C"), upstream: (client, "S")}
        sel = selectors.DefaultSelector()
        for s in peers:
            sel.register(s, selectors.EVENT_READ)
        open_reads = 2
        deadline = time.monotonic() + 120
        try:
            while open_reads and time.monotonic() < deadline:
                for key, _ in sel.select(timeout=1):
                    src = key.fileobj
                    dst, side = peers[src]
                    try:
                        data = src.recv(65536)
                    except OSError:
                        data = b""
                    if data:
                        with self._lock:
                            conn.events.append((side, data))
                        try:
                            dst.sendall(data)
                        except OSError:
                            pass
                    else:
                        sel.unregister(src)
                        open_reads -= 1
                        try:
                            dst.shutdown(socket.SHUT_WR)
                        except OSError:
                            pass
        finally:
            client.close()
            upstream.close()
            conn.done.set()

    def wait_closed(self, count, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                conns = list(self.connections)
            if len(conns) >= count and all(c.done.is_set() for c in conns):
                return conns
            time.sleep(0.05)
        raise AssertionError("the client did not close its %d connection(s) in time" % count)


def sent_messages(stream):
    """The messages in a client's byte stream, as the server must store them: DATA content
    dot-unstuffed up to CRLF.CRLF, BDAT chunks joined. Assumes every command was accepted,
    which the tests check through the replies and stored counts."""
    messages = []
    pos = 0
    chunks = None
    while pos < len(stream):
        end = stream.find(b"\r\n", pos)
        if end < 0:
            break
        line = stream[pos:end]
        pos = end + 2
        verb = line.split(b" ", 1)[0].upper()
        if verb == b"DATA":
            body = []
            while True:
                end = stream.find(b"\r\n", pos)
                if end < 0:
                    raise AssertionError("DATA without its end in the client's stream")
                data_line = stream[pos:end + 2]
                pos = end + 2
                if data_line == b".\r\n":
                    break
                body.append(data_line[1:] if data_line.startswith(b".") else data_line)
            messages.append(b"".join(body))
        elif verb == b"BDAT":
            words = line.split()
            size = int(words[1])
            chunks = (chunks or []) + [stream[pos:pos + size]]
            pos += size
            if len(words) > 2 and words[2].upper() == b"LAST":
                messages.append(b"".join(chunks))
                chunks = None
    return messages


class RawClient:
    """A raw SMTP client socket: send exact bytes, read whole (multi-line) replies."""

    def __init__(self, port, timeout=TIMEOUT):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def reply(self):
        """The next reply as (code, [lines without CRLF]); (None, []) when the server closed."""
        lines = []
        while True:
            end = self.buffer.find(b"\r\n")
            while end < 0:
                data = self.sock.recv(65536)
                if not data:
                    return (None, lines)
                self.buffer += data
                end = self.buffer.find(b"\r\n")
            line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
            lines.append(line)
            if line[3:4] != b"-":
                return (int(line[:3]), lines)

    def command(self, data):
        self.send(data)
        return self.reply()

    def closed_by_server(self):
        """True when the server has closed the connection (reads EOF) and sent nothing more."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True

    def close(self):
        self.sock.close()


# Records::LineKind, as stored with each line.
KIND_COMMAND, KIND_REPLY, KIND_NOTE, KIND_TLS, KIND_AUTH_STEP, KIND_FAULT, KIND_DATA, KIND_DEFECT, \
    KIND_AUTH_RESPONSE, KIND_AUTH_CHALLENGE, KIND_AUTH_SECRET = range(11)


def transcript_lines(db_path):
    """Every stored transcript line as (session id, kind, bytes), in order, read straight
    from the database: each row of transcript_chunks packs lines as a format octet (1), then
    per line varints of the time difference (zigzag), kind, message id and length, and the
    line's bytes."""
    def varint(data, pos):
        value = shift = 0
        while True:
            octet = data[pos]
            pos += 1
            value |= (octet & 0x7F) << shift
            shift += 7
            if not octet & 0x80:
                return value, pos

    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    try:
        rows = db.execute("SELECT session_id, data FROM transcript_chunks ORDER BY session_id, id").fetchall()
    finally:
        db.close()
    lines = []
    for session_id, data in rows:
        data = bytes(data)
        if data[:1] != b"\x01":
            raise AssertionError("transcript chunk of session %d has an unknown format" % session_id)
        pos = 1
        while pos < len(data):
            _, pos = varint(data, pos)
            kind, pos = varint(data, pos)
            _, pos = varint(data, pos)
            size, pos = varint(data, pos)
            lines.append((session_id, kind, data[pos:pos + size]))
            pos += size
    return lines
