"""A 20 MiB message through Python's smtplib against `mailscope serve`: past the 1 MiB
threshold the content goes to a spool file beside the database, which the store moves into
SQLite; the stored bytes must be exactly the ones sent, and no spool file may stay behind."""

import os
import smtplib
import unittest

import harness

MIB = 1024 * 1024


def large_message(size):
    """size octets: headers, then lines of varied length, every seventh starting with a dot."""
    head = (b"Date: Wed, 03 Jan 2024 12:00:00 +0000\r\nFrom: a@example.com\r\nTo: b@example.com\r\n"
            b"Subject: twenty mebibytes\r\n\r\n")
    lines, total, n = [head], len(head), 0
    while size - total >= 120:
        line = (b"." if n % 7 == 0 else b"") + bytes([97 + n % 26]) * (n % 113) + b"\r\n"
        lines.append(line)
        total += len(line)
        n += 1
    lines.append(b"z" * (size - total - 2) + b"\r\n")
    return b"".join(lines)


class LargeMessageTest(harness.InteropTest):

    def test_twenty_mib_through_smtplib(self):
        server = self.start_server("--max-message-size", str(25 * MIB))
        message = large_message(20 * MIB)
        self.assertEqual(len(message), 20 * MIB)
        with smtplib.SMTP("127.0.0.1", server.port, local_hostname="large.interop.test",
                          timeout=harness.TIMEOUT) as smtp:
            self.assertEqual(smtp.sendmail("a@example.com", ["b@example.com"], message), {})
        [message_id] = server.message_ids()
        stored = server.raw(message_id)
        self.assertEqual(len(stored), len(message))
        self.assertTrue(stored == message, "the stored bytes differ from the ones sent")
        self.assertEqual(server.json(message_id)["size"], len(message))
        spool = server.db + "-spool"
        self.assertEqual(os.listdir(spool) if os.path.isdir(spool) else [], [])


if __name__ == "__main__":
    unittest.main()
