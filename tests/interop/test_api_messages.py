"""Mailpit's message routes (API v1) with real clients: mail sent with smtplib, then read back
with urllib and curl as test suites do: lists, searches, the message, its headers, raw bytes,
parts, thumbnails and views, read status, deletion, and Mailscope's ?wait= on latest."""

import email.policy
import json
import re
import smtplib
import struct
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import zlib
from email.message import EmailMessage

import harness

POLICY = email.policy.SMTP  # CRLF line ends: the bytes smtplib puts on the wire are the bytes built
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def png(width, height):
    """A solid red PNG, built with the standard library."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg_size(data):
    """(width, height) from a JPEG's start-of-frame segment."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    i = 2
    while i < len(data):
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            return width, height
        i += 2 + length
    raise AssertionError("no SOF segment")


def message(headers, text=None):
    msg = EmailMessage(policy=POLICY)
    for name, value in headers:
        msg[name] = value
    if text is not None:
        msg.set_content(text)
    return msg


PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n\x00\xff binary tail\n"
PHOTO = png(300, 200)
LOGO = png(40, 20)
EVIL_NAME = '../../etc/pass"wd\r\nX-Evil: 1.txt'


def samples():
    """(envelope recipients, message bytes) of every kind of mail the routes must read."""
    date = "Wed, 03 Jan 2024 12:00:00 +0000"
    plain = message([("From", "Ann Example <ann@example.org>"), ("To", "bob@example.org"),
                     ("Subject", "Plain zebra m1"), ("Date", date), ("Message-ID", "<plain@interop.test>")],
                    "plain words giraffe\n")
    alternative = message([("From", "carl@example.net"), ("To", "Dora <dora@example.org>"),
                           ("Subject", "Alternative m2"), ("Date", date), ("Message-ID", "<alt@interop.test>"),
                           ("X-Tags", "alpha, Beta")], "text part walrus\n")
    alternative.add_alternative("<p>html part <b>walrus</b> octopus</p>\n", subtype="html")
    attachment = message([("From", "ann@example.org"), ("To", "bob@example.org"), ("Subject", "Attachment m3"),
                          ("Date", date), ("Message-ID", "<attach@interop.test>")], "see the report\n")
    attachment.add_attachment(PDF, maintype="application", subtype="pdf", filename="report.pdf")
    attachment.add_attachment(PHOTO, maintype="image", subtype="png", filename="photo.png")
    inline = message([("From", "erin@example.com"), ("To", "frank@example.com"), ("Subject", "Inline m4"),
                      ("Date", date), ("Message-ID", "<inline@interop.test>")])
    inline.set_content('<p>logo <img src="cid:logo@interop.test"></p>\n', subtype="html")
    inline.add_related(LOGO, maintype="image", subtype="png", cid="<logo@interop.test>", filename="logo.png",
                       disposition="inline")
    copies = message([("From", "gina@example.com"), ("To", "hal@example.com"), ("Cc", "Ivy <ivy@example.com>"),
                      ("Bcc", "jay@example.com"), ("Reply-To", "Replies <reply@example.com>"),
                      ("Subject", "Copies m5"), ("Date", date), ("Message-ID", "<copies@interop.test>")],
                     "copied text\n")
    unicode = message([("From", "kim@example.com"), ("To", "lee@example.com"), ("Subject", "Grüße aus Köln m6"),
                       ("Date", date), ("Message-ID", "<unicode@interop.test>")], "Käse\n")
    evil = ("From: mal@example.com\r\nTo: bob@example.org\r\nSubject: Evil m7\r\nDate: %s\r\n"
            "Message-ID: <evil@interop.test>\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
            "--b\r\nContent-Type: text/plain\r\n"
            "Content-Disposition: attachment; filename*=utf-8''%s\r\n\r\nevil\r\n--b--\r\n"
            % (date, urllib.parse.quote(EVIL_NAME, safe=""))).encode()
    return [(["bob@example.org"], plain.as_bytes()),
            (["dora@example.org"], alternative.as_bytes()),
            (["bob@example.org"], attachment.as_bytes()),
            (["frank@example.com"], inline.as_bytes()),
            (["hal@example.com", "ivy@example.com", "jay@example.com", "hidden@example.com"], copies.as_bytes()),
            (["lee@example.com"], unicode.as_bytes()),
            (["bob@example.org"], evil)]


def send(port, recipients, data, sender="sender@interop.test"):
    with smtplib.SMTP("127.0.0.1", port, timeout=harness.TIMEOUT) as client:
        client.sendmail(sender, recipients, data)


class ApiMessagesTest(harness.InteropTest):

    def setUp(self):
        self.server = self.start_server()
        self.sent = samples()
        for recipients, data in self.sent:
            send(self.server.port, recipients, data)
        self.server.wait_for_line(r"^message (\d+) ", len(self.sent))
        # The search index is filled off the ingest path: wait (with the wait route) until the
        # last message is searchable, then leave every message unread again.
        self.server.api("GET", "/api/v1/message/latest?query=subject:m7&wait=30")
        self.assertEqual(self.server.api("PUT", "/api/v1/messages", {"Read": False}), b"ok")

    # Helpers

    def get(self, path, status=200):
        return self.server.api("GET", path, status=status)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.server.http_port, path)

    def search_ids(self, query):
        result = self.get("/api/v1/search?" + urllib.parse.urlencode({"query": query}))
        return [int(m["ID"]) for m in result["messages"]]

    def message_json(self, number):
        return self.get("/api/v1/message/%d" % number)

    # Lists

    def test_list(self):
        listing = self.get("/api/v1/messages")
        self.assertEqual(sorted(listing), ["count", "messages", "messages_count", "messages_unread", "start",
                                           "tags", "total", "unread"])
        self.assertEqual((listing["total"], listing["unread"], listing["count"], listing["messages_count"],
                          listing["messages_unread"], listing["start"]), (7, 7, 7, 7, 7, 0))
        self.assertEqual(listing["tags"], ["alpha", "Beta"])
        self.assertEqual([m["ID"] for m in listing["messages"]], ["7", "6", "5", "4", "3", "2", "1"])
        plain = listing["messages"][-1]
        self.assertTrue(RFC3339.match(plain.pop("Created")), "Created is RFC 3339 UTC with milliseconds")
        self.assertEqual(plain, {
            "ID": "1", "MessageID": "plain@interop.test", "Read": False,
            "From": {"Name": "Ann Example", "Address": "ann@example.org"},
            "To": [{"Name": "", "Address": "bob@example.org"}], "Cc": [], "Bcc": [], "ReplyTo": [],
            "Subject": "Plain zebra m1", "Username": "", "Tags": [], "Size": len(self.sent[0][1]),
            "Attachments": 0, "Snippet": "plain words giraffe"})
        copies = listing["messages"][2]
        self.assertEqual(copies["Cc"], [{"Name": "Ivy", "Address": "ivy@example.com"}])
        # The Bcc header, then the envelope recipients no header names.
        self.assertEqual(copies["Bcc"], [{"Name": "", "Address": "jay@example.com"},
                                         {"Name": "", "Address": "hidden@example.com"}])
        self.assertEqual(copies["ReplyTo"], [{"Name": "Replies", "Address": "reply@example.com"}])
        self.assertEqual(listing["messages"][1]["Subject"], "Grüße aus Köln m6")
        self.assertEqual(listing["messages"][5]["Tags"], ["alpha", "Beta"])
        self.assertEqual(listing["messages"][4]["Attachments"], 2)

    def test_paging(self):
        page = self.get("/api/v1/messages?start=2&limit=3")
        self.assertEqual([m["ID"] for m in page["messages"]], ["5", "4", "3"])
        self.assertEqual((page["start"], page["count"], page["total"]), (2, 3, 7))
        # As Mailpit: what is not a number in range is the default, not an error.
        for query in ("limit=-1", "start=abc", "start=-4&limit=x"):
            page = self.get("/api/v1/messages?" + query)
            self.assertEqual((page["start"], page["count"]), (0, 7), query)
        self.assertEqual(self.get("/api/v1/messages?limit=0")["count"], 7, "limit=0 is every message")
        found = self.get("/api/v1/search?query=example&start=1&limit=2")
        self.assertEqual([m["ID"] for m in found["messages"]], ["6", "5"])
        self.assertEqual((found["messages_count"], found["start"], found["count"]), (7, 1, 2))

    def test_search_keys(self):
        cases = [
            ("zebra", [1]), ("walrus", [2]), ("octopus", [2]), ("giraffe", [1]), ("Käse", [6]),
            ('"plain words"', [1]), ('"words plain"', []),
            ("from:ann@example.org", [3, 1]), ("from:carl", [2]),
            ("to:dora", [2]), ("to:bob@example.org", [7, 3, 1]),
            ("cc:ivy", [5]), ("cc:bob", []),
            ("bcc:jay", [5]), ("bcc:hidden@example.com", [5]), ("bcc:bob", []),
            ("reply-to:reply@example.com", [5]), ("reply-to:ann", []),
            ("subject:Köln", [6]), ("subject:zebra", [1]), ("subject:giraffe", []),
            ("message-id:plain@interop.test", [1]), ("message-id:<alt@interop.test>", [2]),
            ("message-id:nothing@interop.test", []),
            ("tag:alpha", [2]), ("tag:BETA", [2]), ("tag:gamma", []),
            ("is:tagged", [2]), ("!is:tagged", [7, 6, 5, 4, 3, 1]),
            ("addressed:bob@example.org", [7, 3, 1]),
            ("-zebra from:ann@example.org", [3]), ("from:ann@example.org -zebra", [3]),
            ("!from:ann@example.org subject:m1", []), ("-zebra -walrus", [7, 6, 5, 4, 3]),
            ("after:2020-01-01 subject:zebra", [1]), ("before:2020-01-01", []),
        ]
        for query, expected in cases:
            self.assertEqual(self.search_ids(query), expected, query)
        self.assertEqual(self.search_ids("has:attachment"), [7, 3], "an inline image is no attachment")
        # A query as a form encodes it ('+' for a space), as curl -G --data-urlencode sends it.
        result = self.run_client([harness.tool("curl"), "-s", "-G", "--data-urlencode", "query=-zebra from:ann@example.org",
                                  self.url("/api/v1/search")])
        self.assertEqual([m["ID"] for m in json.loads(result.stdout)["messages"]], ["3"])
        self.server.api("PUT", "/api/v1/messages", {"IDs": ["1"], "Read": True})
        self.assertEqual(self.search_ids("is:read"), [1])
        self.assertEqual(self.search_ids("is:unread"), [7, 6, 5, 4, 3, 2])
        result = self.get("/api/v1/search?query=from%3Aann%40example.org")
        self.assertEqual((result["messages_count"], result["messages_unread"], result["total"], result["unread"]),
                         (2, 1, 7, 6))
        self.assertEqual(self.server.http("GET", "/api/v1/search?query=%20")[::2], (400, b"Error: no search query"))
        self.assertEqual(self.server.http("DELETE", "/api/v1/search")[::2], (400, b"Error: no search query"))

    # One message

    def test_message(self):
        copies = self.message_json(5)
        self.assertEqual(sorted(copies), ["Attachments", "Bcc", "Cc", "Date", "From", "HTML", "ID", "Inline",
                                          "ListUnsubscribe", "MessageID", "ReplyTo", "ReturnPath", "Size", "Subject",
                                          "Tags", "Text", "To", "Username"])
        self.assertEqual((copies["ID"], copies["MessageID"], copies["Subject"], copies["Date"], copies["ReturnPath"]),
                         ("5", "copies@interop.test", "Copies m5", "2024-01-03T12:00:00.000Z", "sender@interop.test"))
        self.assertEqual(copies["From"], {"Name": "", "Address": "gina@example.com"})
        self.assertEqual(copies["Bcc"], [{"Name": "", "Address": "jay@example.com"},
                                         {"Name": "", "Address": "hidden@example.com"}])
        self.assertEqual(copies["Text"], "copied text\r\n")
        self.assertEqual(self.get("/api/v1/messages")["messages"][2]["Read"], True, "opening marks it read")
        self.assertEqual(self.get("/api/v1/messages")["unread"], 6)
        latest = self.get("/api/v1/message/latest")
        self.assertEqual(latest["ID"], "7")
        self.assertEqual(self.get("/api/v1/message/latest?query=from%3Aann%40example.org")["ID"], "3")
        self.assertEqual(self.server.http("GET", "/api/v1/message/latest?query=from%3Anobody")[::2],
                         (404, b"Message not found"))

        attachment = self.message_json(3)
        self.assertEqual([(a["PartID"], a["FileName"], a["ContentType"], a["Size"]) for a in attachment["Attachments"]],
                         [("2", "report.pdf", "application/pdf", len(PDF)), ("3", "photo.png", "image/png", len(PHOTO))])
        inline = self.message_json(4)
        self.assertEqual([(a["FileName"], a["ContentID"]) for a in inline["Inline"]], [("logo.png", "logo@interop.test")])

    def test_not_found(self):
        for path in ("/api/v1/message/999", "/api/v1/message/abc", "/api/v1/message/007",
                     "/api/v1/message/999/headers", "/api/v1/message/999/raw", "/api/v1/message/999/part/1",
                     "/api/v1/message/3/part/9", "/api/v1/message/999/html-check"):
            status, headers, body = self.server.http("GET", path)
            self.assertEqual((status, body, headers["content-type"]), (404, b"404 page not found", "text/plain"), path)
        for path in ("/view/999.html", "/view/999.txt"):
            self.assertEqual(self.server.http("GET", path)[::2], (404, b"Message not found"), path)
        self.server.api("DELETE", "/api/v1/messages")
        for path in ("/api/v1/message/latest", "/api/v1/message/latest/raw", "/view/latest.html"):
            self.assertEqual(self.server.http("GET", path)[::2], (404, b"Message not found"), path)

    def test_headers_and_raw(self):
        headers = self.get("/api/v1/message/6/headers")
        self.assertEqual(headers["Message-Id"], ["<unicode@interop.test>"])
        self.assertEqual(headers["Subject"], [email.message_from_bytes(self.sent[5][1])["Subject"]],
                         "header values as written, not decoded")
        self.assertEqual(list(headers), sorted(headers))
        for number, (_, data) in enumerate(self.sent, start=1):
            with urllib.request.urlopen(self.url("/api/v1/message/%d/raw" % number)) as response:
                self.assertEqual(response.read(), data, "raw bytes of message %d" % number)
                self.assertEqual(response.headers["Content-Type"], "text/plain; charset=utf-8")
            self.assertEqual(self.server.raw(number), data)
        result = self.run_client([harness.tool("curl"), "-s", "-D", "-", self.url("/api/v1/message/latest/raw?dl=1")])
        head, body = result.stdout.split(b"\r\n\r\n", 1)
        self.assertIn(b'Content-Disposition: attachment; filename="7.eml"', head)
        self.assertEqual(body, self.sent[6][1])

    def test_parts(self):
        status, headers, body = self.server.http("GET", "/api/v1/message/3/part/2")
        self.assertEqual((status, headers["content-type"], body), (200, "application/pdf", PDF))
        self.assertEqual(headers["content-disposition"], 'inline; filename="report.pdf"')
        status, headers, body = self.server.http("GET", "/api/v1/message/3/part/3")
        self.assertEqual((status, headers["content-type"], body), (200, "image/png", PHOTO))
        status, headers, thumb = self.server.http("GET", "/api/v1/message/3/part/3/thumb")
        self.assertEqual((status, headers["content-type"], jpeg_size(thumb)), (200, "image/jpeg", (180, 120)))
        status, headers, thumb = self.server.http("GET", "/api/v1/message/3/part/2/thumb")
        self.assertEqual((status, jpeg_size(thumb)), (200, (180, 120)), "not an image: the blank thumbnail")
        self.assertEqual(self.server.http("GET", "/api/v1/message/3/part/9/thumb")[::2], (400, b"attachment not found"))
        # A file name cannot reach a header or a path.
        evil = self.message_json(7)["Attachments"]
        self.assertEqual(evil[0]["FileName"], EVIL_NAME)
        status, headers, body = self.server.http("GET", "/api/v1/message/7/part/%s" % evil[0]["PartID"])
        self.assertEqual((status, body), (200, b"evil"))
        self.assertEqual(headers["content-disposition"],
                         'inline; filename="%s"' % urllib.parse.quote(EVIL_NAME, safe="$&+:=@"))
        self.assertNotIn("x-evil", headers)
        # PartIDs that are not part numbers are refused before any lookup.
        for part in ("..%2F1", "1..2", ".1", "%2E%2E", "1%2F..%2F..%2Fetc%2Fpasswd", "-1"):
            status, _, body = self.server.http("GET", "/api/v1/message/3/part/" + part)
            self.assertEqual((status, body), (404, b"404 page not found"), part)
        status, _, _ = self.server.http("GET", "/api/v1/message/3/part/../../../../etc/passwd")
        self.assertEqual(status, 404)

    def test_views(self):
        status, headers, body = self.server.http("GET", "/view/4.html")
        self.assertEqual((status, headers["content-type"]), (200, "text/html; charset=utf-8"))
        self.assertIn(b'<img src="/api/v1/message/4/part/2">', body)
        status, _, body = self.server.http("GET", "/view/1.html")
        self.assertEqual((status, body), (404, b"This message does not contain a HTML part"))
        status, headers, body = self.server.http("GET", "/view/1.txt")
        self.assertEqual((status, headers["content-type"], body), (200, "text/plain; charset=utf-8",
                                                                    b"plain words giraffe\r\n"))
        self.assertEqual(self.server.http("GET", "/view/latest.txt")[2], b"see attached")
        status, _, body = self.server.http("GET", "/view/2.html?embed=1", headers={"mp-nonce": "n0nce"})
        self.assertEqual(status, 200)
        self.assertIn(b'<script nonce="n0nce">', body)
        self.assertTrue(body.rstrip().endswith(b"</body></html>"), body)
        self.assertEqual(self.search_ids("is:read"), [7, 4, 2, 1], "a view marks the message read, as Mailpit")

    def test_checks(self):
        # The checks themselves are tested in test_api_checks.py; here they answer on these messages.
        check = self.get("/api/v1/message/2/html-check")
        self.assertEqual(sorted(check), ["Platforms", "Total", "Warnings"])
        self.assertEqual(self.server.http("GET", "/api/v1/message/1/html-check")[::2],
                         (400, b"message does not contain HTML"))
        self.assertEqual(self.get("/api/v1/message/1/link-check"), {"Errors": 0, "Links": []})
        # Without --spamassassin Mailpit has no sa-check route: its file server answers.
        self.assertEqual(self.server.http("GET", "/api/v1/message/1/sa-check")[::2], (404, b"File not found\n"))

    # Read status and deletion

    def test_read_status(self):
        self.assertEqual(self.server.api("PUT", "/api/v1/messages", {"IDs": ["1", "3", "999"], "Read": True}), b"ok")
        self.assertEqual(self.search_ids("is:read"), [3, 1])
        self.server.api("PUT", "/api/v1/messages", {"Search": "from:ann@example.org", "Read": False})
        self.assertEqual(self.search_ids("is:read"), [])
        self.server.api("PUT", "/api/v1/messages?tz=Pacific/Auckland", {"Search": "after:2020-01-01", "Read": True})
        self.assertEqual(self.get("/api/v1/messages")["unread"], 0)
        self.server.api("PUT", "/api/v1/messages", {})
        self.assertEqual(self.get("/api/v1/messages")["unread"], 7, "neither IDs nor Search: every message")
        self.server.api("PUT", "/api/v1/messages", {"Read": True})
        self.assertEqual(self.get("/api/v1/messages")["unread"], 0)
        status, _, body = self.server.http("PUT", "/api/v1/messages", {"IDs": ["1"], "Search": "zebra", "Read": True})
        self.assertEqual((status, body), (400, b"You may specify either IDs or a search query, not both"))
        for bad in ({"IDs": "1"}, {"IDs": [1]}, {"Read": "yes"}, [1]):
            self.assertEqual(self.server.http("PUT", "/api/v1/messages", bad)[0], 400, bad)
        self.assertEqual(self.server.http("PUT", "/api/v1/messages", b"")[0], 400)

    def test_delete(self):
        self.assertEqual(self.server.api("DELETE", "/api/v1/messages", {"IDs": ["2", "999", "x"]}), b"ok")
        self.assertEqual([m["ID"] for m in self.get("/api/v1/messages")["messages"]], ["7", "6", "5", "4", "3", "1"])
        self.assertEqual(self.get("/api/v1/messages")["tags"], [], "a tag goes with its last message")
        self.assertEqual(self.server.api("DELETE", "/api/v1/search?query=from%3Aann%40example.org"), b"ok")
        self.assertEqual([m["ID"] for m in self.get("/api/v1/messages")["messages"]], ["7", "6", "5", "4"])
        self.assertEqual(self.server.http("GET", "/api/v1/message/1")[0], 404)
        self.assertEqual(self.server.api("DELETE", "/api/v1/messages"), b"ok")
        self.assertEqual(self.get("/api/v1/messages")["total"], 0)
        self.assertEqual(self.server.message_ids(), [])

    # Waiting for mail

    def timed_get(self, path):
        started = time.monotonic()
        status, _, body = self.server.http("GET", path)
        return status, body, time.monotonic() - started

    def in_background(self, path):
        """Starts a request on another thread; join the thread, then read result["answer"]."""
        result = {}
        thread = threading.Thread(target=lambda: result.update(answer=self.timed_get(path)))
        thread.start()
        return thread, result

    def test_wait_for_mail(self):
        waiting, result = self.in_background("/api/v1/message/latest?query=subject%3Alater&wait=20")
        time.sleep(1)  # the scenario: mail that arrives a second after the request
        send(self.server.port, ["late@example.org"], b"Subject: Sent later\r\n\r\nlate\r\n")
        waiting.join(harness.TIMEOUT)
        status, body, _ = result["answer"]
        self.assertEqual(status, 200, body)
        message = json.loads(body)
        self.assertEqual((message["ID"], message["Subject"]), ("8", "Sent later"))

    def test_wait_times_out(self):
        status, body, elapsed = self.timed_get("/api/v1/message/latest?query=subject%3Anever&wait=1")
        self.assertEqual((status, body), (404, b"Message not found"))
        self.assertGreaterEqual(elapsed, 1.0, "answered before the wait was over")

    def test_wait_ignores_mail_that_does_not_match(self):
        waiting, result = self.in_background("/api/v1/message/latest?query=subject%3Amatching&wait=3")
        send(self.server.port, ["other@example.org"], b"Subject: something else\r\n\r\nother\r\n")
        self.server.api("GET", "/api/v1/message/latest?query=subject%3Aelse&wait=20")  # stored and indexed
        waiting.join(harness.TIMEOUT)
        status, body, elapsed = result["answer"]
        self.assertEqual((status, body), (404, b"Message not found"))
        self.assertGreaterEqual(elapsed, 3.0)

    def test_wait_client_gone(self):
        # A client that gives up does not take the server with it; the wait ends with its timer.
        result = self.run_client([harness.tool("curl"), "-s", "-m", "1", self.url(
            "/api/v1/message/latest?query=subject%3Agone&wait=2")], expect_code=28)
        self.assertEqual(result.stdout, b"")
        send(self.server.port, ["gone@example.org"], b"Subject: gone now\r\n\r\nx\r\n")
        self.assertEqual(self.get("/api/v1/message/latest?query=subject%3Agone&wait=20")["Subject"], "gone now")


class SpamAssassinTest(harness.InteropTest):

    def test_unreachable_spamd(self):
        server = self.start_server("--spamassassin", "127.0.0.1:%d" % harness.free_port())
        send(server.port, ["bob@example.org"], b"Subject: spam?\r\n\r\nbody\r\n")
        server.wait_for_line(r"^message 1 ")
        check = server.api("GET", "/api/v1/message/1/sa-check")
        self.assertEqual((check["IsSpam"], check["Score"], check["Rules"]), (False, 0, None))
        self.assertTrue(check["Error"].startswith("cannot ask spamd"), check["Error"])
        self.assertEqual(server.http("GET", "/api/v1/message/999/sa-check")[::2], (404, b"404 page not found"))

    @unittest.skipUnless(harness.tool("spamd"), "spamd (Debian's spamassassin) is not installed")
    def test_real_spamd(self):
        import subprocess
        port = harness.free_port()
        spamd = subprocess.Popen([harness.tool("spamd"), "--listen", "127.0.0.1:%d" % port, "--max-children", "1",
                                  "--local", "--allowed-ips", "127.0.0.1"], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        self.addCleanup(spamd.wait)
        self.addCleanup(spamd.terminate)
        server = self.start_server("--spamassassin", "127.0.0.1:%d" % port)
        send(server.port, ["bob@example.org"], b"Subject: hello\r\n\r\nhello\r\n")
        server.wait_for_line(r"^message 1 ")
        deadline = time.monotonic() + harness.TIMEOUT
        while True:  # spamd takes a while to load its rules
            check = server.api("GET", "/api/v1/message/1/sa-check")
            if not check["Error"] or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        self.assertEqual(check["Error"], "")
        self.assertIsInstance(check["Rules"], list)
        self.assertTrue(any(r["Name"] for r in check["Rules"]))


if __name__ == "__main__":
    harness.require_tools("curl")
    unittest.main()
