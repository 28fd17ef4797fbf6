"""The HTML compatibility and link checks over HTTP (Mailpit's html-check and link-check
routes), with urllib against `mailscope serve`: a newsletter's features with their raw byte
places, and its links checked against an HTTP server in this test (200, 301 to 200, 404, and
a URL slower than the timeout)."""

import http.server
import json
import smtplib
import threading
import time
import unittest
import urllib.request

import harness

SLOW_SECONDS = 3.0  # the slow URL answers after this; the check's timeout is 1 s


class Handler(http.server.BaseHTTPRequestHandler):
    seen = []

    def answer(self, body):
        Handler.seen.append("%s %s" % (self.command, self.path))
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


def newsletter(base):
    html = ('<!DOCTYPE html><html><head><style>@media (max-width: 600px) { .row { display:flex } }</style></head>'
            '<body><div class="row" style="border-radius:6px;background-image:url(%(b)s/ok)">'
            '<a href="%(b)s/ok">ok</a> <a href="%(b)s/moved">moved</a> <a href="%(b)s/missing">missing</a>'
            ' <img src="%(b)s/slow"></div></body></html>' % {"b": base})
    return ("From: news@example.com\r\nTo: reader@example.org\r\nSubject: checks\r\nMIME-Version: 1.0\r\n"
            "List-Unsubscribe: <%s/ok>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n%s\r\n" % (base, html)).encode()


class ApiChecksTest(harness.InteropTest):

    def setUp(self):
        Handler.seen = []
        self.web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.web.daemon_threads = True
        threading.Thread(target=self.web.serve_forever, daemon=True).start()
        self.addCleanup(self.web.server_close)
        self.addCleanup(self.web.shutdown)
        self.base = "http://127.0.0.1:%d" % self.web.server_address[1]
        self.server = self.start_server()
        self.raw = newsletter(self.base)
        with smtplib.SMTP("127.0.0.1", self.server.port, timeout=harness.TIMEOUT) as client:
            client.sendmail("news@example.com", ["reader@example.org"], self.raw)
        self.server.wait_for_line(r"^message (\d+) ")

    def get(self, path):
        url = "http://127.0.0.1:%d%s" % (self.server.http_port, path)
        with urllib.request.urlopen(url, timeout=harness.TIMEOUT) as response:
            self.assertEqual(response.headers["Content-Type"], "application/json")
            return json.loads(response.read())

    def test_html_check(self):
        check = self.get("/api/v1/message/latest/html-check")
        self.assertEqual(sorted(check), ["Platforms", "Total", "Warnings"])
        self.assertEqual(sorted(check["Total"]), ["Nodes", "Partial", "Supported", "Tests", "Unsupported"])
        self.assertEqual(check["Total"]["Nodes"], 7)  # style, body, div, three a, img
        self.assertIn("Outlook", check["Platforms"]["windows"])
        warnings = {w["Slug"]: w for w in check["Warnings"]}
        for slug in ("css-display-flex", "css-border-radius", "css-background-image", "css-at-media", "html-style"):
            self.assertIn(slug, warnings)
        flex = warnings["css-display-flex"]
        self.assertEqual(sorted(flex), ["Category", "Description", "Keywords", "NotesByNumber", "Places", "Results",
                                        "Score", "Slug", "Tags", "Title", "URL"])
        self.assertEqual((flex["Title"], flex["Category"], flex["URL"]),
                         ("display:flex", "css", "https://www.caniemail.com/features/css-display-flex/"))
        self.assertEqual(flex["Score"]["Found"], 1)
        self.assertAlmostEqual(flex["Score"]["Supported"] + flex["Score"]["Partial"] + flex["Score"]["Unsupported"], 100, 3)
        outlook = [r for r in flex["Results"] if r["Family"] == "outlook" and r["Platform"] == "windows"
                   and r["Version"] == "2019"]
        self.assertEqual(outlook, [{"Family": "outlook", "Name": "Outlook Windows (2019)", "NoteNumber": "",
                                    "Platform": "windows", "Support": "no", "Version": "2019"}])
        # Places are raw byte ranges of the stored message.
        stored = self.server.raw(1)
        self.assertEqual(stored, self.raw)
        for slug, text in (("css-display-flex", b"display:flex"), ("css-border-radius", b"border-radius:6px"),
                           ("css-at-media", b"@media (max-width: 600px)"), ("html-style", b"<style>")):
            place = warnings[slug]["Places"][0]
            self.assertEqual(stored[place["Start"]:place["End"]], text, slug)

    def test_link_check(self):
        started = time.monotonic()
        check = self.get("/api/v1/message/latest/link-check?timeout=1")
        self.assertLess(time.monotonic() - started, SLOW_SECONDS + harness.TIMEOUT)
        links = {l["URL"]: l for l in check["Links"]}
        b = self.base
        self.assertEqual(links[b + "/ok"], {"URL": b + "/ok", "StatusCode": 200, "Status": "OK"})
        self.assertEqual(links[b + "/moved"], {"URL": b + "/moved", "StatusCode": 301, "Status": "Moved Permanently"})
        self.assertEqual(links[b + "/missing"], {"URL": b + "/missing", "StatusCode": 404, "Status": "Not Found"})
        self.assertEqual(links[b + "/slow"]["StatusCode"], 0)
        self.assertEqual(links[b + "/slow"]["Status"], "timeout after 1 s")
        self.assertEqual(len(check["Links"]), 4, "each URL once; CSS url() and List-Unsubscribe are not Mailpit's")
        self.assertEqual(check["Errors"], 2)
        self.assertIn("HEAD /ok", Handler.seen)
        self.assertIn("GET /missing", Handler.seen, "a failed HEAD is asked again with GET")
        self.assertNotIn("GET /ok", Handler.seen)

    def test_link_check_follows_redirects(self):
        check = self.get("/api/v1/message/latest/link-check?follow=true&timeout=1")
        links = {l["URL"]: l for l in check["Links"]}
        self.assertEqual(links[self.base + "/moved"]["StatusCode"], 200)
        self.assertEqual(check["Errors"], 2)

    def test_no_check_starts_by_itself(self):
        self.get("/api/v1/message/latest")
        self.get("/api/v1/message/latest/html-check")
        self.assertEqual(Handler.seen, [], "only link-check asks the links")


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
