"""Accept and drop: the client gets 250 for its message, nothing is stored, and the session
records the drop and the rule."""

import smtplib
import unittest

import faultplans
import harness

MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: %s\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n"


class DropTest(faultplans.FaultTest):

    def test_dropped_message_is_acknowledged_and_not_stored(self):
        server = self.start_with([faultplans.rule("lost", "end-of-data", {"type": "drop"},
                                                  header={"name": "Subject", "matches": "^lose"})])
        with smtplib.SMTP("127.0.0.1", server.port, timeout=harness.TIMEOUT) as smtp:
            self.assertEqual(smtp.sendmail("a@example.com", ["b@example.com"], MESSAGE % b"lose me"), {})
            code, text = smtp.docmd("NOOP")  # the session goes on
            self.assertEqual(code, 250)
            self.assertEqual(smtp.sendmail("a@example.com", ["b@example.com"], MESSAGE % b"keep me"), {})
        server.wait_for_sessions(1)  # the session's counts are final once it has ended
        [message_id] = server.message_ids()
        self.assertEqual(server.raw(message_id), MESSAGE % b"keep me")
        session = server.json(message_id)["session"]
        self.assertEqual(session["dropped_messages"], 1)
        self.assertEqual(session["fault_rules"], [{"rule": "lost", "count": 1}])
        self.assertEqual(session["message_count"], 1)
        transcript = server.transcript(message_id)
        self.assertIn('-F Fault rule "lost": reply 250 2.0.0 OK: queued but drop the message (not stored)\n',
                      transcript)

    def test_nothing_stored_while_replying_250(self):
        server = self.start_with([faultplans.rule("lost", "end-of-data", {"type": "drop"})])
        client = harness.RawClient(server.port)
        self.addCleanup(client.close)
        client.reply()
        for command in (b"EHLO raw.test\r\n", b"MAIL FROM:<a@example.com>\r\n", b"RCPT TO:<b@example.com>\r\n"):
            self.assertEqual(client.command(command)[0], 250)
        self.assertEqual(client.command(b"DATA\r\n")[0], 354)
        self.assertEqual(client.command(MESSAGE % b"x" + b".\r\n"), (250, [b"250 2.0.0 OK: queued"]))
        self.assertEqual(client.command(b"QUIT\r\n")[0], 221)
        server.wait_for_sessions(1)
        self.assertEqual(server.message_ids(), [])
        self.assertEqual(self.sessions(server), [("quit", [{"rule": "lost", "count": 1}], 1)])


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
