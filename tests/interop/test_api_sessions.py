"""Mailscope's own HTTP routes and the live WebSocket events, seen by curl, urllib, smtplib and a
small WebSocket client: sessions and typed transcripts, the MIME tree's byte ranges, lint, the
fault plan and held sessions set and answered over HTTP, and the events of a delivery."""

import base64
import json
import os
import re
import smtplib
import socket
import struct
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

import harness

RFC3339_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

MULTIPART = (b"From: Ann <ann@example.com>\r\n"
             b"To: bob@example.org\r\n"
             b"Subject: Parts\r\n"
             b"MIME-Version: 1.0\r\n"
             b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
             b"\r\n"
             b"--b1\r\n"
             b"Content-Type: text/plain; charset=utf-8\r\n"
             b"\r\n"
             b"Hello\r\n"
             b"--b1\r\n"
             b"Content-Type: application/octet-stream\r\n"
             b"Content-Disposition: attachment; filename=\"a.bin\"\r\n"
             b"Content-Transfer-Encoding: base64\r\n"
             b"\r\n"
             b"AAEC\r\n"
             b"--b1--\r\n")


class WebSocket:
    """A WebSocket client of the events: the upgrade, then text frames read one at a time."""

    def __init__(self, port, authorization=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=harness.TIMEOUT)
        key = base64.b64encode(os.urandom(16)).decode()
        head = ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n" % (port, key))
        if authorization:
            head += "Authorization: %s\r\n" % authorization
        self.sock.sendall((head + "\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ", 2)[1]) if head else 0

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("the server closed the connection")
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def frame(self):
        """(opcode, payload) of the next frame; pings are answered and skipped."""
        while True:
            b0, b1 = self._read(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(length)
            opcode = b0 & 0x0F
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            return opcode, payload

    def event(self):
        """The next event as a dict; fails on anything but a text frame."""
        opcode, payload = self.frame()
        if opcode != 0x1:
            raise AssertionError("expected a text frame, got opcode %d %r" % (opcode, payload[:80]))
        return json.loads(payload)

    def events_until(self, done):
        """Events until done(events) is true."""
        events = []
        while not done(events):
            events.append(self.event())
        return events

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def close(self):
        self.sock.close()


class ApiTest(harness.InteropTest):

    def url(self, server, path):
        return "http://127.0.0.1:%d%s" % (server.http_port, path)

    def get(self, server, path):
        with urllib.request.urlopen(self.url(server, path), timeout=harness.TIMEOUT) as response:
            return response.status, response.headers.get("Content-Type"), response.read()

    def get_json(self, server, path):
        status, content_type, body = self.get(server, path)
        self.assertEqual(status, 200)
        self.assertEqual(content_type, "application/json")
        return json.loads(body)

    def request(self, server, method, path, body):
        """(status, body) of a request with a JSON body; errors are answers too."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(self.url(server, path), data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=harness.TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def send(self, server, raw, helo="client.example"):
        with smtplib.SMTP("127.0.0.1", server.port, local_hostname=helo, timeout=harness.TIMEOUT) as smtp:
            local_port = smtp.sock.getsockname()[1]
            smtp.sendmail("ann@example.com", ["bob@example.org"], raw)
        return local_port

    def test_sessions_and_their_transcripts(self):
        server = self.start_server()
        local_port = self.send(server, b"Subject: One\r\n\r\nBody\r\n")
        session_id = server.wait_for_sessions(1)
        [message_id] = server.message_ids()

        listing = self.get_json(server, "/api/v1/sessions")
        self.assertEqual((listing["Total"], listing["Count"]), (1, 1))
        s = listing["Sessions"][0]
        self.assertEqual(s["ID"], str(session_id))
        self.assertRegex(s["Started"], RFC3339_MS)
        self.assertRegex(s["Ended"], RFC3339_MS)
        self.assertEqual((s["ClientAddress"], s["ClientPort"]), ("127.0.0.1", local_port))
        self.assertEqual((s["ServerAddress"], s["ServerPort"]), ("127.0.0.1", server.port))
        self.assertEqual((s["Helo"], s["Outcome"], s["MessageCount"]), ("client.example", "delivered", 1))
        self.assertIsNone(s["TLS"])
        self.assertIsNone(s["User"])
        self.assertEqual((s["Defects"], s["FaultRules"]), ([], []))

        detail = self.get_json(server, "/api/v1/session/%d" % session_id)
        self.assertEqual(detail["MessageIDs"], [str(message_id)])
        lines = detail["Transcript"]
        self.assertEqual((lines[0]["Kind"], lines[0]["Direction"], lines[0]["Marker"]), ("reply", "server", "S:"))
        self.assertTrue(lines[0]["Text"].startswith("220 "), lines[0])
        self.assertEqual(lines[1], {"Time": lines[1]["Time"], "Kind": "command", "Direction": "client",
                                    "Marker": "C:", "Text": "ehlo client.example"})  # smtplib's bytes
        self.assertRegex(lines[1]["Time"], RFC3339_MS)
        data = [line for line in lines if line["Kind"] == "data"]
        self.assertEqual(len(data), 1)
        self.assertEqual((data[0]["Direction"], data[0]["Marker"], data[0]["MessageID"]), ("note", "-D", str(message_id)))
        self.assertEqual([line["Text"] for line in lines if line["Kind"] == "command"][-1], "QUIT")

        # The text form is what `show --transcript` prints, through curl too.
        text = self.run_client(["curl", "-sS", "--fail", self.url(server, "/api/v1/session/%d/transcript.txt" % session_id)])
        self.assertEqual(text.stdout.decode(), server.transcript(message_id))

        for missing in ("/api/v1/session/999", "/api/v1/session/abc", "/api/v1/session/999/transcript.txt"):
            with self.assertRaises(urllib.error.HTTPError) as caught:
                self.get(server, missing)
            self.assertEqual(caught.exception.code, 404)
        status, _ = self.request(server, "GET", "/api/v1/sessions?limit=0", b"")
        self.assertEqual(status, 400)

    def test_sessions_page_newest_first(self):
        server = self.start_server()
        for _ in range(3):
            self.send(server, b"Subject: x\r\n\r\nx\r\n")
        server.wait_for_sessions(3)
        first = self.get_json(server, "/api/v1/sessions?limit=2")
        ids = [int(s["ID"]) for s in first["Sessions"]]
        self.assertEqual((first["Total"], len(ids)), (3, 2))
        self.assertGreater(ids[0], ids[1])
        rest = self.get_json(server, "/api/v1/sessions?limit=2&before=%d" % ids[-1])
        self.assertEqual([int(s["ID"]) for s in rest["Sessions"]], [ids[1] - 1])

    def test_tree_ranges_slice_the_raw_bytes(self):
        server = self.start_server()
        self.send(server, MULTIPART)
        server.wait_for_sessions(1)
        [message_id] = server.message_ids()
        raw = server.raw(message_id)

        tree = self.get_json(server, "/api/v1/message/%d/tree" % message_id)
        self.assertEqual(tree, self.get_json(server, "/api/v1/message/latest/tree"))
        self.assertEqual(tree["Size"], len(raw))
        root = tree["Root"]
        self.assertEqual((root["Path"], root["ContentType"]), ("", "multipart/mixed"))
        self.assertEqual(raw[root["Header"]["Start"]:root["Header"]["End"]], MULTIPART[:MULTIPART.index(b"\r\n\r\n") + 2])
        text, attachment = root["Children"]
        self.assertEqual((text["Path"], text["ContentType"], text["Charset"], text["Children"]),
                         ("1", "text/plain", "utf-8", []))
        self.assertEqual(raw[text["Header"]["Start"]:text["Header"]["End"]], b"Content-Type: text/plain; charset=utf-8\r\n")
        self.assertEqual(raw[text["Body"]["Start"]:text["Body"]["End"]].rstrip(b"\r\n"), b"Hello")
        self.assertEqual((attachment["Path"], attachment["Filename"], attachment["Disposition"],
                          attachment["TransferEncoding"], attachment["Attachment"], attachment["DecodedSize"]),
                         ("2", "a.bin", "attachment", "base64", True, 3))
        self.assertTrue(raw[attachment["Header"]["Start"]:attachment["Header"]["End"]]
                        .startswith(b"Content-Type: application/octet-stream\r\nContent-Disposition"))

        # No Date and no Message-ID: lint says so, with codes and severities.
        lint = self.get_json(server, "/api/v1/message/%d/lint" % message_id)
        codes = {f["Code"]: f for f in lint["Findings"]}
        self.assertIn("missing-date", codes)
        self.assertEqual((codes["missing-date"]["Source"], codes["missing-date"]["Severity"]), ("mime", "error"))
        self.assertEqual((codes["missing-date"]["RFC"], codes["missing-date"]["Offset"]), ("RFC 5322 3.6", root["Header"]["End"]))
        self.assertTrue(codes["missing-date"]["Text"])
        with self.assertRaises(urllib.error.HTTPError) as caught:
            self.get(server, "/api/v1/message/999/tree")
        self.assertEqual(caught.exception.code, 404)

    def test_a_plan_put_over_http_refuses_the_next_recipient(self):
        server = self.start_server()
        plan = {"version": 1, "rules": [{"name": "busy", "stage": "rcpt",
                                         "action": {"type": "reply", "code": 451, "enhanced": "4.3.0", "text": "Try later"}}]}
        status, body = self.request(server, "PUT", "/api/v1/faults", plan)
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["rules"][0]["name"], "busy")
        self.assertEqual(self.get_json(server, "/api/v1/faults")["rules"][0]["action"]["code"], 451)

        with smtplib.SMTP("127.0.0.1", server.port, timeout=harness.TIMEOUT) as smtp:
            with self.assertRaises(smtplib.SMTPRecipientsRefused) as refused:
                smtp.sendmail("ann@example.com", ["bob@example.org"], b"Subject: x\r\n\r\nx\r\n")
        self.assertEqual(refused.exception.recipients["bob@example.org"], (451, b"4.3.0 Try later"))
        stats = self.get_json(server, "/api/v1/faults/stats")
        self.assertEqual(stats["Rules"], [{"Name": "busy", "Enabled": True, "Hits": 1, "Remaining": None}])

        # An invalid plan is refused with the validation's sentence and the plan stays.
        plan["rules"][0]["action"]["code"] = 250
        status, body = self.request(server, "PUT", "/api/v1/faults", plan)
        self.assertEqual(status, 400)
        self.assertIn("250", body.decode())
        status, body = self.request(server, "PUT", "/api/v1/faults", b"{not json")
        self.assertEqual(status, 400)
        self.assertEqual(self.get_json(server, "/api/v1/faults")["rules"][0]["action"]["code"], 451)

    def test_a_held_session_is_answered_through_the_api(self):
        server = self.start_server()
        plan = {"version": 1, "rules": [{"name": "ask", "stage": "rcpt", "action": {"type": "hold", "timeoutMs": 60000}}]}
        self.assertEqual(self.request(server, "PUT", "/api/v1/faults", plan)[0], 200)
        outcome = {}

        def client():
            try:
                with smtplib.SMTP("127.0.0.1", server.port, timeout=harness.TIMEOUT) as smtp:
                    smtp.sendmail("ann@example.com", ["bob@example.org"], b"Subject: x\r\n\r\nx\r\n")
            except smtplib.SMTPRecipientsRefused as refused:
                outcome["refused"] = refused.recipients
        thread = threading.Thread(target=client)
        thread.start()
        deadline = time.monotonic() + harness.TIMEOUT
        held = []
        # The hold names its session once the session's start has been published (within 50 ms).
        while not (held and held[0]["Session"]) and time.monotonic() < deadline:
            held = self.get_json(server, "/api/v1/held")["Held"]
            time.sleep(0.02)
        self.assertEqual(len(held), 1)
        hold = held[0]
        self.assertEqual((hold["Rule"], hold["Stage"], hold["Command"], hold["TimeoutMs"]),
                         ("ask", "rcpt", "rcpt TO:<bob@example.org>", 60000))  # as smtplib wrote it
        self.assertEqual(hold["Session"], self.get_json(server, "/api/v1/sessions")["Sessions"][0]["ID"])
        self.assertIn(hold["DefaultReply"]["Code"], range(200, 600))

        status, body = self.request(server, "POST", "/api/v1/held/%s" % hold["ID"], {"Code": 999, "Text": "x"})
        self.assertEqual(status, 400)
        self.assertIn("999", body.decode())
        status, body = self.request(server, "POST", "/api/v1/held/%s" % hold["ID"],
                                    {"Code": 451, "Enhanced": "4.7.1", "Text": "Not now"})
        self.assertEqual((status, body), (200, b"ok"))
        thread.join(harness.TIMEOUT)
        self.assertEqual(outcome["refused"]["bob@example.org"], (451, b"4.7.1 Not now"))
        status, _ = self.request(server, "POST", "/api/v1/held/%s" % hold["ID"], {"Default": True})
        self.assertEqual(status, 404)
        self.assertEqual(self.get_json(server, "/api/v1/held")["Held"], [])

    def test_a_held_ehlo_answered_with_250_gets_the_servers_reply(self):
        server = self.start_server()
        plan = {"version": 1, "rules": [{"name": "ask", "stage": "helo", "action": {"type": "hold", "timeoutMs": 60000}}]}
        self.assertEqual(self.request(server, "PUT", "/api/v1/faults", plan)[0], 200)
        with socket.create_connection(("127.0.0.1", server.port), timeout=harness.TIMEOUT) as s:
            replies = s.makefile("rb")
            self.assertTrue(replies.readline().startswith(b"220 "))
            s.sendall(b"EHLO client.example\r\n")
            deadline = time.monotonic() + harness.TIMEOUT
            held = []
            while not held and time.monotonic() < deadline:
                held = self.get_json(server, "/api/v1/held")["Held"]
                time.sleep(0.02)
            self.assertEqual(len(held), 1)
            status, _ = self.request(server, "POST", "/api/v1/held/%s" % held[0]["ID"], {"Code": 250})
            self.assertEqual(status, 200)
            lines = []
            while not lines or lines[-1][3:4] != b" ":
                lines.append(replies.readline())
        # Exactly what the server says to an EHLO: no enhanced code on any keyword line.
        self.assertEqual(lines[0], b"250-mailscope.localhost greets client.example\r\n")
        self.assertIn(b"250-PIPELINING\r\n", lines)
        self.assertIn(b"250-ENHANCEDSTATUSCODES\r\n", lines)
        self.assertEqual(lines[-1], b"250 HELP\r\n")
        self.assertFalse([line for line in lines if b"2.0.0" in line], lines)

    def test_events_of_a_delivery(self):
        server = self.start_server()
        ws = WebSocket(server.http_port)
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101)
        self.send(server, b"Subject: Live\r\n\r\nBody\r\n")
        events = ws.events_until(lambda e: any(x["Type"] == "session.ended" for x in e)
                                 and any(x["Type"] == "stats" for x in e))
        types = [e["Type"] for e in events]
        [message_id] = server.message_ids()
        self.assertEqual(types[0], "session.started")
        started = events[0]["Data"]
        self.assertEqual((started["Outcome"], started["Ended"]), ("in_progress", None))
        lines = [e["Data"] for e in events if e["Type"] == "session.line"]
        self.assertEqual({line["Session"] for line in lines}, {started["ID"]})
        self.assertEqual([line["Kind"] for line in lines][:2], ["reply", "command"])
        self.assertEqual(lines[1]["Text"], "ehlo client.example")
        [new] = [e["Data"] for e in events if e["Type"] == "new"]
        self.assertEqual((new["ID"], new["Subject"]), (str(message_id), "Live"))
        ended = [e["Data"] for e in events if e["Type"] == "session.ended"][0]
        self.assertEqual((ended["ID"], ended["Outcome"], ended["MessageCount"]), (started["ID"], "delivered", 1))
        stats = [e["Data"] for e in events if e["Type"] == "stats"][-1]
        self.assertEqual((stats["Total"], stats["Unread"]), (1, 1))
        self.assertRegex(stats["Version"], r"^\d")

    def test_the_events_need_credentials_when_the_api_does(self):
        if not harness.tool("htpasswd"):
            self.skipTest("htpasswd not installed")
        folder = tempfile.TemporaryDirectory(prefix="mailscope-auth-")
        self.addCleanup(folder.cleanup)
        path = os.path.join(folder.name, "htpasswd")
        subprocess.run(["htpasswd", "-B", "-b", "-c", path, "user", "pass"], check=True, capture_output=True)
        server = self.start_server("--http-auth-file", path)
        for authorization in (None, "Basic " + base64.b64encode(b"user:wrong").decode()):
            ws = WebSocket(server.http_port, authorization)
            self.addCleanup(ws.close)
            self.assertEqual(ws.status, 401)  # refused before the upgrade
        ws = WebSocket(server.http_port, "Basic " + base64.b64encode(b"user:pass").decode())
        self.addCleanup(ws.close)
        self.assertEqual(ws.status, 101)
        self.send(server, b"Subject: Auth\r\n\r\nx\r\n")
        events = ws.events_until(lambda e: any(x["Type"] == "new" for x in e))
        self.assertEqual([e["Data"]["Subject"] for e in events if e["Type"] == "new"], ["Auth"])


if __name__ == "__main__":
    harness.require_tools("curl")
    unittest.main()
