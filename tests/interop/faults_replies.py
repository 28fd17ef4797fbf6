"""Fault rules seen by real clients: swaks and smtplib get the configured codes and texts,
and the transcript names the rule that answered."""

import smtplib
import subprocess
import unittest

import faultplans
import harness

RULES = [
    faultplans.rule("busy", "rcpt", {"type": "reply", "code": 450, "enhanced": "4.2.1",
                                     "text": "Mailbox busy, try later"}, argument="^busy@"),
    faultplans.rule("blocked", "mail", {"type": "reply", "code": 550, "enhanced": "5.7.1",
                                        "text": ["Sender blocked", "See the policy"]}, argument="^blocked@"),
    faultplans.rule("content", "end-of-data", {"type": "reply", "code": 554, "enhanced": "5.6.0",
                                               "text": "Content rejected"},
                    header={"name": "Subject", "matches": "reject me"}),
]

MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: %s\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n"


class FaultRepliesTest(faultplans.FaultTest):

    def start(self):
        server = self.start_with(RULES)
        # The plan is explained in words at start.
        self.assertIn("1. busy (rcpt): Every RCPT to an address matching ^busy@ gets 450 4.2.1 Mailbox busy, try later",
                      server.output())
        return server

    def swaks(self, port, *options):
        return subprocess.run([harness.tool("swaks"), "--server", "127.0.0.1:%d" % port, "--timeout", "20",
                               "--ehlo", "swaks.interop.test", *options],
                              capture_output=True, timeout=harness.TIMEOUT)

    def test_swaks(self):
        server = self.start()
        result = self.swaks(server.port, "--from", "a@example.com", "--to", "busy@example.com")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"<** 450 4.2.1 Mailbox busy, try later\n", result.stdout)

        result = self.swaks(server.port, "--from", "blocked@example.com", "--to", "b@example.com")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"<** 550-5.7.1 Sender blocked\n<** 550 5.7.1 See the policy\n", result.stdout)

        result = self.swaks(server.port, "--from", "a@example.com", "--to", "b@example.com",
                            "--header", "Subject: please reject me")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(b"<** 554 5.6.0 Content rejected\n", result.stdout)
        self.assertEqual(server.message_ids(), [])

    def test_smtplib(self):
        server = self.start()
        with smtplib.SMTP("127.0.0.1", server.port, local_hostname="smtplib.interop.test",
                          timeout=harness.TIMEOUT) as smtp:
            with self.assertRaises(smtplib.SMTPRecipientsRefused) as refused:
                smtp.sendmail("a@example.com", ["busy@example.com"], MESSAGE % b"one")
            self.assertEqual(refused.exception.recipients,
                             {"busy@example.com": (450, b"4.2.1 Mailbox busy, try later")})
            with self.assertRaises(smtplib.SMTPSenderRefused) as sender:
                smtp.sendmail("blocked@example.com", ["b@example.com"], MESSAGE % b"two")
            self.assertEqual((sender.exception.smtp_code, sender.exception.smtp_error),
                             (550, b"5.7.1 Sender blocked\n5.7.1 See the policy"))  # RFC 2034: on every line
            smtp.rset()
            with self.assertRaises(smtplib.SMTPDataError) as data:
                smtp.sendmail("a@example.com", ["b@example.com"], MESSAGE % b"reject me")
            self.assertEqual((data.exception.smtp_code, data.exception.smtp_error), (554, b"5.6.0 Content rejected"))
            # Only some recipients refused: the message is stored for the others.
            refused = smtp.sendmail("a@example.com", ["busy@example.com", "c@example.com"], MESSAGE % b"kept")
            self.assertEqual(refused, {"busy@example.com": (450, b"4.2.1 Mailbox busy, try later")})

        [message_id] = server.message_ids()
        self.assertEqual(server.raw(message_id), MESSAGE % b"kept")
        self.assertEqual([r["address"] for r in server.json(message_id)["envelope"]["recipients"]], ["c@example.com"])
        self.assertEqual(server.json(message_id)["fault_rules"], ["busy"])
        transcript = server.transcript(message_id)
        self.assertIn('-F Fault rule "busy": reply 450 4.2.1 Mailbox busy, try later\n', transcript)
        self.assertIn('-F Fault rule "content": reply 554 5.6.0 Content rejected\n', transcript)
        server.stop()
        self.assertIn("Fault rule hits: busy 2, blocked 1, content 1", server.output())
        session = server.json(message_id)["session"]
        self.assertEqual(session["fault_rules"], [{"rule": "busy", "count": 2}, {"rule": "blocked", "count": 1},
                                                  {"rule": "content", "count": 1}])


if __name__ == "__main__":
    harness.require_tools("swaks")
    unittest.main()
