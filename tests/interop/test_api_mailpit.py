"""Mailpit's remaining API v1 routes with real clients: tags (and X-Tags at ingest), Chaos as
rules of the fault plan (smtplib meets the codes), POST /api/v1/send (read back through the
message routes), and releasing a stored message to a second `mailscope serve`."""

import base64
import smtplib
import unittest
import urllib.parse
from email.message import EmailMessage
import email.policy

import harness

POLICY = email.policy.SMTP


def smtp_message(subject, tags=None, sender="ann@example.org", to="bob@example.org"):
    msg = EmailMessage(policy=POLICY)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Wed, 03 Jan 2024 12:00:00 +0000"
    msg["Message-ID"] = "<%s@interop.test>" % subject.replace(" ", ".")
    if tags:
        msg["X-Tags"] = tags
    msg.set_content("body of %s\n" % subject)
    return msg.as_bytes()


def send(port, data, recipients=("bob@example.org",), sender="ann@example.org"):
    with smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT) as client:
        client.sendmail(sender, list(recipients), data)


PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")


class TagsTest(harness.InteropTest):

    def setUp(self):
        self.server = self.start_server()
        send(self.server.port, smtp_message("one", tags="Alpha, beta"))
        send(self.server.port, smtp_message("two"))
        send(self.server.port, smtp_message("three", tags="beta"))
        self.server.wait_for_line(r"^message (\d+) ", 3)

    def tags_of(self, number):
        return self.server.api("GET", "/api/v1/message/%d" % number)["Tags"]

    def search(self, query):
        result = self.server.api("GET", "/api/v1/search?" + urllib.parse.urlencode({"query": query}))
        return [int(m["ID"]) for m in result["messages"]]

    def test_tags_from_x_tags_at_ingest(self):
        self.assertEqual(self.server.api("GET", "/api/v1/tags"), ["Alpha", "beta"])
        self.assertEqual(self.tags_of(1), ["Alpha", "beta"])
        self.assertEqual(self.tags_of(2), [])
        self.assertEqual(self.server.api("GET", "/api/v1/info")["Tags"], {"Alpha": 1, "beta": 2})
        self.assertEqual(self.search("tag:beta"), [3, 1])

    def test_set_rename_delete(self):
        self.assertEqual(self.server.api("PUT", "/api/v1/tags", {"Tags": ["Gamma", "beta", "gamma"], "IDs": ["1", "2"]}),
                         b"ok")
        self.assertEqual(self.tags_of(1), ["beta", "Gamma"])
        self.assertEqual(self.tags_of(2), ["beta", "Gamma"])
        self.assertEqual(self.server.api("GET", "/api/v1/tags"), ["beta", "Gamma"], "Alpha went with its last message")
        self.assertEqual(self.search("tag:gamma"), [2, 1])

        self.assertEqual(self.server.api("PUT", "/api/v1/tags/Gamma", {"Name": "Delta"}), b"ok")
        self.assertEqual(self.server.api("GET", "/api/v1/tags"), ["beta", "Delta"])
        self.assertEqual(self.tags_of(2), ["beta", "Delta"])
        self.assertEqual(self.search("tag:Delta"), [2, 1])
        self.assertEqual(self.search("tag:Gamma"), [])

        self.assertEqual(self.server.api("DELETE", "/api/v1/tags/beta"), b"ok")
        self.assertEqual(self.server.api("GET", "/api/v1/tags"), ["Delta"])
        self.assertEqual(self.tags_of(3), [])
        self.assertEqual(self.server.api("GET", "/api/v1/info")["Tags"], {"Delta": 2})

        self.assertEqual(self.server.api("PUT", "/api/v1/tags", {"Tags": [], "IDs": ["1"]}), b"ok")
        self.assertEqual(self.tags_of(1), [])
        self.assertEqual(self.server.api("GET", "/api/v1/messages")["tags"], ["Delta"])

    def test_errors(self):
        self.assertEqual(self.server.http("PUT", "/api/v1/tags/nothing", {"Name": "x"})[::2],
                         (400, b"tag not found: nothing"))
        self.assertEqual(self.server.http("DELETE", "/api/v1/tags/nothing")[::2], (400, b"tag not found: nothing"))
        self.assertEqual(self.server.http("PUT", "/api/v1/tags/beta", {"Name": "Alpha"})[::2],
                         (400, b"tag already exists: Alpha"))
        self.assertEqual(self.server.http("PUT", "/api/v1/tags/beta", {"Name": "!!"})[::2],
                         (400, b"invalid tag name: "))
        self.assertEqual(self.server.http("PUT", "/api/v1/tags", b"{nope")[0], 400)
        self.assertEqual(self.server.api("GET", "/api/v1/tags"), ["Alpha", "beta"], "nothing changed")


class ChaosTest(harness.InteropTest):

    def setUp(self):
        self.server = self.start_server()

    def test_defaults(self):
        self.assertEqual(self.server.api("GET", "/api/v1/chaos"), {
            "Sender": {"ErrorCode": 451, "Probability": 0},
            "Recipient": {"ErrorCode": 451, "Probability": 0},
            "Authentication": {"ErrorCode": 535, "Probability": 0}})
        self.assertTrue(self.server.api("GET", "/api/v1/webui")["ChaosEnabled"])

    def test_sender(self):
        body = {"Sender": {"ErrorCode": 550, "Probability": 100}}
        expected = {"Sender": {"ErrorCode": 550, "Probability": 100},
                    "Recipient": {"ErrorCode": 451, "Probability": 0},
                    "Authentication": {"ErrorCode": 535, "Probability": 0}}
        self.assertEqual(self.server.api("PUT", "/api/v1/chaos", body), expected)
        self.assertEqual(self.server.api("GET", "/api/v1/chaos"), expected)
        names = [r["name"] for r in self.server.api("GET", "/api/v1/faults")["rules"]]
        self.assertEqual(names, ["chaos-sender"])
        with smtplib.SMTP("127.0.0.1", self.server.port, timeout=harness.TIMEOUT) as client:
            client.ehlo()
            self.assertEqual(client.mail("ann@example.org"), (550, b"Chaos sender error"))

    def test_recipient_and_auth(self):
        self.server.api("PUT", "/api/v1/chaos", {"Recipient": {"ErrorCode": 452, "Probability": 100},
                                                 "Authentication": {"ErrorCode": 454, "Probability": 100}})
        with smtplib.SMTP("127.0.0.1", self.server.port, timeout=harness.TIMEOUT) as client:
            client.ehlo()
            self.assertEqual(client.docmd("AUTH", "PLAIN " + base64.b64encode(b"\0u\0p").decode()),
                             (454, b"Chaos authentication error"))
            self.assertEqual(client.mail("ann@example.org")[0], 250)
            self.assertEqual(client.rcpt("bob@example.org"), (452, b"Chaos recipient error"))
        # Clearing the triggers takes the rules out again.
        self.server.api("PUT", "/api/v1/chaos", {})
        self.assertEqual(self.server.api("GET", "/api/v1/faults")["rules"], [])

    def test_keeps_other_rules(self):
        plan = {"version": 1, "rules": [{"name": "slow-data", "stage": "data",
                                         "action": {"type": "reply", "code": 451, "text": "Try later"}}]}
        self.server.api("PUT", "/api/v1/faults", plan)
        self.server.api("PUT", "/api/v1/chaos", {"Sender": {"ErrorCode": 421, "Probability": 30}})
        names = [r["name"] for r in self.server.api("GET", "/api/v1/faults")["rules"]]
        self.assertEqual(names, ["chaos-sender", "slow-data"])
        self.server.api("PUT", "/api/v1/chaos", {"Sender": {"ErrorCode": 451, "Probability": 0}})
        names = [r["name"] for r in self.server.api("GET", "/api/v1/faults")["rules"]]
        self.assertEqual(names, ["slow-data"])

    def test_invalid(self):
        self.assertEqual(self.server.http("PUT", "/api/v1/chaos", {"Sender": {"ErrorCode": 399, "Probability": 5}})[::2],
                         (400, b"error code must be between 400 and 599"))
        self.assertEqual(self.server.http("PUT", "/api/v1/chaos", {"Recipient": {"ErrorCode": 451, "Probability": 101}})[::2],
                         (400, b"probability must be between 0 and 100"))
        self.assertEqual(self.server.http("PUT", "/api/v1/chaos", b"[")[0], 400)
        self.assertEqual(self.server.api("GET", "/api/v1/faults")["rules"], [], "nothing applied")


class SendTest(harness.InteropTest):

    def setUp(self):
        self.server = self.start_server("--max-message-size", "200000")

    def test_send(self):
        request = {
            "From": {"Email": "ann@example.org", "Name": "Ann Sender"},
            "To": [{"Email": "bob@example.org", "Name": "Bob"}],
            "Cc": [{"Email": "carl@example.org"}],
            "Bcc": ["hidden@example.org"],
            "ReplyTo": [{"Email": "replies@example.org"}],
            "Subject": "Sent over HTTP",
            "Text": "the text body\n",
            "HTML": '<p>the <b>html</b> body <img src="cid:logo"></p>',
            "Attachments": [
                {"Content": base64.b64encode(b"report contents\n").decode(), "Filename": "report.txt"},
                {"Content": base64.b64encode(PNG).decode(), "Filename": "logo.png", "ContentID": "logo",
                 "ContentType": "image/png"}],
            "Headers": {"X-Campaign": "spring"},
            "Tags": ["Api", "second tag"],
        }
        answer = self.server.api("POST", "/api/v1/send", request, auth=("sender-user", "pw"))
        self.assertEqual(sorted(answer), ["ID"])
        message = self.server.api("GET", "/api/v1/message/%s" % answer["ID"])
        self.assertEqual(message["ID"], answer["ID"])
        self.assertEqual(message["From"], {"Name": "Ann Sender", "Address": "ann@example.org"})
        self.assertEqual(message["To"], [{"Name": "Bob", "Address": "bob@example.org"}])
        self.assertEqual(message["Cc"], [{"Name": "", "Address": "carl@example.org"}])
        self.assertEqual(message["Bcc"], [{"Name": "", "Address": "hidden@example.org"}])
        self.assertEqual(message["ReplyTo"], [{"Name": "", "Address": "replies@example.org"}])
        self.assertEqual(message["ReturnPath"], "ann@example.org")
        self.assertEqual(message["Subject"], "Sent over HTTP")
        self.assertEqual(message["Text"], "the text body\r\n")
        self.assertEqual(message["HTML"], '<p>the <b>html</b> body <img src="cid:logo"></p>')
        self.assertEqual(message["Tags"], ["Api", "second tag"])
        self.assertEqual(message["Username"], "sender-user")
        self.assertEqual([(a["FileName"], a["ContentType"], a["Size"]) for a in message["Attachments"]],
                         [("report.txt", "text/plain", 16)])
        self.assertEqual([(a["FileName"], a["ContentID"], a["Size"]) for a in message["Inline"]],
                         [("logo.png", "logo", len(PNG))])
        raw = self.server.api("GET", "/api/v1/message/%s/raw" % answer["ID"])
        self.assertNotIn(b"hidden@example.org", raw, "Bcc travels in the envelope only")
        self.assertIn(b"\r\nX-Campaign: spring\r\n", raw)
        self.assertEqual(self.server.api("GET", "/api/v1/message/%s/headers" % answer["ID"])["X-Tags"],
                         ["Api, second tag"])

        # Its own session, marked as coming from the HTTP API, linked to the message.
        with harness.sqlite3.connect("file:%s?mode=ro" % self.server.db, uri=True) as db:
            self.assertEqual(db.execute("SELECT source FROM messages WHERE id = ?", (int(answer["ID"]),)).fetchone(),
                             ("api",))
        transcript = self.server.transcript(int(answer["ID"]))
        self.assertRegex(transcript, r"Received through the HTTP API \(POST /api/v1/send\) from 127\.0\.0\.1 port \d+")
        sessions = self.server.sessions()
        self.assertEqual([(s["client"].split(":")[0], s["outcome"], s["messages"]) for s in sessions],
                         [("127.0.0.1", "delivered", 1)])
        # Every list and search follows like any stored message.
        self.assertEqual([m["ID"] for m in self.server.api("GET", "/api/v1/messages")["messages"]], [answer["ID"]])
        self.assertEqual(self.server.api("GET", "/api/v1/search?query=tag%3AApi")["messages_count"], 1)

    def test_invalid(self):
        code, headers, body = self.server.http("POST", "/api/v1/send", b"{not json")
        self.assertEqual((code, headers["content-type"]), (400, "application/json"))
        self.assertEqual(sorted(harness.json.loads(body)), ["Error"])
        self.assertEqual(self.server.http("POST", "/api/v1/send", {"From": {"Email": "ann@example.org"},
                                                                    "To": [{"Email": "not an address"}]})[::2],
                         (400, b'{"Error":"invalid To address: not an address"}'))
        self.assertEqual(self.server.api("GET", "/api/v1/messages")["total"], 0)

    def test_too_large(self):
        big = base64.b64encode(b"x" * 210000).decode()
        request = {"From": {"Email": "ann@example.org"}, "To": [{"Email": "bob@example.org"}],
                   "Attachments": [{"Content": big, "Filename": "big.bin"}]}
        code, headers, body = self.server.http("POST", "/api/v1/send", request)
        self.assertEqual((code, headers["content-type"]), (413, "application/json"))
        self.assertIn("over the limit of 200000", harness.json.loads(body)["Error"])
        self.assertEqual(self.server.api("GET", "/api/v1/messages")["total"], 0)
        self.assertEqual(self.server.sessions(), [])


class ReleaseTest(harness.InteropTest):

    def setUp(self):
        self.target = self.start_server()
        self.data = smtp_message("release me")

    def store_one(self, server):
        send(server.port, self.data, sender="origin@example.org")
        return int(server.wait_for_line(r"^message (\d+) ").group(1))

    def test_no_relay(self):
        server = self.start_server()
        number = self.store_one(server)
        self.assertFalse(server.api("GET", "/api/v1/webui")["MessageRelay"]["Enabled"])
        code, _, body = server.http("POST", "/api/v1/message/%d/release" % number, {"To": ["x@example.org"]})
        self.assertEqual((code, body), (400, b"no relay server is configured (--relay-smtp HOST:PORT)"))
        self.assertEqual(server.http("POST", "/api/v1/message/999/release", {"To": ["x@example.org"]})[::2],
                         (404, b"404 page not found"))

    def test_release(self):
        server = self.start_server("--relay-smtp", "127.0.0.1:%d" % self.target.port,
                                   "--relay-allowed-recipients", r"@example\.(org|net)$")
        number = self.store_one(server)
        relay = server.api("GET", "/api/v1/webui")["MessageRelay"]
        self.assertEqual((relay["Enabled"], relay["SMTPServer"], relay["AllowedRecipients"]),
                         (True, "127.0.0.1:%d" % self.target.port, r"@example\.(org|net)$"))

        self.assertEqual(server.http("POST", "/api/v1/message/%d/release" % number,
                                     {"To": ["a@example.org", "b@elsewhere.test", "c@other.test"]})[::2],
                         (400, b"Failed: Addresses do not match the allowlist: b@elsewhere.test, c@other.test"))
        self.assertEqual(server.http("POST", "/api/v1/message/%d/release" % number, {"To": ["not an address"]})[::2],
                         (400, b"Invalid email address: not an address"))
        self.assertEqual(server.http("POST", "/api/v1/message/%d/release" % number, {"To": []})[::2],
                         (400, b"No valid addresses found"))
        self.assertEqual(self.target.api("GET", "/api/v1/messages")["total"], 0, "nothing refused was sent")

        self.assertEqual(server.api("POST", "/api/v1/message/%d/release" % number,
                                    {"To": ["dest@example.net", "copy@example.org"]}), b"ok")
        arrived = int(self.target.wait_for_line(r"^message (\d+) ").group(1))
        self.assertEqual(self.target.raw(arrived), self.data, "the stored bytes arrive unchanged")
        envelope = self.target.json(arrived)["envelope"]
        self.assertEqual(envelope["mail_from"], "origin@example.org")
        self.assertEqual([r["address"] for r in envelope["recipients"]], ["dest@example.net", "copy@example.org"])

    def test_smtp_failure(self):
        port = harness.free_port()
        server = self.start_server("--relay-smtp", "127.0.0.1:%d" % port)
        number = self.store_one(server)
        code, _, body = server.http("POST", "/api/v1/message/latest/release", {"To": ["x@example.org"]})
        self.assertEqual(code, 400)
        self.assertTrue(body.startswith(b"SMTP error: "), body)


if __name__ == "__main__":
    unittest.main()
