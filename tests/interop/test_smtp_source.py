"""Postfix's smtp-source against `mailscope serve`: 2,000 messages over 20 parallel
sessions, every one stored exactly as sent."""

import json
import sqlite3
import unittest
from collections import defaultdict

import harness

MESSAGES = 2000
SESSIONS = 20


class SmtpSourceTest(harness.InteropTest):

    def smtp_source(self, port, *options):
        # -S: see test_missing_headers.py for messages without a Subject.
        self.run_client([harness.tool("smtp-source"), "-s", str(SESSIONS), "-m", str(MESSAGES), "-l", "1500",
                         "-S", "load", "-M", "source.interop.test", "-f", "from@example.com",
                         "-t", "to@example.com", *options, "127.0.0.1:%d" % port])

    def stored_by_client_port(self, server):
        """Raw bytes of every message, grouped by the client port it came from, in id order.
        Read straight from the database: 2,000 `mailscope show` runs would take too long."""
        by_port = defaultdict(list)
        db = sqlite3.connect("file:%s?mode=ro" % server.db, uri=True, timeout=harness.TIMEOUT)
        try:
            rows = db.execute("SELECT s.client_port, r.data FROM messages m JOIN sessions s ON s.id = m.session_id"
                              " JOIN message_raw r ON r.message_id = m.id ORDER BY m.id").fetchall()
        finally:
            db.close()
        for client_port, data in rows:
            by_port[client_port].append(bytes(data))
        return by_port

    def assertAllStoredAsSent(self, server, proxy, connections):
        conns = proxy.wait_closed(connections)
        self.assertEqual(len(conns), connections)
        ids = server.message_ids()
        self.assertEqual(len(ids), MESSAGES)
        stored = self.stored_by_client_port(server)
        # With a connection per message the kernel may reuse a client port for a later
        # connection, so compare per port, connections in the order they were made.
        sent_by_port = defaultdict(list)
        for conn in conns:
            sent_by_port[conn.upstream_port] += harness.sent_messages(conn.client_bytes())
        for port, sent in sent_by_port.items():
            self.assertEqual(stored.get(port), sent, "messages of the connections from port %d differ" % port)
        self.assertEqual(sum(len(v) for v in stored.values()), MESSAGES)
        # The command line gives the same bytes as the database for the first and last one.
        for message_id in (ids[0], ids[-1]):
            self.assertIn(server.raw(message_id), stored[server.json(message_id)["envelope"]["client_port"]])
        envelope = server.json(ids[-1])["envelope"]
        self.assertEqual(envelope["mail_from"], "from@example.com")
        self.assertEqual([r["address"] for r in envelope["recipients"]], ["to@example.com"])
        self.assertEqual(envelope["helo"], "source.interop.test")

    def test_reused_connections(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        self.smtp_source(proxy.port, "-d")

        self.assertAllStoredAsSent(server, proxy, SESSIONS)
        server.wait_for_sessions(SESSIONS)
        sessions = server.sessions()
        self.assertEqual(len(sessions), SESSIONS)
        self.assertEqual({s["outcome"] for s in sessions}, {"delivered"})
        self.assertEqual(sum(s["messages"] for s in sessions), MESSAGES)

    def test_new_connection_per_message(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        self.smtp_source(proxy.port)

        self.assertAllStoredAsSent(server, proxy, MESSAGES)
        server.wait_for_sessions(MESSAGES)
        sessions = server.sessions()
        self.assertEqual(len(sessions), MESSAGES)
        self.assertEqual({(s["outcome"], s["messages"]) for s in sessions}, {("delivered", 1)})


if __name__ == "__main__":
    harness.require_tools("smtp-source")
    unittest.main()
