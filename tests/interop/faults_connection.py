"""What rules do to the connection, seen on a raw socket: a delay makes the reply come no
earlier than configured (a lower bound, not a timing), close and disconnect rules close the
socket, a hang answers nothing until the idle timeout."""

import time
import unittest

import faultplans
import harness

HELLO = b"EHLO raw.interop.test\r\n"


class ConnectionTest(faultplans.FaultTest):

    def connect(self, server):
        client = harness.RawClient(server.port)
        self.addCleanup(client.close)
        self.assertEqual(client.reply()[0], 220)
        self.assertEqual(client.command(HELLO)[0], 250)
        return client

    def test_delay_is_a_lower_bound(self):
        server = self.start_with([faultplans.rule("slow-mail", "mail", {"type": "delay", "delayMs": 800})])
        client = self.connect(server)
        started = time.monotonic()
        code, lines = client.command(b"MAIL FROM:<a@example.com>\r\n")
        self.assertGreaterEqual(time.monotonic() - started, 0.8)
        self.assertEqual((code, lines), (250, [b"250 2.1.0 Sender <a@example.com> OK"]))
        # Commands after it are not slowed down.
        self.assertEqual(client.command(b"RCPT TO:<b@example.com>\r\n")[0], 250)

    def test_close_rule_closes_the_socket_without_a_reply(self):
        server = self.start_with([faultplans.rule("cut", "rcpt", {"type": "close"})])
        client = self.connect(server)
        self.assertEqual(client.command(b"MAIL FROM:<a@example.com>\r\n")[0], 250)
        self.assertEqual(client.command(b"RCPT TO:<b@example.com>\r\n"), (None, []))
        self.assertTrue(client.closed_by_server())

    def test_disconnect_rule_replies_421_and_closes(self):
        server = self.start_with([faultplans.rule("bye", "mail", {"type": "disconnect", "text": "Going away"})])
        client = self.connect(server)
        self.assertEqual(client.command(b"MAIL FROM:<a@example.com>\r\n"), (421, [b"421 4.3.2 Going away"]))
        self.assertTrue(client.closed_by_server())
        server.wait_for_sessions(1)
        self.assertEqual(self.sessions(server)[0][1], [{"rule": "bye", "count": 1}])

    def test_hang_answers_nothing_until_the_idle_timeout(self):
        server = self.start_with([faultplans.rule("stuck", "data", {"type": "hang"})], "--idle-timeout", "1")
        client = self.connect(server)
        client.command(b"MAIL FROM:<a@example.com>\r\n")
        client.command(b"RCPT TO:<b@example.com>\r\n")
        started = time.monotonic()
        self.assertEqual(client.command(b"DATA\r\n"), (None, []))  # nothing, then the close
        # The idle timer is a coarse Qt timer, which may fire up to 5% early.
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        server.wait_for_sessions(1)
        self.assertEqual(self.sessions(server)[0][0], "timed_out")


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
