"""Messages without From, To, Subject or Date must be stored like any other."""

import smtplib
import unittest

import harness

MESSAGES = [
    b"no header at all\r\n",
    b"Subject: only a subject\r\n\r\nbody\r\n",
    b"From: a@example.com\r\nTo: b@example.com\r\nSubject: no date\r\n\r\nbody\r\n",
    b"Date: Mon, 01 Jan 2024 10:00:00 +0000\r\nSubject:\r\nFrom: a@example.com\r\nTo: b@example.com\r\n\r\nbody\r\n",
]


class MissingHeadersTest(harness.InteropTest):

    def test_smtplib(self):
        server = self.start_server()
        with smtplib.SMTP("127.0.0.1", server.port, timeout=harness.TIMEOUT) as smtp:
            for message in MESSAGES:
                smtp.sendmail("a@example.com", ["b@example.com"], message)
        ids = server.message_ids()
        self.assertEqual(len(ids), len(MESSAGES))
        for message_id, message in zip(ids, MESSAGES):
            self.assertStored(server, message_id, message)

    def test_smtp_source_without_subject(self):
        server = self.start_server()
        self.run_client([harness.tool("smtp-source"), "-s", "5", "-m", "50", "-d", "127.0.0.1:%d" % server.port])
        self.assertEqual(len(server.message_ids()), 50)


if __name__ == "__main__":
    harness.require_tools("smtp-source")
    unittest.main()
