"""The command line around the store: import (.eml and mbox), export, show, list, clear,
and the one-line errors with their exit codes."""

import os
import signal
import socket
import subprocess
import tempfile
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
        result = run("serve", "--smtp", "127.0.0.1:%d" % busy.getsockname()[1], "--db", self.db)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"another program uses the port", result.stderr)
        self.assertEqual(len(run("list", "--db", self.db).stdout.splitlines()), 1)  # nothing lost

    def test_stops_cleanly_on_a_signal_right_after_it_listens(self):
        # A script may stop the server the moment it says it listens; the signal must find the
        # handler already there. The ready line is read here, not by the harness's threads, so
        # the signal follows it at once; repeated, as the window it guards is short.
        for attempt in range(50):
            proc = subprocess.Popen([harness.BIN, "serve", "--smtp", "127.0.0.1:0", "--db", self.db],
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

    def test_help_everywhere(self):
        for command in ("serve", "list", "show", "export", "import", "clear"):
            with self.subTest(command=command):
                result = run(command, "--help")
                self.assertEqual(result.returncode, 0)
                self.assertIn(b"--db", result.stdout)
        self.assertIn(b"Commands:", run("--help").stdout)


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
