"""The desktop window as a process: SIGTERM and SIGINT end it as Quit does, with the mail it
acknowledged stored and its layout saved. Runs on Qt's offscreen platform."""

import os
import signal
import smtplib
import socket
import sqlite3
import subprocess
import tempfile
import time
import unittest

import harness

MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: before the signal\r\n\r\nbody\r\n"


class WindowSignalTest(unittest.TestCase):

    def run_window_until(self, signum):
        home = tempfile.TemporaryDirectory(prefix="mailscope-window-")
        self.addCleanup(home.cleanup)
        config = os.path.join(home.name, "config")
        db = os.path.join(home.name, "mail.sqlite")
        port = harness.free_port()
        os.makedirs(os.path.join(config, "mailscope"))
        with open(os.path.join(config, "mailscope", "mailscope.conf"), "w") as f:
            f.write("[server]\nlisten=127.0.0.1:%d\n[http]\nlisten=127.0.0.1:0\n[store]\ndatabase=%s\n" % (port, db))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config,
                   XDG_DATA_HOME=os.path.join(home.name, "data"))
        window = subprocess.Popen([harness.BIN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: window.poll() is None and window.kill())
        deadline = time.monotonic() + harness.TIMEOUT
        while True:
            try:
                with smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT) as client:
                    client.sendmail("a@example.com", ["b@example.com"], MESSAGE)
                break
            except OSError:
                if time.monotonic() > deadline or window.poll() is not None:
                    self.fail("the window did not listen on port %d: %s" % (port, window.stdout.read()))
                time.sleep(0.1)
        window.send_signal(signum)
        try:
            code = window.wait(timeout=harness.TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail("the window did not end within %.0f s of signal %d" % (harness.TIMEOUT, signum))
        output = window.stdout.read().decode(errors="replace")
        window.stdout.close()
        self.assertEqual(code, 0, output)
        with open(os.path.join(config, "mailscope", "mailscope.conf")) as f:
            settings = f.read()
        self.assertIn("[layout]", settings)
        self.assertRegex(settings, r"(?m)^state=@ByteArray\(")
        stored = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            [(raw,)] = stored.execute("SELECT data FROM message_raw").fetchall()
        finally:
            stored.close()
        self.assertEqual(raw, MESSAGE)
        with socket.socket() as again:  # the listener is closed: the port can be bound again
            again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            again.bind(("127.0.0.1", port))
            again.listen()

    def test_sigterm(self):
        self.run_window_until(signal.SIGTERM)

    def test_sigint(self):
        self.run_window_until(signal.SIGINT)


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
