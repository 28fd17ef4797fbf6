"""The HTTP API's listener with real clients (Python's http.client and curl): who it lets in,
what it refuses before a route runs, and its plain-text error shape."""

import os
import socket
import subprocess
import unittest

import harness


def htpasswd(path, user, password, *flags):
    subprocess.run([harness.tool("htpasswd"), *flags, "-b", "-c", path, user, password],
                   check=True, capture_output=True)


@unittest.skipUnless(harness.tool("htpasswd"), "htpasswd (Debian's apache2-utils) is not installed")
class ApiHttpTest(harness.InteropTest):

    def setUp(self):
        folder = harness.tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.auth_dir = folder.name
        self.users = os.path.join(self.auth_dir, "users")
        htpasswd(self.users, "alice", "secret", "-B", "-C", "5")
        self.server = self.start_server("--http-auth-file", self.users, "--http-cors", "http://localhost:3000",
                                        "--max-message-size", "100000")

    def test_credentials(self):
        for auth in (None, ("alice", "wrong"), ("mallory", "secret")):
            status, headers, body = self.server.http("GET", "/api/v1/info", auth=auth)
            self.assertEqual(status, 401, auth)
            self.assertEqual(headers["www-authenticate"], 'Basic realm="Mailscope", charset="UTF-8"')
            self.assertEqual(body, b"Unauthorised.", "the same answer whichever part was wrong")
        info = self.server.api("GET", "/api/v1/info", auth=("alice", "secret"))
        self.assertEqual(info["Messages"], 0)
        self.assertEqual(info["Database"], self.server.db)
        self.assertEqual(sorted(info["RuntimeStats"]), ["Memory", "MessagesDeleted", "SMTPAccepted",
                                                        "SMTPAcceptedSize", "SMTPIgnored", "SMTPRejected", "Uptime"])
        # curl, as test suites call it
        result = self.run_client([harness.tool("curl"), "-s", "-u", "alice:secret",
                                  "http://127.0.0.1:%d/livez" % self.server.http_port])
        self.assertEqual(result.stdout, b"ok")

    def test_errors_are_plain_text(self):
        auth = ("alice", "secret")
        status, headers, body = self.server.http("GET", "/api/v1/nothing-here", auth=auth)
        self.assertEqual((status, body), (404, b"Not found"))
        self.assertEqual(headers["content-type"], "text/plain; charset=utf-8")
        status, headers, body = self.server.http("POST", "/api/v1/info", auth=auth)
        self.assertEqual((status, headers["allow"], body), (405, "GET", b"Method not allowed."))

    def test_cors(self):
        status, headers, body = self.server.http("OPTIONS", "/api/v1/messages", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "PUT"})
        self.assertEqual(status, 204, "a preflight carries no credentials and must still pass")
        self.assertEqual(headers["access-control-allow-origin"], "http://localhost:3000")
        self.assertIn("PUT", headers["access-control-allow-methods"])
        self.assertIn("Authorization", headers["access-control-allow-headers"])
        status, headers, _ = self.server.http("GET", "/livez", headers={"Origin": "http://localhost:3000"},
                                              auth=("alice", "secret"))
        self.assertEqual((status, headers["access-control-allow-origin"]), (200, "http://localhost:3000"))
        status, headers, _ = self.server.http("GET", "/livez", headers={"Origin": "http://evil.example"},
                                              auth=("alice", "secret"))
        self.assertEqual(status, 200)
        self.assertNotIn("access-control-allow-origin", headers)

    def raw_request(self, data):
        with socket.create_connection(("127.0.0.1", self.server.http_port), timeout=harness.TIMEOUT) as s:
            s.sendall(data)
            reply = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    return reply
                reply += chunk

    def test_body_and_header_limits(self):
        token = harness.base64.b64encode(b"alice:secret")
        # A body over the limit is refused from its Content-Length, before it is read.
        reply = self.raw_request(b"POST /api/v1/send HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + token
                                 + b"\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n{")
        self.assertTrue(reply.startswith(b"HTTP/1.1 413 Payload Too Large\r\n"), reply[:200])
        self.assertIn(b"Connection: close", reply)
        # curl sending a real oversized body (the limit is the message size limit in base64, plus 1 MiB)
        big = os.path.join(self.auth_dir, "big.json")
        with open(big, "wb") as f:
            f.write(b'{"From":{"Email":"a@example.com"},"Text":"' + b"x" * 1500000 + b'"}')
        result = self.run_client([harness.tool("curl"), "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                  "-u", "alice:secret", "-H", "Content-Type: application/json",
                                  "--data-binary", "@" + big, "http://127.0.0.1:%d/api/v1/send" % self.server.http_port])
        self.assertEqual(result.stdout, b"413")
        reply = self.raw_request(b"GET /livez HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"p" * 70000 + b"\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n"), reply[:200])
        reply = self.raw_request(b"PUT /api/v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Basic " + token
                                 + b"\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 411 Length Required\r\n"), reply[:200])
        # and the server still serves, with nothing stored
        self.assertEqual(self.server.api("GET", "/api/v1/info", auth=("alice", "secret"))["Messages"], 0)
        self.assertEqual(self.server.message_ids(), [])


class ApiListenerTest(harness.InteropTest):

    def test_off_loopback_needs_an_auth_file(self):
        with harness.tempfile.TemporaryDirectory() as folder:
            result = subprocess.run([harness.BIN, "serve", "--smtp", "127.0.0.1:0", "--http", "0.0.0.0:0",
                                     "--db", os.path.join(folder, "db.sqlite")],
                                    capture_output=True, timeout=harness.TIMEOUT)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.decode().strip(),
                         "mailscope: the HTTP API on 0.0.0.0:0 would be open to other machines without a password; "
                         "give --http-auth-file FILE (made with htpasswd -B), or --http-insecure if that is meant")

    def test_no_http(self):
        server = self.start_server("--no-http")
        self.assertIsNone(server.http_port)
        self.assertFalse(any(line.startswith("HTTP API on") for line in server.output()))

    def test_unsupported_hash_is_named(self):
        with harness.tempfile.TemporaryDirectory() as folder:
            users = os.path.join(folder, "users")
            htpasswd(users, "eve", "pw", "-m")
            result = subprocess.run([harness.BIN, "serve", "--smtp", "127.0.0.1:0", "--http", "127.0.0.1:0",
                                     "--http-auth-file", users, "--db", os.path.join(folder, "db.sqlite")],
                                    capture_output=True, timeout=harness.TIMEOUT)
        self.assertEqual(result.returncode, 1)
        self.assertIn("(user eve) uses Apache's MD5 hash ($apr1$); write it with htpasswd -B (bcrypt)",
                      result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
