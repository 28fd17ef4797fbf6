"""The fault command line: `mailscope faults presets|show`, `serve --fault-preset`, a plan
file reloaded while serving (a broken one is reported and the old plan kept), and
`--fault-seed` giving the same faults for the same traffic."""

import json
import os
import re
import subprocess
import time
import unittest

import faultplans
import harness

PRESETS = ["temp-fail-rcpt", "unknown-user", "mailbox-full", "relay-denied", "unavailable", "greylisting",
           "rate-limited", "slow", "flaky", "reject-after-data", "mailpit-chaos", "mailhog-jim", "smtp-sink"]


run = harness.run_mailscope


def rcpt_codes(port, count):
    """One session sending `count` RCPTs; the reply code of each."""
    client = harness.RawClient(port)
    try:
        client.reply()
        client.command(b"EHLO seed.test\r\n")
        client.command(b"MAIL FROM:<a@example.com>\r\n")
        return [client.command(b"RCPT TO:<r%d@example.com>\r\n" % i)[0] for i in range(count)]
    finally:
        client.close()


class FaultCliTest(faultplans.FaultTest):

    def test_presets_are_listed_and_printable(self):
        result = run("faults", "presets")
        self.assertEqual(result.returncode, 0, result.stderr)
        names = [line.split()[0] for line in result.stdout.decode().splitlines()]
        self.assertEqual(names, PRESETS)
        for name in PRESETS:
            printed = run("faults", "presets", name)
            self.assertEqual(printed.returncode, 0, printed.stderr)
            self.assertEqual(json.loads(printed.stdout)["version"], 1)
            path = os.path.join(self.plan_dir(), name + ".json")
            with open(path, "wb") as f:
                f.write(printed.stdout)
            shown = run("faults", "show", path)
            self.assertEqual(shown.returncode, 0, shown.stderr)
            self.assertIn(b"a valid fault plan", shown.stdout)
        unknown = run("faults", "presets", "no-such")
        self.assertEqual(unknown.returncode, 2)
        self.assertIn(b"no preset named \"no-such\"", unknown.stderr)

    def test_show_explains_and_refuses(self):
        good = self.write_plan([faultplans.rule("full", "rcpt", {"type": "reply", "code": 452, "enhanced": "4.2.2",
                                                                 "text": "Mailbox full"},
                                                argument="@example\\.com$", every=3)])
        result = run("faults", "show", good)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(b"1. full (rcpt): Every 3rd RCPT to an address matching @example\\.com$ in a session gets "
                      b"452 4.2.2 Mailbox full\n", result.stdout)
        bad = self.write_plan([faultplans.rule("odd", "rcpt", {"type": "reply", "code": 354})], name="bad.json")
        result = run("faults", "show", bad)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"rule \"odd\": 354 asks the client to go on sending what RCPT does not take", result.stderr)

    def test_serve_refuses_a_broken_plan(self):
        bad = self.write_plan([faultplans.rule("odd", "greeting", {"type": "reply", "code": 450})])
        result = subprocess.run([harness.BIN, "serve", "--smtp", "127.0.0.1:0", "--db",
                                 os.path.join(self.plan_dir(), "db.sqlite"), "--faults", bad],
                                capture_output=True, timeout=harness.TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn(b"fault plan not loaded", result.stderr)
        self.assertIn(b"only 220, 421 or 554", result.stderr)

    def test_preset_applies_to_all_traffic(self):
        server = self.start_server("--fault-preset", "unavailable")
        client = harness.RawClient(server.port)
        self.addCleanup(client.close)
        # No EHLO yet, so no enhanced status code (RFC 2034).
        self.assertEqual(client.reply(), (421, [b"421 Service not available, try again later"]))
        self.assertTrue(client.closed_by_server())

    def test_plan_file_is_reloaded(self):
        path = self.write_plan([faultplans.rule("first", "mail", {"type": "reply", "code": 451, "text": "First"})])
        server = self.start_server("--faults", path)
        server.wait_for_line(r"^1\. first ")
        self.assertEqual(self.mail_reply(server), (451, [b"451 First"]))

        self.write_plan([faultplans.rule("second", "mail", {"type": "reply", "code": 452, "text": "Second"})])
        server.wait_for_line(r"^Fault plan reloaded from ")
        self.assertEqual(self.mail_reply(server), (452, [b"452 Second"]))

        with open(path, "w") as f:
            f.write('{"version": 1, "rules": [')  # a half-saved file
        self.wait_for_stderr(server, r"fault plan not reloaded, the previous plan stays in force: .*not valid JSON")
        self.assertEqual(self.mail_reply(server), (452, [b"452 Second"]))

    def test_same_seed_same_faults(self):
        rules = [faultplans.rule("coin", "rcpt", {"type": "reply", "code": 450, "text": "Heads"}, probability=50)]
        runs = []
        for _ in range(2):
            server = self.start_server("--faults", self.write_plan(rules), "--fault-seed", "4242")
            server.wait_for_line(r"^Fault plan .*, seed 4242 ")
            runs.append(rcpt_codes(server.port, 40) + rcpt_codes(server.port, 40))
        self.assertEqual(runs[0], runs[1])
        self.assertIn(450, runs[0])
        self.assertIn(250, runs[0])

    def mail_reply(self, server):
        client = harness.RawClient(server.port)
        try:
            client.reply()
            client.command(b"EHLO reload.test\r\n")
            return client.command(b"MAIL FROM:<a@example.com>\r\n")
        finally:
            client.close()

    def wait_for_stderr(self, server, pattern):
        deadline = time.monotonic() + harness.TIMEOUT
        while time.monotonic() < deadline:
            if any(re.search(pattern, line) for line in server.stderr):
                return
            time.sleep(0.05)
        self.fail("no stderr line matches %r: %s" % (pattern, server.stderr))


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
