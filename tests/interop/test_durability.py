"""`kill -9` under load: every message a client got its 250 for is in the store after a restart,
with exactly the bytes it sent, in both durability modes (--durability full and normal).

Several smtplib clients send at once; the server is SIGKILLed while they do, started again on
the same database, and the round repeats. Messages in flight at the kill may or may not be
stored (their client never heard a 250); none that was acknowledged may be missing or
different."""

import smtplib
import threading
import time
import unittest

import harness

ROUNDS = 5
CLIENTS = 4
ACKNOWLEDGED_BEFORE_KILL = 12  # per round: the kill comes while the clients are still sending


def message_bytes(label, number):
    body = "".join("line %d of message %s with a dot below\r\n.\r\n" % (i, label) for i in range(number % 7 + 1))
    return ("From: durability@example.com\r\nTo: store@example.org\r\nSubject: %s\r\n"
            "Message-ID: <%s@durability.test>\r\n\r\n%s" % (label, label, body)).encode()


class Sender(threading.Thread):
    """Sends numbered messages over one connection after another until the server is gone or
    told to stop; keeps the messages that got their 250."""

    def __init__(self, port, prefix, stop):
        super().__init__(daemon=True)
        self.port, self.prefix, self.stop = port, prefix, stop
        self.acknowledged = {}  # subject -> bytes sent
        self.lock = threading.Lock()

    def run(self):
        number = 0
        deadline = time.monotonic() + harness.TIMEOUT
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                with smtplib.SMTP("127.0.0.1", self.port, timeout=10) as smtp:
                    for _ in range(5):
                        number += 1
                        label = "%s-%d" % (self.prefix, number)
                        data = message_bytes(label, number)
                        # sendmail returns only once the server answered 250 to the data.
                        if smtp.sendmail("durability@example.com", ["store@example.org"], data) == {}:
                            with self.lock:
                                self.acknowledged[label] = data
            except (OSError, smtplib.SMTPException):
                return  # the server went away mid-conversation: this round is over for us

    def count(self):
        with self.lock:
            return len(self.acknowledged)


class DurabilityTest(harness.InteropTest):

    def kill_rounds(self, durability):
        folder = harness.tempfile.TemporaryDirectory(prefix="mailscope-durability-")
        self.addCleanup(folder.cleanup)
        db = harness.os.path.join(folder.name, "mailscope.sqlite")
        acknowledged = {}
        for round_number in range(ROUNDS):
            server = harness.Server("--no-http", "--durability", durability, db=db)
            self.addCleanup(server.close)
            stop = threading.Event()
            senders = [Sender(server.port, "%s-r%d-c%d" % (durability, round_number, c), stop) for c in range(CLIENTS)]
            for s in senders:
                s.start()
            deadline = time.monotonic() + harness.TIMEOUT
            while sum(s.count() for s in senders) < ACKNOWLEDGED_BEFORE_KILL and time.monotonic() < deadline:
                time.sleep(0.01)
            still_sending = sum(s.is_alive() for s in senders)
            server.proc.kill()
            server.proc.wait()
            stop.set()
            for s in senders:
                s.join(harness.TIMEOUT)
                acknowledged.update(s.acknowledged)
            self.assertGreaterEqual(sum(s.count() for s in senders), ACKNOWLEDGED_BEFORE_KILL,
                                    "round %d: too few messages before the kill" % round_number)
            self.assertGreater(still_sending, 0, "round %d: the kill came after the load" % round_number)

        # Started once more on what the kills left: everything acknowledged is there, as sent.
        server = self.start_server("--durability", durability, db=db)
        stored = {}
        for message_id in server.message_ids():
            raw = server.api("GET", "/api/v1/message/%d/raw" % message_id)
            subject = next(line for line in raw.split(b"\r\n") if line.startswith(b"Subject: "))
            stored[subject[len(b"Subject: "):].decode()] = raw
        missing = sorted(set(acknowledged) - set(stored))
        self.assertEqual(missing, [], "acknowledged but not stored")
        for label, data in acknowledged.items():
            self.assertEqual(stored[label], data, label)
        self.assertGreaterEqual(len(acknowledged), ROUNDS * ACKNOWLEDGED_BEFORE_KILL)

    def test_full(self):
        self.kill_rounds("full")

    def test_normal(self):
        self.kill_rounds("normal")


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
