"""A raw-socket CHUNKING (BDAT, RFC 3030) client against `mailscope serve`."""

import re
import time
import unittest

import harness

HEADER = (b"Date: Thu, 04 Jan 2024 13:00:00 +0000\r\nFrom: a@example.com\r\nTo: b@example.com\r\n"
          b"Subject: chunked\r\n\r\n")
# BDAT content is taken as it is: no dot-stuffing, and CRLF.CRLF is not an end.
CHUNKS = [HEADER + b"first chunk\r\n.\r\n..not unstuffed\r\n",
          b"bare LF\nbare CR\r" + bytes(range(256)),
          b"\r\nlast line\r\n"]
QUEUED = re.compile(rb"^250 2\.0\.0 .*queued as (\d+)$")


def bdat(chunk, last=False):
    return b"BDAT %d%s\r\n" % (len(chunk), b" LAST" if last else b"") + chunk


class BdatTest(harness.InteropTest):

    def open(self, server):
        c = harness.RawClient(server.port)
        self.addCleanup(c.close)
        self.assertEqual(c.reply()[0], 220)
        code, lines = c.command(b"EHLO bdat.interop.test\r\n")
        self.assertEqual(code, 250)
        self.assertIn(b"250-CHUNKING", lines)
        return c

    def queued_id(self, reply):
        code, lines = reply
        match = QUEUED.match(lines[-1]) if lines else None
        self.assertIsNotNone(match, "expected 250 queued as <id>, got %r" % lines)
        return int(match.group(1))

    def assertChunkedMessage(self, server, message_id, content):
        self.assertStored(server, message_id, content)
        envelope = server.json(message_id)["envelope"]
        self.assertTrue(envelope["chunked"])
        self.assertEqual(envelope["mail_from"], "a@example.com")
        self.assertEqual([r["address"] for r in envelope["recipients"]], ["b@example.com"])

    def test_chunks_one_by_one(self):
        server = self.start_server()
        c = self.open(server)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        for chunk in CHUNKS[:-1]:
            code, lines = c.command(bdat(chunk))
            self.assertEqual(code, 250)
            self.assertTrue(lines[-1].startswith(b"250 2.0.0 "), lines)
        message_id = self.queued_id(c.command(bdat(CHUNKS[-1], last=True)))
        self.assertEqual(c.command(b"QUIT\r\n")[0], 221)
        self.assertChunkedMessage(server, message_id, b"".join(CHUNKS))

    def test_bdat_0_last(self):
        server = self.start_server()
        c = self.open(server)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        for chunk in CHUNKS:
            self.assertEqual(c.command(bdat(chunk))[0], 250)
        message_id = self.queued_id(c.command(b"BDAT 0 LAST\r\n"))
        self.assertChunkedMessage(server, message_id, b"".join(CHUNKS))

    def pipelined_dialogue(self):
        second = HEADER.replace(b"chunked", b"second") + b"in one chunk\r\n"
        dialogue = (b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
                    + bdat(CHUNKS[0]) + bdat(CHUNKS[1]) + bdat(CHUNKS[2], last=True)
                    + b"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\n"
                    + bdat(second) + b"BDAT 0 LAST\r\nQUIT\r\n")
        return dialogue, [b"".join(CHUNKS), second]

    def run_pipelined(self, send):
        server = self.start_server()
        c = self.open(server)
        dialogue, messages = self.pipelined_dialogue()
        send(c, dialogue)
        replies = []
        while True:
            reply = c.reply()
            if reply[0] is None:
                break
            replies.append(reply)
        self.assertEqual([code for code, _ in replies], [250, 250, 250, 250, 250, 250, 250, 250, 250, 221])
        ids = [self.queued_id(replies[4]), self.queued_id(replies[8])]
        for message_id, content in zip(ids, messages):
            self.assertChunkedMessage(server, message_id, content)
        self.assertEqual(server.message_ids(), ids)

    def test_pipelined_in_one_write(self):
        self.run_pipelined(lambda c, data: c.send(data))

    def test_pipelined_one_octet_at_a_time(self):
        def trickle(c, data):
            for i in range(len(data)):
                c.send(data[i:i + 1])
                if i % 64 == 0:
                    time.sleep(0.001)  # let the octets arrive in many separate reads
        self.run_pipelined(trickle)


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
