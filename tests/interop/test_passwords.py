"""AUTH passwords are not stored: after an AUTH PLAIN and an AUTH LOGIN session, neither the
passwords nor the base64 that carried them are anywhere in the database's files (log included),
`serve --verbose`, `show --transcript` and the API show the mask; with `--record-passwords`
they are kept and shown only when asked for."""

import base64
import glob
import json
import unittest

import harness

PLAIN_PASSWORD = b"Tr0ub4dor&3-plain"
LOGIN_PASSWORD = b"correct-horse-login"
PLAIN_TOKEN = base64.b64encode(b"\0alice\0" + PLAIN_PASSWORD)
LOGIN_TOKEN = base64.b64encode(LOGIN_PASSWORD)
SECRETS = [PLAIN_PASSWORD, LOGIN_PASSWORD, PLAIN_TOKEN, LOGIN_TOKEN]
PLAIN_MASK = 'AUTH PLAIN [PLAIN: user "alice", password of 17 octets, masked]'
LOGIN_MASK = '[LOGIN: user "bob", password of 19 octets, masked]'
MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: auth\r\n\r\nhello\r\n"


class PasswordsTest(harness.InteropTest):

    def send_mail(self, c):
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"DATA\r\n")[0], 354)
        self.assertEqual(c.command(MESSAGE + b".\r\n")[0], 250)
        self.assertEqual(c.command(b"QUIT\r\n")[0], 221)

    def two_sessions(self, server):
        """An AUTH PLAIN session with an initial response and an AUTH LOGIN one, each sending a
        message; returns the message ids, oldest first."""
        c = harness.RawClient(server.port)
        self.addCleanup(c.close)
        self.assertEqual(c.reply()[0], 220)
        self.assertEqual(c.command(b"EHLO plain.test\r\n")[0], 250)
        self.assertEqual(c.command(b"AUTH PLAIN " + PLAIN_TOKEN + b"\r\n")[0], 235)
        self.send_mail(c)
        c = harness.RawClient(server.port)
        self.addCleanup(c.close)
        self.assertEqual(c.reply()[0], 220)
        self.assertEqual(c.command(b"EHLO login.test\r\n")[0], 250)
        self.assertEqual(c.command(b"AUTH LOGIN\r\n")[0], 334)
        self.assertEqual(c.command(base64.b64encode(b"bob") + b"\r\n")[0], 334)
        self.assertEqual(c.command(LOGIN_TOKEN + b"\r\n")[0], 235)
        self.send_mail(c)
        server.wait_for_sessions(2)
        ids = server.message_ids()
        self.assertEqual(len(ids), 2)
        return ids

    def database_bytes(self, server):
        data = b""
        for path in glob.glob(server.db + "*"):
            with open(path, "rb") as f:
                data += f.read()
        return data

    def session_texts(self, server, session_id, query=""):
        body = server.api("GET", "/api/v1/session/%d%s" % (session_id, query))
        return [line["Text"] for line in body["Transcript"]]

    def test_passwords_are_not_stored(self):
        server = self.start_server("--verbose")
        plain_id, login_id = self.two_sessions(server)
        stored = self.database_bytes(server)  # while it runs: the log holds the newest pages
        for secret in SECRETS:
            self.assertNotIn(secret, stored)

        for reveal in ((), ("--reveal-passwords",)):  # nothing recorded: nothing to reveal
            plain = server.cli("show", str(plain_id), "--transcript", *reveal).decode()
            login = server.cli("show", str(login_id), "--transcript", *reveal).decode()
            self.assertIn("C: " + PLAIN_MASK, plain)
            self.assertIn('C: [LOGIN: user "bob"]', login)
            self.assertIn("C: " + LOGIN_MASK, login)
            for secret in SECRETS:
                self.assertNotIn(secret.decode(), plain + login)

        sessions = [s["id"] for s in server.sessions()]
        for query in ("", "?passwords=reveal"):
            texts = self.session_texts(server, sessions[0], query) + self.session_texts(server, sessions[1], query)
            self.assertIn(PLAIN_MASK, texts)
            self.assertIn(LOGIN_MASK, texts)
            for secret in SECRETS:
                self.assertNotIn(secret.decode(), json.dumps(texts))

        output = "\n".join(server.output())
        self.assertIn("C: " + PLAIN_MASK, output)  # serve --verbose
        self.assertIn("C: " + LOGIN_MASK, output)
        for secret in SECRETS:
            self.assertNotIn(secret.decode(), output)

        self.assertEqual(server.stop(), 0)
        stored = self.database_bytes(server)
        for secret in SECRETS:
            self.assertNotIn(secret, stored)

    def test_recorded_passwords_are_revealed_on_request(self):
        server = self.start_server("--record-passwords", "--verbose")
        plain_id, login_id = self.two_sessions(server)

        plain = server.cli("show", str(plain_id), "--transcript").decode()
        self.assertIn("C: " + PLAIN_MASK, plain)
        self.assertNotIn(PLAIN_PASSWORD.decode(), plain)
        revealed = server.cli("show", str(plain_id), "--transcript", "--reveal-passwords").decode()
        self.assertIn('C: AUTH PLAIN %s [PLAIN: user "alice", password "%s"]'
                      % (PLAIN_TOKEN.decode(), PLAIN_PASSWORD.decode()), revealed)
        revealed = server.cli("show", str(login_id), "--transcript", "--reveal-passwords").decode()
        self.assertIn('C: %s [LOGIN: user "bob", password "%s"]' % (LOGIN_TOKEN.decode(), LOGIN_PASSWORD.decode()),
                      revealed)

        session = [s["id"] for s in server.sessions()][0]
        self.assertIn(PLAIN_MASK, self.session_texts(server, session))
        self.assertIn('AUTH PLAIN %s [PLAIN: user "alice", password "%s"]'
                      % (PLAIN_TOKEN.decode(), PLAIN_PASSWORD.decode()),
                      self.session_texts(server, session, "?passwords=reveal"))
        text = server.api("GET", "/api/v1/session/%d/transcript.txt?passwords=reveal" % session).decode()
        self.assertIn(PLAIN_PASSWORD.decode(), text)
        text = server.api("GET", "/api/v1/session/%d/transcript.txt" % session).decode()
        self.assertNotIn(PLAIN_PASSWORD.decode(), text)

        output = "\n".join(server.output())  # the terminal shows masks only
        self.assertIn("C: " + PLAIN_MASK, output)
        for secret in SECRETS:
            self.assertNotIn(secret.decode(), output)


if __name__ == "__main__":
    unittest.main()
