"""Mailpit's npm client (mailpit-api, the exact version in npm/package-lock.json), unchanged, against
`mailscope serve` with an htpasswd file: npm/scenario.mjs goes through every MailpitClient method
and the events on /api/events, and must pass every step.

The package is installed once with `npm ci` into npm/node_modules (ignored by git); later runs
use it offline. Skips only when node or npm is not installed."""

import base64
import email.policy
import json
import os
import shutil
import smtplib
import subprocess
import sys
import unittest
from email.message import EmailMessage

import harness
from test_api_messages import png

NPM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npm")
POLICY = email.policy.SMTP  # CRLF line ends: the bytes smtplib puts on the wire are the bytes built
USER, PASSWORD = "tester", "correct horse"
INSTALL_TIMEOUT = 300


def installed_version():
    try:
        with open(os.path.join(NPM_DIR, "node_modules", "mailpit-api", "package.json")) as f:
            return json.load(f)["version"]
    except (OSError, ValueError, KeyError):
        return None


def locked_version():
    with open(os.path.join(NPM_DIR, "package-lock.json")) as f:
        return json.load(f)["packages"]["node_modules/mailpit-api"]["version"]


def install_client():
    """npm ci once; again only when the lock file names another version."""
    if installed_version() == locked_version():
        return
    result = subprocess.run([shutil.which("npm"), "ci", "--no-audit", "--no-fund"], cwd=NPM_DIR,
                            capture_output=True, timeout=INSTALL_TIMEOUT)
    if result.returncode != 0:
        raise AssertionError("npm ci failed in %s (it needs the npm registry once):\n%s"
                             % (NPM_DIR, (result.stdout + result.stderr).decode(errors="replace")))
    if installed_version() != locked_version():
        raise AssertionError("npm ci did not install mailpit-api %s" % locked_version())


def node_command():
    """node, with Node 20's WebSocket switched on where it is not on by default."""
    node = shutil.which("node")
    has_websocket = subprocess.run([node, "-e", "process.exit(typeof WebSocket === 'function' ? 0 : 1)"],
                                   capture_output=True, timeout=harness.TIMEOUT).returncode == 0
    if has_websocket:
        return [node]
    flagged = subprocess.run([node, "--experimental-websocket", "-e",
                              "process.exit(typeof WebSocket === 'function' ? 0 : 1)"],
                             capture_output=True, timeout=harness.TIMEOUT).returncode == 0
    if not flagged:
        raise AssertionError("this Node.js has no WebSocket, even with --experimental-websocket: Node.js 20.10 "
                             "or newer is needed for the events")
    return [node, "--experimental-websocket"]


def from_ann(to, subject, message_id, date):
    msg = EmailMessage(policy=POLICY)
    for name, value in (("From", "Ann Sender <ann@example.test>"), ("To", to), ("Subject", subject),
                        ("Message-ID", message_id), ("Date", date)):
        msg[name] = value
    return msg


def plain_message():
    msg = from_ann("bob@example.test", "Plain hello", "<plain-1@example.test>", "Mon, 07 Dec 2026 10:11:12 +0000")
    msg.set_content("Hello Bob,\nthis is the plain one.\n")
    return msg


HTML_MARKER = "Rich words in HTML"


def rich_message(attachment, image):
    msg = from_ann("carol@example.test", "Rich hello", "<rich-1@example.test>", "Mon, 07 Dec 2026 10:11:13 +0000")
    msg.set_content("Rich words in text.\n")
    msg.add_alternative('<html><body><p>%s</p><img src="cid:pixel@example.test"></body></html>\n' % HTML_MARKER,
                        subtype="html")
    msg.get_payload()[1].add_related(image, "image", "png", cid="<pixel@example.test>")
    msg.add_attachment(attachment, "application", "octet-stream", filename="data.bin")
    return msg


@unittest.skipUnless(shutil.which("node") and shutil.which("npm"), "node and npm are not installed")
@unittest.skipUnless(harness.tool("htpasswd"), "htpasswd (Debian's apache2-utils) is not installed")
class MailpitNpmClientTest(harness.InteropTest):

    def test_scenario(self):
        install_client()
        folder = harness.tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        users = os.path.join(folder.name, "users")
        subprocess.run([harness.tool("htpasswd"), "-B", "-C", "5", "-b", "-c", users, USER, PASSWORD],
                       check=True, capture_output=True)
        server = self.start_server("--http-auth-file", users)

        attachment = bytes(range(256)) * 3
        image = png(4, 3)
        plain = plain_message()
        rich = rich_message(attachment, image)
        with smtplib.SMTP("127.0.0.1", server.port, timeout=harness.TIMEOUT) as smtp:
            for msg in (plain, rich):
                smtp.sendmail("ann@example.test", [msg["To"]], msg.as_bytes())
        sent = {
            "plain": {"subject": "Plain hello", "from": "ann@example.test", "to": "bob@example.test",
                      "messageId": "<plain-1@example.test>", "text": "Hello Bob,\nthis is the plain one.\n",
                      "source": plain.as_bytes().decode("ascii")},
            "rich": {"subject": "Rich hello", "source": rich.as_bytes().decode("ascii"), "htmlMarker": HTML_MARKER,
                     "attachmentName": "data.bin", "attachment": base64.b64encode(attachment).decode(),
                     "image": base64.b64encode(image).decode(), "imageCid": "pixel@example.test"},
        }
        # The scenario compares what the client reads with what went over SMTP: check it was stored so.
        ids = server.message_ids()
        self.assertEqual(len(ids), 2)
        self.assertEqual(server.raw(ids[0]), plain.as_bytes())
        sent_file = os.path.join(folder.name, "sent.json")
        with open(sent_file, "w") as f:
            json.dump(sent, f)

        env = dict(os.environ, MAILSCOPE_URL="http://127.0.0.1:%d" % server.http_port, MAILSCOPE_USER=USER,
                   MAILSCOPE_PASSWORD=PASSWORD, MAILSCOPE_SENT=sent_file)
        result = subprocess.run([*node_command(), os.path.join(NPM_DIR, "scenario.mjs")], cwd=NPM_DIR, env=env,
                                capture_output=True, timeout=120)
        output = result.stdout.decode(errors="replace")
        sys.stdout.write(output)
        sys.stderr.write(result.stderr.decode(errors="replace"))
        self.assertEqual(result.returncode, 0, "the scenario failed:\n" + output)
        steps = [line for line in output.splitlines() if line.startswith(("ok ", "FAIL "))]
        self.assertEqual([s for s in steps if s.startswith("FAIL ")], [])
        for name in ("credentials: none", "credentials: wrong password", "events: no credentials", "events: open", "getMessageSource",
                     "sendMessage", "setTags, getTags", "deleteMessages"):
            self.assertIn("ok " + name, steps)
        self.assertEqual(len(steps), 28)
        self.assertEqual(output.splitlines()[-1], "all steps passed")


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
