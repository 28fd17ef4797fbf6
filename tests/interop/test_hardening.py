"""Hostile and careless clients against `mailscope serve`: a client that half-closes after
"." and QUIT, a burst of connections, and SIGTERM while deeply nested mail is being indexed."""

import selectors
import socket
import time
import unittest

import harness

HEADER = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hardening\r\n"


def nested_multiparts(depth):
    """A text part inside `depth` multiparts, each the only part of the one around it."""
    raw = HEADER
    for i in range(depth):
        raw += b"Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n" % (i, i)
    raw += b"Content-Type: text/plain\r\n\r\ndeep\r\n"
    for i in range(depth - 1, -1, -1):
        raw += b"--b%d--\r\n" % i
    return raw


class HardeningTest(harness.InteropTest):

    def connect(self, server):
        c = harness.RawClient(server.port)
        self.addCleanup(c.close)
        self.assertEqual(c.reply()[0], 220)
        return c

    def start_transaction(self, c):
        self.assertEqual(c.command(b"EHLO hardening.interop.test\r\n")[0], 250)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)
        self.assertEqual(c.command(b"DATA\r\n")[0], 354)

    def test_half_close_after_quit_gets_250_and_221(self):
        server = self.start_server()
        c = self.connect(server)
        self.start_transaction(c)
        content = HEADER + b"\r\nhalf-closed\r\n"
        c.send(content + b".\r\nQUIT\r\n")
        c.sock.shutdown(socket.SHUT_WR)  # the client is done sending, and reads on
        code, lines = c.reply()
        self.assertEqual(code, 250, lines)
        self.assertTrue(lines[-1].startswith(b"250 2.0.0 OK: queued as "), lines)
        code, lines = c.reply()
        self.assertEqual(code, 221, lines)
        self.assertTrue(c.closed_by_server())
        [message_id] = server.message_ids()
        self.assertStored(server, message_id, content)
        server.wait_for_sessions(1)
        [session] = server.sessions()
        self.assertEqual(session["outcome"], "delivered")
        self.assertEqual(session["messages"], 1)

    def test_half_close_after_dot_gets_250(self):
        server = self.start_server()
        c = self.connect(server)
        self.start_transaction(c)
        content = HEADER + b"\r\nno quit\r\n"
        c.send(content + b".\r\n")
        c.sock.shutdown(socket.SHUT_WR)
        code, lines = c.reply()
        self.assertEqual(code, 250, lines)
        self.assertTrue(c.closed_by_server())
        [message_id] = server.message_ids()
        self.assertStored(server, message_id, content)

    def test_burst_of_1000_connections_all_greeted(self):
        count = 1000
        server = self.start_server("--max-connections", str(count + 100))
        selector = selectors.DefaultSelector()
        sockets = []
        try:
            for _ in range(count):  # all at once: no connect waits for the one before
                s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                s.setblocking(False)
                s.connect_ex(("127.0.0.1", server.port))
                sockets.append(s)
                selector.register(s, selectors.EVENT_READ, bytearray())
            greeted = 0
            deadline = time.monotonic() + 60
            while greeted < count and time.monotonic() < deadline:
                for key, _ in selector.select(timeout=1):
                    try:
                        data = key.fileobj.recv(512)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    key.data.extend(data)
                    if b"\r\n" in key.data or not data:
                        selector.unregister(key.fileobj)
                        greeted += key.data.startswith(b"220 ")
            self.assertEqual(greeted, count, "%d of %d connections greeted with 220" % (greeted, count))
        finally:
            selector.close()
            for s in sockets:
                s.close()

    def test_sigterm_while_indexing_deep_mail_exits_promptly(self):
        server = self.start_server()
        deep = nested_multiparts(10000)
        acknowledged = 0
        for _ in range(4):
            c = self.connect(server)
            self.start_transaction(c)
            code, lines = c.command(deep + b".\r\n")
            self.assertEqual(code, 250, lines)
            acknowledged += 1
            c.command(b"QUIT\r\n")
        # The indexer parses these right after their commits: stop now, with a deadline.
        server.proc.send_signal(harness.signal.SIGTERM)
        try:
            server.proc.wait(timeout=30)
        except harness.subprocess.TimeoutExpired:
            self.fail("mailscope serve did not exit within 30 s of SIGTERM while indexing")
        self.assertEqual(server.proc.returncode, 0)
        ids = server.message_ids()
        self.assertEqual(len(ids), acknowledged)
        for message_id in ids:
            self.assertStored(server, message_id, deep)

    def test_low_disk_space_refuses_new_mail(self):
        # A threshold above the free space there is: the disk counts as full.
        server = self.start_server("--min-free-space", str(1 << 50))
        c = self.connect(server)
        self.assertEqual(c.command(b"EHLO hardening.interop.test\r\n")[0], 250)
        self.assertEqual(c.command(b"MAIL FROM:<a@example.com>\r\n"), (452, [b"452 4.3.1 Insufficient system storage"]))
        self.assertEqual(c.command(b"QUIT\r\n")[0], 221)
        self.assertEqual(server.message_ids(), [])

    def test_listening_beyond_loopback_warns(self):
        server = self.start_server("--smtp", "0.0.0.0:0")
        self.assertEqual(server.stop(), 0)  # all of stderr is read once it has exited
        warning = [line for line in server.stderr if "is reachable from other machines" in line]
        self.assertEqual(len(warning), 1, server.stderr)
        self.assertRegex(warning[0], r"^mailscope: warning: SMTP on 0\.0\.0\.0:\d+ is reachable from other machines: "
                                     r"anyone who can connect may send mail, any AUTH credentials are accepted, and "
                                     r"every message is stored in .* with no limit \(set --max-messages, "
                                     r"--max-total-size or --max-age\)$")
        self.assertNotIn("127.0.0.1", warning[0])

    def test_loopback_only_does_not_warn(self):
        server = self.start_server("--max-messages", "10")
        self.assertEqual(server.stop(), 0)
        self.assertEqual([line for line in server.stderr if "reachable" in line], [])


if __name__ == "__main__":
    unittest.main()
