"""Greylisting with a real retrying client: the first attempt of a client/sender/recipient
triple gets 450 4.7.1, an early retry too, a retry after the configured delay gets through."""

import smtplib
import time
import unittest

import faultplans
import harness

RETRY_AFTER = 1  # seconds; the preset uses 60
MESSAGE = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: greylisted\r\nDate: Mon, 01 Jan 2024 10:00:00 +0000\r\n\r\nbody\r\n"


def send_with_retries(port, attempts):
    """Sends like an MTA would: on a 4xx, wait and try again in a new session. Returns the
    (code, text) of every refused attempt and whether one got through."""
    refusals = []
    for wait in attempts:
        time.sleep(wait)
        with smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT) as smtp:
            try:
                smtp.sendmail("a@example.com", ["b@example.com"], MESSAGE)
                return refusals, True
            except smtplib.SMTPRecipientsRefused as e:
                refusals.append(e.recipients["b@example.com"])
    return refusals, False


class GreylistingTest(faultplans.FaultTest):

    def test_retry_after_the_delay_gets_through(self):
        server = self.start_with([faultplans.rule("grey", "rcpt", {"type": "greylist",
                                                                   "retryAfterSeconds": RETRY_AFTER})])
        started = time.monotonic()
        # At once, once more at once (too early), then after the delay.
        refusals, delivered = send_with_retries(server.port, [0, 0, RETRY_AFTER + 0.2])
        self.assertTrue(delivered)
        self.assertGreaterEqual(time.monotonic() - started, RETRY_AFTER)
        self.assertEqual(refusals, [(450, b"4.7.1 Greylisted, please try again later")] * 2)
        [message_id] = server.message_ids()
        self.assertEqual(server.raw(message_id), MESSAGE)
        server.wait_for_sessions(3)
        self.assertEqual([rules for _, rules, _ in self.sessions(server)],
                         [[{"rule": "grey", "count": 1}], [{"rule": "grey", "count": 1}], []])

    def test_preset_refuses_the_first_attempt(self):
        server = self.start_server("--fault-preset", "greylisting")
        refusals, delivered = send_with_retries(server.port, [0])
        self.assertFalse(delivered)
        self.assertEqual(refusals, [(450, b"4.7.1 Greylisted, please try again later")])


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
