"""Broken and hostile clients against `mailscope serve`: bare-LF line ends, over-size
messages, too many connections, idle clients and clients that vanish mid-message."""

import time
import unittest

import harness

HEADER = (b"Date: Fri, 05 Jan 2024 14:00:00 +0000\r\nFrom: a@example.com\r\nTo: b@example.com\r\n"
          b"Subject: limits\r\n\r\n")


def codes(defects):
    return {d["code"]: d["count"] for d in defects}


class LimitsTest(harness.InteropTest):

    def connect(self, server, greeting=b"220 "):
        c = harness.RawClient(server.port)
        self.addCleanup(c.close)
        code, lines = c.reply()
        self.assertTrue(lines and lines[0].startswith(greeting), lines)
        return c

    def start_transaction(self, c, ehlo=b"EHLO limits.interop.test\r\n"):
        self.assertEqual(c.command(ehlo)[0], 250)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"DATA\r\n")[0], 354)

    def ended_session(self, server, count=1):
        """The count-th session to end, once it is stored."""
        session_id = server.wait_for_sessions(count)
        return next(s for s in server.sessions() if s["id"] == session_id)

    def test_bare_lf_line_ends_are_stored_as_sent(self):
        server = self.start_server()
        c = self.connect(server)
        # Commands and data with LF alone, and an LF.LF that must not end the data.
        for command in (b"EHLO lf.interop.test\n", b"MAIL FROM:<a@example.com>\n", b"RCPT TO:<b@example.com>\n"):
            self.assertEqual(c.command(command)[0], 250)
        self.assertEqual(c.command(b"DATA\n")[0], 354)
        content = HEADER.replace(b"\r\n", b"\n") + b"line one\n.\nstill the message\n"
        code, lines = c.command(content + b"\r\n.\r\n")
        self.assertEqual(code, 250, lines)
        c.command(b"QUIT\n")

        [message_id] = server.message_ids()
        self.assertStored(server, message_id, content + b"\r\n")
        info = server.json(message_id)
        self.assertEqual(info["subject"], "limits")
        message_defects = codes(info["smtp_defects"])
        self.assertEqual(message_defects.get("data-bare-lf"), content.count(b"\n"))
        self.assertIn("smtp-smuggling", message_defects)
        server.wait_for_sessions(1)
        session = server.json(message_id)["session"]
        self.assertTrue({"command-bare-lf", "data-bare-lf", "smtp-smuggling"} <= set(codes(session["defects"])),
                        session["defects"])

    def test_lf_dot_lf_never_ends_the_data(self):
        # A client that ends its data with LF.LF waits for a 250 that never comes.
        server = self.start_server("--idle-timeout", "1")
        c = self.connect(server)
        self.start_transaction(c)
        code, lines = c.command(HEADER + b"body\n.\n")
        self.assertEqual(code, 421, lines)
        self.assertTrue(lines[0].startswith(b"421 4.4.2 "), lines)
        self.assertTrue(c.closed_by_server())
        self.assertEqual(server.message_ids(), [])
        self.assertEqual(self.ended_session(server)["outcome"], "timed_out")

    def test_over_size_message(self):
        server = self.start_server("--max-message-size", "1000")
        c = self.connect(server)
        self.assertEqual(c.command(b"EHLO big.interop.test\r\n")[0], 250)
        code, lines = c.command(b"MAIL FROM:<a@example.com> SIZE=1001\r\n")
        self.assertEqual((code, lines[0][:9]), (552, b"552 5.3.4"))
        # Declared small, sent big: the whole data is read, then refused.
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com> SIZE=500\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"DATA\r\n")[0], 354)
        code, lines = c.command(HEADER + (b"x" * 78 + b"\r\n") * 20 + b".\r\n")
        self.assertEqual((code, lines[0][:9]), (552, b"552 5.3.4"))
        # The same over BDAT.
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        code, lines = c.command(b"BDAT 1001 LAST\r\n" + b"y" * 1001)
        self.assertEqual((code, lines[0][:9]), (552, b"552 5.3.4"))
        # The session goes on, and a message within the limit is stored.
        self.assertEqual(c.command(b"NOOP\r\n")[0], 250)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"DATA\r\n")[0], 354)
        self.assertEqual(c.command(HEADER + b"small\r\n.\r\n")[0], 250)
        [message_id] = server.message_ids()
        self.assertStored(server, message_id, HEADER + b"small\r\n")

    def test_connection_limit(self):
        server = self.start_server("--max-connections", "2")
        first = self.connect(server)
        self.connect(server)
        # No EHLO has been seen, so no enhanced status code (RFC 2034 3).
        third = self.connect(server, greeting=b"421 mailscope.localhost too many connections, try again later")
        self.assertTrue(third.closed_by_server())
        self.assertEqual(self.ended_session(server)["outcome"], "rejected")
        # Once a client leaves, the next one is served.
        self.assertEqual(first.command(b"QUIT\r\n")[0], 221)
        server.wait_for_sessions(2)
        self.connect(server)

    def test_idle_timeout(self):
        server = self.start_server("--idle-timeout", "1")
        c = self.connect(server)
        self.assertEqual(c.command(b"EHLO idle.interop.test\r\n")[0], 250)
        started = time.monotonic()
        code, lines = c.reply()
        self.assertEqual(code, 421)
        self.assertTrue(lines[0].startswith(b"421 4.4.2 "), lines)
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        self.assertTrue(c.closed_by_server())
        self.assertEqual(self.ended_session(server)["outcome"], "timed_out")

    def test_client_vanishes_mid_data(self):
        server = self.start_server()
        c = self.connect(server)
        self.start_transaction(c)
        c.send(HEADER + b"half a message\r\n")
        c.close()
        session = self.ended_session(server)
        self.assertEqual(session["outcome"], "aborted")
        self.assertEqual(session["messages"], 0)
        self.assertEqual(session["helo"], "limits.interop.test")
        self.assertEqual(server.message_ids(), [])

    def test_overlong_command_line(self):
        server = self.start_server()
        c = self.connect(server)
        self.assertEqual(c.command(b"EHLO long.interop.test\r\n")[0], 250)
        code, lines = c.command(b"MAIL FROM:<" + b"x" * 600 + b"@example.com>\r\n")
        self.assertEqual((code, lines[0][:9]), (500, b"500 5.5.2"))
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
