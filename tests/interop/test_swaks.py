"""swaks against `mailscope serve`: plain, pipelined and with an attachment."""

import base64
import email
import email.policy
import os
import unittest

import harness

# Every stored fixture carries From, To, Subject and Date: a message without one of them is
# refused today (see test_missing_headers.py).
MESSAGE = (b"Date: Mon, 01 Jan 2024 10:00:00 +0000\r\n"
           b"From: Alice <alice@example.com>\r\n"
           b"To: Bob <bob@example.com>\r\n"
           b"Subject: swaks with dots\r\n"
           b"\r\n"
           b".a line that starts with a dot\r\n"
           b"..two dots\r\n"
           b".\r\n"
           b"8-bit text: caf\xc3\xa9\r\n")


class SwaksTest(harness.InteropTest):

    def swaks(self, port, *options):
        return self.run_client([harness.tool("swaks"), "--server", "127.0.0.1:%d" % port,
                                "--timeout", "20", "--ehlo", "swaks.interop.test", *options])

    def test_plain_data_file(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        path = os.path.join(server.dir.name, "message.eml")
        with open(path, "wb") as f:
            f.write(MESSAGE)
        self.swaks(proxy.port, "--from", "alice@example.com", "--to", "bob@example.com,carol@example.com",
                   "--data", path)

        [message_id] = self.assertStoredAsSent(server, proxy)
        # swaks ends the data with an empty line of its own before the final dot.
        self.assertStored(server, message_id, MESSAGE + b"\r\n")
        info = server.json(message_id)
        envelope = info["envelope"]
        self.assertEqual(envelope["mail_from"], "alice@example.com")
        self.assertEqual([r["address"] for r in envelope["recipients"]], ["bob@example.com", "carol@example.com"])
        self.assertEqual(envelope["helo"], "swaks.interop.test")
        self.assertFalse(envelope["chunked"])
        self.assertEqual(info["subject"], "swaks with dots")
        self.assertEqual(info["size"], len(MESSAGE) + 2)
        self.assertEqual(info["session"]["defects"], [])

    def test_pipelining(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        self.swaks(proxy.port, "--pipeline", "--from", "alice@example.com", "--to", "bob@example.com")

        [message_id] = self.assertStoredAsSent(server, proxy)
        # swaks really pipelined: MAIL, RCPT and DATA all left before the reply to MAIL came.
        [conn] = proxy.connections
        sent_before_reply = b""
        for side, data in conn.events:
            if side == "S" and b"250 2.1.0" in data:
                break
            if side == "C":
                sent_before_reply += data
        self.assertRegex(sent_before_reply, rb"MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com>\r\n"
                                            rb"DATA\r\n$")
        self.assertEqual(server.json(message_id)["envelope"]["recipients"][0]["address"], "bob@example.com")

    def test_attachment(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        path = os.path.join(server.dir.name, "blob.bin")
        blob = bytes(range(256)) * 64
        with open(path, "wb") as f:
            f.write(blob)
        self.swaks(proxy.port, "--from", "alice@example.com", "--to", "bob@example.com",
                   "--attach-type", "application/octet-stream", "--attach", path)

        [message_id] = self.assertStoredAsSent(server, proxy)
        stored = email.message_from_bytes(server.raw(message_id), policy=email.policy.default)
        attachments = [part for part in stored.iter_attachments()]
        self.assertEqual(len(attachments), 1)
        self.assertEqual(attachments[0].get_filename(), "blob.bin")
        self.assertEqual(attachments[0].get_content(), blob)
        self.assertIn(base64.b64encode(blob[:57]), server.raw(message_id))


if __name__ == "__main__":
    harness.require_tools("swaks")
    unittest.main()
