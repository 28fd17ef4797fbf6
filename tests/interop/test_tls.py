"""STARTTLS, implicit TLS and AUTH with real clients: swaks, curl, Python's smtplib and
openssl s_client. Each test asserts the stored bytes, the recorded TLS details and the
authenticated user."""

import json
import os
import re
import smtplib
import socket
import sqlite3
import ssl
import subprocess
import unittest

import harness

MESSAGE = (b"From: Sender <sender@example.com>\r\nTo: rcpt@example.com\r\nSubject: over TLS\r\n"
           b"Message-ID: <tls@example.com>\r\n\r\nHello over TLS.\r\n..leading dot\r\n")
# swaks ends the data it reads from a file with one more empty line.
SWAKS_STORED = MESSAGE + b"\r\n"
USERS = "alice:wonderland\nbob:builder\n"


class TlsServer:
    """A started server plus the paths and ports the TLS tests need."""

    def __init__(self, server):
        self.server = server
        self.cert = os.path.join(os.path.dirname(server.db), "mailscope-cert.pem")
        ready = server.wait_for_line(r"listening on .*127\.0\.0\.1:(\d+) \(TLS\)")
        self.smtps_port = int(ready.group(1))
        self.port = server.port

    def context(self):
        return ssl.create_default_context(cafile=self.cert)


class TlsTest(harness.InteropTest):

    def start_tls_server(self, *options):
        users = os.path.join(self.tmpdir(), "users.txt")
        with open(users, "w") as f:
            f.write(USERS)
        server = self.start_server("--smtps", "127.0.0.1:0", "--auth-users", users, *options)
        return TlsServer(server)

    def tmpdir(self):
        import tempfile
        d = tempfile.TemporaryDirectory(prefix="mailscope-tls-")
        self.addCleanup(d.cleanup)
        return d.name

    def assertTlsMessage(self, t, message_id, user, implicit=False, sni=None, stored=MESSAGE):
        self.assertStored(t.server, message_id, stored)
        info = t.server.json(message_id)
        self.assertEqual(info["auth_user"], user)
        self.assertTrue(info["tls"])
        session = info["session"]
        self.assertEqual(session["auth_user"], user)
        self.assertIn(session["tls"]["version"], ("TLSv1.2", "TLSv1.3"))
        self.assertTrue(session["tls"]["cipher"])
        self.assertEqual(session["tls"].get("implicit", False), implicit)
        if sni is not None:
            self.assertEqual(session["tls"].get("sni"), sni)
        transcript = t.server.transcript(message_id)
        self.assertIn("TLS established: " + session["tls"]["version"], transcript)
        self.assertNotIn("wonderland", transcript)  # hidden unless asked for
        return info

    def swaks(self, t, *args):
        data = os.path.join(self.tmpdir(), "message.eml")
        with open(data, "wb") as f:
            f.write(MESSAGE.replace(b"\r\n", b"\n"))
        return self.run_client([harness.tool("swaks"), "--server", "127.0.0.1", "--from", "sender@example.com",
                                "--to", "rcpt@example.com", "--data", "@" + data, "--auth-user", "alice",
                                "--auth-password", "wonderland", *args])

    def test_swaks_starttls_each_mechanism(self):
        t = self.start_tls_server()
        for mechanism in ("PLAIN", "LOGIN", "CRAM-MD5"):
            with self.subTest(mechanism=mechanism):
                self.swaks(t, "--port", str(t.port), "--tls", "--auth", mechanism)
                message_id = t.server.message_ids()[-1]
                self.assertTlsMessage(t, message_id, "alice", stored=SWAKS_STORED)
                self.assertIn("AUTH %s" % mechanism, t.server.transcript(message_id))

    def test_swaks_tls_on_connect(self):
        t = self.start_tls_server()
        for mechanism in ("PLAIN", "LOGIN", "CRAM-MD5"):
            with self.subTest(mechanism=mechanism):
                self.swaks(t, "--port", str(t.smtps_port), "--tls-on-connect", "--auth", mechanism)
                self.assertTlsMessage(t, t.server.message_ids()[-1], "alice", implicit=True, stored=SWAKS_STORED)

    def test_swaks_wrong_password(self):
        t = self.start_tls_server()
        result = subprocess.run([harness.tool("swaks"), "--server", "127.0.0.1", "--port", str(t.port), "--tls",
                                 "--to", "rcpt@example.com", "--auth", "PLAIN", "--auth-user", "alice",
                                 "--auth-password", "wrong"], capture_output=True, timeout=harness.TIMEOUT)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"535 5.7.8 Authentication credentials invalid", result.stdout)
        self.assertEqual(t.server.message_ids(), [])

    def curl(self, t, url, *args):
        data = os.path.join(self.tmpdir(), "message.eml")
        with open(data, "wb") as f:
            f.write(MESSAGE)
        self.run_client([harness.tool("curl"), "--silent", "--show-error", "--max-time", "20", url,
                         "--mail-from", "sender@example.com", "--mail-rcpt", "rcpt@example.com",
                         "--upload-file", data, "--cacert", t.cert, "--user", "bob:builder", *args])

    def test_curl_starttls_required(self):
        t = self.start_tls_server()
        self.curl(t, "smtp://localhost:%d" % t.port, "--ssl-reqd")
        self.assertTlsMessage(t, t.server.message_ids()[-1], "bob", sni="localhost")

    def test_curl_smtps(self):
        t = self.start_tls_server()
        self.curl(t, "smtps://localhost:%d" % t.smtps_port)
        self.assertTlsMessage(t, t.server.message_ids()[-1], "bob", implicit=True, sni="localhost")

    def test_smtplib_starttls_and_ssl(self):
        t = self.start_tls_server()
        with smtplib.SMTP("localhost", t.port, timeout=harness.TIMEOUT) as smtp:
            smtp.starttls(context=t.context())
            smtp.login("alice", "wonderland")
            smtp.sendmail("sender@example.com", ["rcpt@example.com"], MESSAGE)
        self.assertTlsMessage(t, t.server.message_ids()[-1], "alice", sni="localhost")
        with smtplib.SMTP_SSL("localhost", t.smtps_port, context=t.context(), timeout=harness.TIMEOUT) as smtp:
            smtp.login("bob", "builder")
            smtp.sendmail("sender@example.com", ["rcpt@example.com"], MESSAGE)
        self.assertTlsMessage(t, t.server.message_ids()[-1], "bob", implicit=True, sni="localhost")

    def test_openssl_certificate_names_and_sni(self):
        t = self.start_tls_server()
        result = subprocess.run(["openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:%d" % t.port,
                                 "-servername", "mail.example.test", "-CAfile", t.cert, "-verify_return_error",
                                 "-verify_ip", "127.0.0.1"],
                                input=b"QUIT\r\n", capture_output=True, timeout=harness.TIMEOUT)
        self.assertIn(b"Verify return code: 0 (ok)", result.stdout)
        names = subprocess.run(["openssl", "x509", "-in", t.cert, "-noout", "-ext", "subjectAltName"],
                               capture_output=True, check=True).stdout.decode()
        for name in ("DNS:localhost", "DNS:mailscope.localhost", "IP Address:127.0.0.1", "IP Address:0:0:0:0:0:0:0:1"):
            self.assertIn(name, names)
        t.server.wait_for_sessions(1)
        transcript = t.server.cli("list", "--sessions").decode()
        self.assertIn("mail.example.test", self.session_transcript(t))
        self.assertTrue(transcript)

    def test_running_session_shows_tls_and_user(self):
        # The session's TLS and user are published and stored while the client still holds the
        # connection, and every line of the exchange is stored with its kind.
        t = self.start_tls_server("--verbose")
        with smtplib.SMTP("localhost", t.port, timeout=harness.TIMEOUT) as smtp:
            smtp.starttls(context=t.context())
            smtp.login("alice", "wonderland")  # smtplib prefers CRAM-MD5
            update = t.server.wait_for_line(r"^  \[(\d+)\] session helo=(\S+) tls=(TLSv1\.[23]) auth=alice messages=0$")
            db = sqlite3.connect("file:%s?mode=ro" % t.server.db, uri=True)
            try:
                row = db.execute("SELECT helo, auth_user, tls, ended_us, outcome FROM sessions WHERE id = ?",
                                 (int(update.group(1)),)).fetchone()
            finally:
                db.close()
            self.assertEqual(row[0], update.group(2).encode())  # the EHLO after STARTTLS
            self.assertEqual(row[1], b"alice")
            self.assertEqual(json.loads(row[2])["version"], update.group(3))
            self.assertIsNone(row[3])  # still open
            self.assertEqual(row[4], "in_progress")
            lines = [(kind, bytes(data)) for _, kind, data in harness.transcript_lines(t.server.db)]
            self.assertIn((harness.KIND_COMMAND, b"STARTTLS\r\n"), lines)
            self.assertIn((harness.KIND_REPLY, b"220 2.0.0 Ready to start TLS\r\n"), lines)
            self.assertIn((harness.KIND_TLS, b"Waiting for the client's TLS handshake"), lines)
            established = [k for k, data in lines if data.startswith(b"TLS established: " + update.group(3).encode())]
            self.assertEqual(established, [harness.KIND_TLS])
            auth = [i for i, (k, data) in enumerate(lines) if data == b"AUTH CRAM-MD5\r\n"]
            self.assertEqual(len(auth), 1)
            challenge, response, decoded, success = lines[auth[0] + 1:auth[0] + 5]
            self.assertEqual(lines[auth[0]][0], harness.KIND_COMMAND)
            self.assertEqual(challenge[0], harness.KIND_AUTH_CHALLENGE)
            self.assertTrue(challenge[1].startswith(b"334 "))
            self.assertEqual(response[0], harness.KIND_AUTH_SECRET)  # stored as its mask
            self.assertIn(b"alice", response[1])
            self.assertEqual(decoded[0], harness.KIND_AUTH_STEP)
            self.assertEqual(decoded[1], b'AUTH CRAM-MD5 decoded: user "alice", digest of 32 octets, masked')
            self.assertEqual(success, (harness.KIND_REPLY, b"235 2.7.0 Authentication successful\r\n"))
        t.server.wait_for_sessions(1)

    def session_transcript(self, t):
        # The session has no message: read its transcript straight from the database.
        return "\n".join(data.decode("utf-8", "replace") for _, _, data in harness.transcript_lines(t.server.db))

    def test_plain_client_on_smtps_port_and_aborted_handshake(self):
        t = self.start_tls_server()
        plain = socket.create_connection(("127.0.0.1", t.smtps_port), timeout=harness.TIMEOUT)
        plain.sendall(b"EHLO plain.example\r\n")
        self.assertEqual(plain.recv(100), b"")  # closed, nothing sent in clear
        plain.close()
        # A client that rejects the certificate aborts the handshake.
        with self.assertRaises(ssl.SSLCertVerificationError):
            with smtplib.SMTP("127.0.0.1", t.port, timeout=harness.TIMEOUT) as smtp:
                smtp.starttls(context=ssl.create_default_context())
        t.server.wait_for_sessions(2)
        notes = self.session_transcript(t)
        self.assertIn('the client sent plain text: "EHLO plain.example"', notes)
        self.assertRegex(notes, r"TLS handshake failed: .*(unknown ca|certificate)")
        # Others are still served.
        with smtplib.SMTP_SSL("localhost", t.smtps_port, context=t.context(), timeout=harness.TIMEOUT) as smtp:
            smtp.sendmail("sender@example.com", ["rcpt@example.com"], MESSAGE)
        self.assertEqual(len(t.server.message_ids()), 1)

    def test_command_pipelined_after_starttls_is_discarded(self):
        # RFC 3207 4.2: what came with STARTTLS in clear must not run after the handshake.
        t = self.start_tls_server()
        client = harness.RawClient(t.port)
        self.addCleanup(lambda: client.sock.close())  # the TLS socket once wrapped
        self.assertEqual(client.reply()[0], 220)
        self.assertEqual(client.command(b"EHLO raw.example\r\n")[0], 250)
        self.assertEqual(client.command(b"STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n"),
                         (220, [b"220 2.0.0 Ready to start TLS"]))
        tls = t.context().wrap_socket(client.sock, server_hostname="localhost")
        client.sock = tls
        code, lines = client.command(b"EHLO raw.example\r\n")
        self.assertEqual(code, 250)
        self.assertNotIn(b"250-STARTTLS", lines)
        # Had the injected MAIL run, this would be a nested MAIL (503).
        self.assertEqual(client.command(b"MAIL FROM:<sender@example.com>\r\n")[0], 250)
        self.assertEqual(client.command(b"RCPT TO:<rcpt@example.com>\r\n")[0], 250)
        self.assertEqual(client.command(b"DATA\r\n")[0], 354)
        self.assertEqual(client.command(MESSAGE.replace(b"\r\n.", b"\r\n..") + b".\r\n")[0], 250)
        self.assertEqual(client.command(b"QUIT\r\n")[0], 221)
        t.server.wait_for_sessions(1)
        [message_id] = t.server.message_ids()
        info = t.server.json(message_id)
        self.assertEqual(info["envelope"]["mail_from"], "sender@example.com")
        self.assertEqual(info["session"]["tls"]["sni"], "localhost")
        self.assertIn("starttls-pipelined", [d["code"] for d in info["session"]["defects"]])
        self.assertEqual(t.server.raw(message_id), MESSAGE)

    def test_require_tls_and_auth(self):
        t = self.start_tls_server("--require-tls", "--require-auth")
        client = harness.RawClient(t.port)
        self.addCleanup(client.close)
        self.assertEqual(client.reply()[0], 220)
        self.assertEqual(client.command(b"EHLO c.example\r\n")[0], 250)
        self.assertEqual(client.command(b"MAIL FROM:<a@example.com>\r\n"),
                         (530, [b"530 5.7.0 Must issue a STARTTLS command first"]))
        with smtplib.SMTP("localhost", t.port, timeout=harness.TIMEOUT) as smtp:
            smtp.starttls(context=t.context())
            smtp.ehlo()
            code, text = smtp.mail("a@example.com")
            self.assertEqual((code, text), (530, b"5.7.0 Authentication required"))


if __name__ == "__main__":
    harness.require_tools("swaks", "curl", "openssl")
    unittest.main()
