"""The window's listener with default settings offers what `mailscope serve` offers by
default: STARTTLS and AUTH in the same EHLO reply, and a STARTTLS + AUTH session stores the
exact bytes with the TLS details and the user. Runs on Qt's offscreen platform."""

import json
import os
import signal
import smtplib
import ssl
import subprocess
import tempfile
import time
import unittest

import harness

MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: window over TLS\r\n\r\nbody\r\n"


class WindowTlsTest(harness.InteropTest):

    def start_window(self):
        home = tempfile.TemporaryDirectory(prefix="mailscope-window-")
        self.addCleanup(home.cleanup)
        config = os.path.join(home.name, "config")
        self.db = os.path.join(home.name, "mail.sqlite")
        port = harness.free_port()
        os.makedirs(os.path.join(config, "mailscope"))
        # Only where to listen and store: every other setting is the default.
        with open(os.path.join(config, "mailscope", "mailscope.conf"), "w") as f:
            f.write("[server]\nlisten=127.0.0.1:%d\n[http]\nlisten=127.0.0.1:0\n[store]\ndatabase=%s\n" % (port, self.db))
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=config,
                   XDG_DATA_HOME=os.path.join(home.name, "data"))
        window = subprocess.Popen([harness.BIN], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.addCleanup(lambda: window.poll() is None and window.kill())
        self.addCleanup(window.stdout.close)
        deadline = time.monotonic() + harness.TIMEOUT
        while True:
            try:
                client = smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT)
                return window, client
            except OSError:
                if time.monotonic() > deadline or window.poll() is not None:
                    self.fail("the window did not listen on port %d: %s" % (port, window.stdout.read()))
                time.sleep(0.1)

    def cli(self, *args):
        result = subprocess.run([harness.BIN, *args, "--db", self.db], capture_output=True, timeout=harness.TIMEOUT)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def test_default_window_offers_starttls_and_auth_as_serve_does(self):
        serve = self.start_server()
        with smtplib.SMTP("127.0.0.1", serve.port, timeout=harness.TIMEOUT) as reference:
            code, serve_ehlo = reference.ehlo("client.example")
            self.assertEqual(code, 250)

        window, client = self.start_window()
        with client:
            code, ehlo = client.ehlo("client.example")
            self.assertEqual(code, 250)
            self.assertEqual(ehlo, serve_ehlo)
            self.assertTrue(client.has_extn("starttls"), ehlo)
            self.assertIn("PLAIN", client.esmtp_features.get("auth", ""), ehlo)
            # The self-signed certificate is made beside the database, as serve makes it.
            cert = os.path.join(os.path.dirname(self.db), "mailscope-cert.pem")
            client.starttls(context=ssl.create_default_context(cafile=cert))
            client.ehlo("client.example")
            client.login("alice", "any password")
            self.assertEqual(client.sendmail("a@example.com", ["b@example.com"], MESSAGE), {})

        deadline = time.monotonic() + harness.TIMEOUT
        while not self.cli("list") and time.monotonic() < deadline:
            time.sleep(0.1)
        self.assertEqual(self.cli("show", "1", "--raw"), MESSAGE)
        info = json.loads(self.cli("show", "1", "--json"))
        self.assertEqual(info["auth_user"], "alice")
        self.assertTrue(info["tls"])
        self.assertIn(info["session"]["tls"]["version"], ("TLSv1.2", "TLSv1.3"))

        window.send_signal(signal.SIGTERM)
        self.assertEqual(window.wait(timeout=harness.TIMEOUT), 0)


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
