"""`mailscope sendmail` as PHP, cron and mail programs run sendmail: -t, -f and recipient
arguments, -i, -bs, a link named sendmail, PHP's mail(), and the exit codes of sysexits.h.
Every message is checked as Mailscope stored it, bytes and envelope."""

import os
import shutil
import subprocess
import tempfile
import unittest

import faultplans
import harness

EX_USAGE, EX_DATAERR, EX_TEMPFAIL = 64, 65, 75


class SendmailTest(harness.InteropTest):

    @classmethod
    def setUpClass(cls):
        harness.require_tools()

    def setUp(self):
        self.server = self.start_server()
        self.addr = "127.0.0.1:%d" % self.server.port

    def sendmail(self, args, message, program=None, expect_code=0):
        return self.run_client([program or harness.BIN, *([] if program else ["sendmail"]), *args],
                               input=message, expect_code=expect_code)

    def only_message(self):
        ids = self.server.message_ids()
        self.assertEqual(len(ids), 1)
        return ids[0]

    def assertEnvelope(self, message_id, mail_from, recipients):
        envelope = self.server.json(message_id)["envelope"]
        self.assertEqual(envelope["mail_from"], mail_from)
        self.assertEqual([r["address"] for r in envelope["recipients"]], recipients)

    def wait_stored(self, count=1):
        self.server.wait_for_line(r"^message \d+ ", count)

    def test_t_takes_recipients_from_fields_and_drops_bcc(self):
        message = (b"From: App <app@example.com>\nTo: Ann <ann@example.com>, bob@example.com\n"
                   b"Cc: cc@example.com\nBcc: hidden@example.com,\n  also@example.com\nSubject: -t\n\n"
                   b"line one\n.\nafter a lone dot, which ends the message without -i\n")
        self.sendmail(["-S", self.addr, "-t", "-f", "bounce@example.com"], message)
        self.wait_stored()
        message_id = self.only_message()
        self.assertStored(self.server, message_id,
                          b"From: App <app@example.com>\r\nTo: Ann <ann@example.com>, bob@example.com\r\n"
                          b"Cc: cc@example.com\r\nSubject: -t\r\n\r\nline one\r\n")
        self.assertEnvelope(message_id, "bounce@example.com",
                            ["ann@example.com", "bob@example.com", "cc@example.com", "hidden@example.com",
                             "also@example.com"])

    def test_f_and_recipient_arguments_keep_the_message(self):
        message = (b"Subject: arguments\r\nBcc: stays@example.com\r\n\r\n.leading dot\r\n.\r\n"
                   b"..two dots\r\nno final line break")
        self.sendmail(["-i", "-fsender@example.com", "--smtp-addr", self.addr, "one@example.com",
                       "Two <two@example.com>, three@example.com"], message)
        self.wait_stored()
        message_id = self.only_message()
        # Only the final CRLF the DATA terminator needs is added; with -i the lone dot is text.
        self.assertStored(self.server, message_id, message + b"\r\n")
        self.assertEnvelope(message_id, "sender@example.com",
                            ["one@example.com", "two@example.com", "three@example.com"])

    def test_default_sender_is_the_login_user_at_this_host(self):
        self.sendmail(["-S", self.addr, "-oi", "to@example.com"], b"Subject: who\n\n")
        self.wait_stored()
        mail_from = self.server.json(self.only_message())["envelope"]["mail_from"]
        self.assertRegex(mail_from, r"^[^@\s]+@[^@\s]+$")

    def test_link_named_sendmail(self):
        self.check_sendmail_link("sendmail")

    def test_link_named_mailscope_sendmail(self):
        # The name the package installs in /usr/bin, where /usr/sbin/sendmail belongs to an MTA.
        self.check_sendmail_link("mailscope-sendmail")

    def check_sendmail_link(self, name):
        folder = tempfile.mkdtemp(prefix="mailscope-sendmail-")
        self.addCleanup(shutil.rmtree, folder)
        link = os.path.join(folder, name)
        os.symlink(os.path.abspath(harness.BIN), link)
        self.sendmail(["-S", self.addr, "-t", "-i", "-oem", "-F", "Cron Daemon", "-B", "8BITMIME"],
                      b"To: root@example.com\nSubject: cron\n\nran\n", program=link)
        self.wait_stored()
        message_id = self.only_message()
        self.assertStored(self.server, message_id, b"To: root@example.com\r\nSubject: cron\r\n\r\nran\r\n")
        self.assertEnvelope(message_id, self.server.json(message_id)["envelope"]["mail_from"], ["root@example.com"])
        help_text = self.run_client([link, "--help"]).stdout
        self.assertIn(b"-bs", help_text)

    def test_bs_relays_the_dialogue(self):
        proc = subprocess.Popen([harness.BIN, "sendmail", "-bs", "-S", self.addr], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(proc.stderr.close)
        self.addCleanup(proc.stdout.close)
        self.addCleanup(proc.kill)

        def reply():
            """The next whole reply's code, read line by line from sendmail's standard output."""
            while True:
                line = proc.stdout.readline()
                self.assertTrue(line.endswith(b"\r\n"), line)
                if line[3:4] != b"-":
                    return int(line[:3])

        def say(text):
            proc.stdin.write(text)  # bare LF, as a person or a simple program writes
            proc.stdin.flush()
            return reply()

        self.assertEqual(reply(), 220)
        self.assertEqual(say(b"EHLO client.example\n"), 250)
        self.assertEqual(say(b"MAIL FROM:<bs@example.com>\n"), 250)
        self.assertEqual(say(b"RCPT TO:<to@example.com>\n"), 250)
        self.assertEqual(say(b"DATA\n"), 354)
        self.assertEqual(say(b"Subject: -bs\n\n..stuffed\n.\n"), 250)
        self.assertEqual(say(b"QUIT\n"), 221)
        proc.stdin.close()
        self.assertEqual(proc.wait(harness.TIMEOUT), 0)
        self.wait_stored()
        message_id = self.only_message()
        self.assertStored(self.server, message_id, b"Subject: -bs\r\n\r\n.stuffed\r\n")
        self.assertEnvelope(message_id, "bs@example.com", ["to@example.com"])

    def test_php_mail(self):
        if not harness.tool("php"):
            self.skipTest("php not installed (run scripts/install-deps.sh test)")
        script = ('exit(mail("to@example.com", "Hello from PHP", "Line one\\n.\\nLine three", '
                  '"From: App <app@example.com>\\r\\nCc: cc@example.com", "-fbounce@example.com") ? 0 : 1);')
        self.run_client(["php", "-n", "-d", "sendmail_path=%s sendmail -S %s -t -i" % (harness.BIN, self.addr),
                         "-r", script])
        self.wait_stored()
        message_id = self.only_message()
        self.assertStored(self.server, message_id,
                          b"To: to@example.com\r\nSubject: Hello from PHP\r\nFrom: App <app@example.com>\r\n"
                          b"Cc: cc@example.com\r\n\r\nLine one\r\n.\r\nLine three\r\n")
        self.assertEnvelope(message_id, "bounce@example.com", ["to@example.com", "cc@example.com"])


class SendmailErrorsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        harness.require_tools()

    def run_sendmail(self, *args, message=b"Subject: x\n\n"):
        return subprocess.run([harness.BIN, "sendmail", *args], input=message, capture_output=True,
                              timeout=harness.TIMEOUT)

    def assertOneSentence(self, result, code, text):
        self.assertEqual(result.returncode, code, result.stderr)
        lines = result.stderr.decode().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(text, lines[0])

    def test_server_down_is_a_temporary_failure(self):
        port = harness.free_port()
        result = self.run_sendmail("-S", "127.0.0.1:%d" % port, "to@example.com")
        self.assertOneSentence(result, EX_TEMPFAIL, "is Mailscope running there?")
        result = self.run_sendmail("-bs", "-S", "127.0.0.1:%d" % port, message=b"QUIT\n")
        self.assertEqual(result.returncode, EX_TEMPFAIL)
        self.assertTrue(result.stdout.startswith(b"421 "))

    def test_usage_errors(self):
        self.assertOneSentence(self.run_sendmail("-Z", "to@example.com"), EX_USAGE, "unknown option -Z")
        self.assertOneSentence(self.run_sendmail("-S", "::1", "to@example.com"), EX_USAGE, "is not HOST:PORT")
        self.assertOneSentence(self.run_sendmail("-S", "127.0.0.1:1"), EX_USAGE, "no recipient given")
        self.assertOneSentence(self.run_sendmail("-bp"), EX_USAGE, "-bp is not supported")
        self.assertOneSentence(self.run_sendmail("-S", "127.0.0.1:1", "-t"), EX_DATAERR, "names no recipient")


class SendmailRefusalsTest(faultplans.FaultTest):

    @classmethod
    def setUpClass(cls):
        harness.require_tools()

    def test_refused_recipients_exit_codes(self):
        server = self.start_with([
            faultplans.rule("gone", "rcpt", {"type": "reply", "code": 550, "enhanced": "5.1.1", "text": "No such user"},
                            argument="^gone@"),
            faultplans.rule("busy", "rcpt", {"type": "reply", "code": 450, "enhanced": "4.2.1", "text": "Busy"},
                            argument="^busy@"),
        ])
        addr = "127.0.0.1:%d" % server.port

        def sendmail(*recipients):
            return subprocess.run([harness.BIN, "sendmail", "-S", addr, *recipients], input=b"Subject: x\n\n",
                                  capture_output=True, timeout=harness.TIMEOUT)

        refused = sendmail("gone@example.com")
        self.assertEqual(refused.returncode, 69, refused.stderr)
        self.assertIn(b"<gone@example.com> (550 5.1.1 No such user)", refused.stderr)
        self.assertEqual(sendmail("busy@example.com").returncode, EX_TEMPFAIL)
        # One refused for good, one accepted: delivered to the one, and the exit status says 69.
        partial = sendmail("gone@example.com", "here@example.com")
        self.assertEqual(partial.returncode, 69, partial.stderr)
        server.wait_for_line(r"^message \d+ ")
        [message_id] = server.message_ids()
        self.assertEqual([r["address"] for r in server.json(message_id)["envelope"]["recipients"]],
                         ["here@example.com"])


if __name__ == "__main__":
    unittest.main()
