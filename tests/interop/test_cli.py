"""The command line around the store: import (.eml and mbox), export, show, list, clear,
and the one-line errors with their exit codes."""

import os
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest

import harness

EML = b"From: a@example.com\r\nSubject: imported\r\n\r\nbody\r\n"
MBOX = (b"From a@example.com Mon Jan  1 00:00:00 2024\nSubject: one\n\n>From the start\n\n"
        b"From b@example.com Mon Jan  1 00:00:01 2024\nSubject: two\n\ntwo\n")


run = harness.run_mailscope


class CliTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="mailscope-cli-")
        self.addCleanup(self.dir.cleanup)
        self.db = os.path.join(self.dir.name, "m.sqlite")

    def write(self, name, data):
        path = os.path.join(self.dir.name, name)
        with open(path, "wb") as f:
            f.write(data)
        return path

    def test_import_export_show_clear(self):
        eml = self.write("a.eml", EML)
        mbox = self.write("b.mbox", MBOX)
        result = run("import", "--db", self.db, eml, mbox)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"Imported 3 message(s) from 2 file(s)\n")
        listed = run("list", "--db", self.db).stdout.decode().splitlines()
        self.assertEqual([line.split("\t")[5] for line in listed], ["two", "one", "imported"])
        self.assertEqual(run("show", "1", "--raw", "--db", self.db).stdout, EML)
        self.assertEqual(run("show", "2", "--raw", "--db", self.db).stdout, b"Subject: one\n\nFrom the start\n")
        out = os.path.join(self.dir.name, "out.eml")
        self.assertEqual(run("export", "3", "-o", out, "--db", self.db).returncode, 0)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), b"Subject: two\n\ntwo\n")
        transcript = run("show", "1", "--transcript", "--db", self.db)
        self.assertEqual(transcript.returncode, 1)
        self.assertIn(b"imported; it has no SMTP session", transcript.stderr)
        self.assertEqual(run("clear", "--db", self.db).returncode, 0)
        self.assertEqual(run("list", "--db", self.db).stdout, b"")

    def test_network_text_reaches_the_terminal_escaped(self):
        # A title change (OSC 0), a screen clear (CSI 2J), a clipboard write (OSC 52), an 8-bit
        # CSI (U+009B) and DEL in a Subject: every printed form shows them, none sends them.
        subject = b"Hi \x1b]0;owned\x07 \x1b[2J \x1b]52;c;SGVsbG8=\x07 \xc2\x9b31m \x7f\tend"
        raw = b"From: a@example.com\r\nSubject: " + subject + b"\r\n\r\nbody\r\n"
        eml = self.write("evil.eml", raw)
        self.assertEqual(run("import", "--db", self.db, eml).returncode, 0)
        shown = "Hi \\x1b]0;owned\\x07 \\x1b[2J \\x1b]52;c;SGVsbG8=\\x07 \\u009b31m \\x7f\\x09end"
        listed = run("list", "--db", self.db).stdout.decode()
        self.assertEqual(listed.rstrip("\n").split("\t")[5], shown)
        show = run("show", "1", "--db", self.db).stdout.decode()
        self.assertIn("Subject:   " + shown + "\n", show)
        parsed = run("parse", eml).stdout.decode()
        self.assertIn("Subject:    " + shown.replace("\\x09", "\t") + "\n", parsed)
        self.assertIn(": Hi \\x1b]0;owned", parsed)  # the header field line
        as_json = run("show", "1", "--json", "--db", self.db).stdout
        self.assertIn(b"\\u009b31m \\u007f\\tend", as_json)
        for out in (listed.encode(), show.encode(), parsed.encode(), as_json):
            self.assertFalse(any(b in out for b in (b"\x1b", b"\x07", b"\x7f", b"\xc2\x9b")), out)
        # Into a pipe or a file, --raw gives the exact bytes.
        self.assertEqual(run("show", "1", "--raw", "--db", self.db).stdout, raw)

    def test_errors_are_one_line_with_exit_codes(self):
        cases = [
            (("show", "7", "--db", self.db), 1, b"no database at"),
            (("import", "--db", self.db, os.path.join(self.dir.name, "missing.eml")), 1, b"cannot read"),
            (("show", "x", "--db", self.db), 2, b"needs one message id, e.g. `mailscope show 42`"),
            (("serve", "--smtp", "nonsense", "--db", self.db), 2, b"--smtp nonsense is not ADDR:PORT"),
            (("serve", "--max-recipients", "0", "--db", self.db), 2, b"--max-recipients needs a whole number"),
            (("frobnicate",), 2, b"unknown command"),
        ]
        for args, code, text in cases:
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, code, result.stderr)
                self.assertIn(text, result.stderr)
                self.assertEqual(result.stderr.count(b"\n"), 1)
        self.write("m.sqlite", b"this is not a database" * 300)
        result = run("list", "--db", self.db)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"cannot use the database", result.stderr)

    def test_unknown_id_and_port_in_use(self):
        self.assertEqual(run("import", "--db", self.db, self.write("a.eml", EML)).returncode, 0)
        result = run("show", "99", "--db", self.db)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, b"mailscope: no message with id 99 (see `mailscope list`)\n")
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        self.addCleanup(busy.close)
        result = run("serve", "--smtp", "127.0.0.1:%d" % busy.getsockname()[1], "--db", self.db, "--no-http")
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"another program uses the port", result.stderr)
        self.assertEqual(len(run("list", "--db", self.db).stdout.splitlines()), 1)  # nothing lost

    def test_stops_cleanly_on_a_signal_right_after_it_listens(self):
        # A script may stop the server the moment it says it listens; the signal must find the
        # handler already there. The ready line is read here, not by the harness's threads, so
        # the signal follows it at once; repeated, as the window it guards is short.
        for attempt in range(50):
            proc = subprocess.Popen([harness.BIN, "serve", "--smtp", "127.0.0.1:0", "--db", self.db, "--no-http"],
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            self.addCleanup(proc.stdout.close)
            for line in proc.stdout:
                if b" listening on " in line:
                    proc.send_signal(signal.SIGTERM)
                    break
            rest = proc.stdout.read()
            self.assertEqual(proc.wait(timeout=harness.TIMEOUT), 0,
                             "attempt %d: ended by the signal, not by its handler" % attempt)
            self.assertIn(b"Mailscope stopped; everything received is stored.", rest)

    def test_import_reads_what_it_can_and_names_the_rest(self):
        eml = self.write("a.eml", EML)
        empty = self.write("empty.eml", b"")
        missing = os.path.join(self.dir.name, "missing.eml")
        result = run("import", "--db", self.db, eml, missing, empty)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, b"Imported 1 message(s) from 1 file(s)\n")
        errors = result.stderr.decode().splitlines()
        self.assertEqual(len(errors), 2)
        self.assertTrue(errors[0].startswith("mailscope: cannot read %s: " % missing), errors[0])
        self.assertEqual(errors[1], "mailscope: cannot import %s: the file is empty" % empty)
        self.assertEqual(run("show", "1", "--raw", "--db", self.db).stdout, EML)

    def test_queries_upgrade_a_database_an_older_version_wrote(self):
        # Schema 1 as the first release wrote it, with one session, its transcript and a message.
        db = sqlite3.connect(self.db)
        db.executescript("""
            CREATE TABLE sessions (id INTEGER PRIMARY KEY, started_us INTEGER NOT NULL, ended_us INTEGER,
              client_addr TEXT NOT NULL DEFAULT '', client_port INTEGER NOT NULL DEFAULT 0,
              server_addr TEXT NOT NULL DEFAULT '', server_port INTEGER NOT NULL DEFAULT 0, helo BLOB,
              outcome TEXT NOT NULL DEFAULT 'in_progress', message_count INTEGER NOT NULL DEFAULT 0,
              defects TEXT NOT NULL DEFAULT '[]');
            CREATE TABLE transcript (id INTEGER PRIMARY KEY,
              session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, t_us INTEGER NOT NULL,
              direction INTEGER NOT NULL, data BLOB NOT NULL, message_id INTEGER);
            CREATE INDEX transcript_by_session ON transcript(session_id, id);
            CREATE TABLE messages (id INTEGER PRIMARY KEY,
              session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL, received_us INTEGER NOT NULL,
              mail_from BLOB NOT NULL, recipients BLOB NOT NULL, envelope TEXT NOT NULL, size INTEGER NOT NULL,
              header_from TEXT NOT NULL DEFAULT '', header_to TEXT NOT NULL DEFAULT '',
              subject TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '', defects TEXT NOT NULL DEFAULT '[]',
              source TEXT NOT NULL DEFAULT 'smtp');
            CREATE INDEX messages_by_session ON messages(session_id);
            CREATE TABLE message_raw (message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
              data BLOB NOT NULL);
            INSERT INTO sessions (id, started_us, ended_us, helo, outcome, message_count)
              VALUES (1, 1700000000000000, 1700000001000000, CAST('old.example' AS BLOB), 'quit', 1);
            INSERT INTO transcript (session_id, t_us, direction, data)
              VALUES (1, 1700000000000000, 0, CAST('EHLO old.example' || char(13, 10) AS BLOB));
            INSERT INTO messages (id, session_id, received_us, mail_from, recipients, envelope, size, subject)
              VALUES (1, 1, 1700000000500000, CAST('a@example.com' AS BLOB), CAST('b@example.com' AS BLOB), '{}',
                      length(CAST('Subject: legacy' || char(13, 10, 13, 10) || 'x' || char(13, 10) AS BLOB)),
                      'legacy');
            INSERT INTO message_raw VALUES (1, CAST('Subject: legacy' || char(13, 10, 13, 10) || 'x' || char(13, 10) AS BLOB));
            PRAGMA user_version = 1;
        """)
        db.close()
        listed = run("list", "--db", self.db)
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual([line.split("\t")[5] for line in listed.stdout.decode().splitlines()], ["legacy"])
        self.assertEqual(run("show", "1", "--raw", "--db", self.db).stdout, b"Subject: legacy\r\n\r\nx\r\n")
        self.assertIn(b"C: EHLO old.example", run("show", "1", "--transcript", "--db", self.db).stdout)
        db = sqlite3.connect(self.db)
        self.addCleanup(db.close)
        self.assertGreater(db.execute("PRAGMA user_version").fetchone()[0], 1)
        self.assertEqual(db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'transcript'").fetchone()[0], 0)

    def test_help_everywhere(self):
        for command in ("serve", "list", "show", "export", "import", "clear"):
            with self.subTest(command=command):
                result = run(command, "--help")
                self.assertEqual(result.returncode, 0)
                self.assertIn(b"--db", result.stdout)
        self.assertIn(b"Commands:", run("--help").stdout)

    def test_window_help_opens_no_window(self):
        # With a display, a window that opened would run until closed: the bound on the run
        # catches it, and a window would have written its settings and layout on the way out.
        config = os.path.join(self.dir.name, "config")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config,
                   XDG_DATA_HOME=os.path.join(self.dir.name, "data"))
        for args in (["gui", "--help"], ["gui", "-h"], ["gui", "-platform", "offscreen", "--help"]):
            with self.subTest(args=args):
                try:
                    result = subprocess.run([harness.BIN, *args], capture_output=True, env=env,
                                            timeout=harness.TIMEOUT)
                except subprocess.TimeoutExpired:
                    self.fail("mailscope %s opened the window instead of printing help" % " ".join(args))
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue(result.stdout.startswith(b"Usage: mailscope gui"), result.stdout)
                self.assertEqual(result.stderr, b"")
                self.assertFalse(os.path.exists(config), "the window's settings were written")


class ClearWhileServingTest(harness.InteropTest):
    """`mailscope clear` next to a running server: the window's "Delete all" through the writer."""

    def send_message(self, client, subject):
        self.assertEqual(client.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(client.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(client.command(b"DATA\r\n")[0], 354)
        self.assertEqual(client.command(b"Subject: " + subject + b"\r\n\r\nx\r\n.\r\n")[0], 250)

    def test_clear_keeps_sessions_in_progress(self):
        server = self.start_server()
        done = harness.RawClient(server.port)
        self.addCleanup(done.sock.close)
        self.assertEqual(done.reply()[0], 220)
        self.assertEqual(done.command(b"EHLO done.example\r\n")[0], 250)
        self.send_message(done, b"before")
        self.assertEqual(done.command(b"QUIT\r\n")[0], 221)
        server.wait_for_sessions(1)
        still = harness.RawClient(server.port)
        self.addCleanup(still.sock.close)
        self.assertEqual(still.reply()[0], 220)
        self.assertEqual(still.command(b"EHLO open.example\r\n")[0], 250)
        deadline = time.monotonic() + harness.TIMEOUT
        while [s["helo"] for s in server.sessions()] != ["done.example", "open.example"]:
            self.assertLess(time.monotonic(), deadline, server.sessions())
            time.sleep(0.05)

        server.cli("clear")
        sessions = server.sessions()
        self.assertEqual([(s["helo"], s["outcome"]) for s in sessions], [("open.example", "in_progress")])
        self.assertEqual(server.message_ids(), [])
        # The open session goes on: its mail is stored and its transcript keeps what came before.
        self.send_message(still, b"after")
        self.assertEqual(still.command(b"QUIT\r\n")[0], 221)
        server.wait_for_sessions(2)
        ids = server.message_ids()
        self.assertEqual(len(ids), 1)
        self.assertEqual(server.raw(ids[0]), b"Subject: after\r\n\r\nx\r\n")
        transcript = server.transcript(ids[0])
        self.assertIn("C: EHLO open.example", transcript)
        self.assertIn("C: QUIT", transcript)
        self.assertEqual([s["id"] for s in server.sessions()], [sessions[0]["id"]])


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
