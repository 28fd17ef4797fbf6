"""Python's smtplib against `mailscope serve`: send_message, SMTPUTF8, 8BITMIME and DSN."""

import email.policy
import smtplib
import unittest
from email.message import EmailMessage

import harness


def client(port):
    return smtplib.SMTP("127.0.0.1", port, local_hostname="smtplib.interop.test", timeout=harness.TIMEOUT)


def header_block(sender, to, subject):
    return ("Date: Wed, 03 Jan 2024 12:00:00 +0000\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\n\r\n"
            % (sender, to, subject)).encode()


class SmtplibTest(harness.InteropTest):

    def test_send_message(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        msg = EmailMessage()
        msg["Date"] = "Wed, 03 Jan 2024 12:00:00 +0000"
        msg["From"] = "Sender <sender@example.com>"
        msg["To"] = "to@example.com"
        msg["Cc"] = "cc@example.com"
        msg["Bcc"] = "hidden@example.com"
        msg["Subject"] = "send_message with an attachment"
        msg.set_content("Hello.\n.A line with a leading dot\n.\nBye.\n")
        msg.add_attachment(bytes(range(256)), maintype="application", subtype="octet-stream",
                           filename="bytes.bin")
        msg.set_boundary("interop-boundary")  # flattening twice must give the same bytes
        with client(proxy.port) as smtp:
            refused = smtp.send_message(msg)
        self.assertEqual(refused, {})

        [message_id] = self.assertStoredAsSent(server, proxy)
        raw = server.raw(message_id)
        self.assertEqual(raw, msg.as_bytes(policy=email.policy.SMTP).replace(b"Bcc: hidden@example.com\r\n", b""))
        envelope = server.json(message_id)["envelope"]
        self.assertEqual(envelope["mail_from"], "sender@example.com")
        self.assertEqual(sorted(r["address"] for r in envelope["recipients"]),
                         ["cc@example.com", "hidden@example.com", "to@example.com"])
        self.assertEqual(envelope["helo"], "smtplib.interop.test")
        self.assertParameters(envelope["mail_parameters"], [("SIZE", str(len(raw)))])
        self.assertEqual(envelope["size"], len(raw))

    def test_smtputf8_addresses(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        sender, recipient = "jörg@exämple.de", "用户@例子.广告"
        message = header_block(sender, recipient, "Grüße") + "Unicode everywhere: ✓\r\n".encode()
        with client(proxy.port) as smtp:
            smtp.sendmail(sender, [recipient], message, mail_options=["SMTPUTF8", "BODY=8BITMIME"])

        [message_id] = self.assertStoredAsSent(server, proxy)
        self.assertStored(server, message_id, message)
        info = server.json(message_id)
        envelope = info["envelope"]
        self.assertEqual(envelope["mail_from"], sender)
        self.assertEqual([r["address"] for r in envelope["recipients"]], [recipient])
        self.assertTrue(envelope["smtputf8"])
        self.assertEqual(envelope["body"], "8BITMIME")
        self.assertParameters(envelope["mail_parameters"],
                              [("BODY", "8BITMIME"), ("SIZE", str(len(message))), ("SMTPUTF8", "")])
        self.assertEqual(info["subject"], "Grüße")

    def test_send_message_chooses_smtputf8(self):
        # send_message adds SMTPUTF8 by itself for non-ASCII addresses when the server offers it.
        server = self.start_server()
        proxy = self.start_proxy(server)
        msg = EmailMessage(policy=email.policy.SMTPUTF8)
        msg["Date"] = "Wed, 03 Jan 2024 12:00:00 +0000"
        msg["From"] = "Zoë <zoë@example.com>"
        msg["To"] = "δοκιμή@παράδειγμα.δοκιμή"
        msg["Subject"] = "Ελληνικά"
        msg.set_content("Καλημέρα\n")
        with client(proxy.port) as smtp:
            smtp.send_message(msg)

        [message_id] = self.assertStoredAsSent(server, proxy)
        envelope = server.json(message_id)["envelope"]
        self.assertEqual(envelope["mail_from"], "zoë@example.com")
        self.assertEqual(envelope["recipients"][0]["address"], "δοκιμή@παράδειγμα.δοκιμή")
        self.assertTrue(envelope["smtputf8"])

    def test_8bitmime_body(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        # Every octet but NUL, CR and LF, on lines of 64, as an 8BITMIME body may carry them.
        octets = bytes(b for b in range(1, 256) if b not in (10, 13))
        body = b"".join(octets[i:i + 64] + b"\r\n" for i in range(0, len(octets), 64))
        message = (header_block("a@example.com", "b@example.com", "8bit")[:-2]
                   + b"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=latin1\r\n"
                   + b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body)
        with client(proxy.port) as smtp:
            smtp.sendmail("a@example.com", ["b@example.com"], message, mail_options=["BODY=8BITMIME"])

        [message_id] = self.assertStoredAsSent(server, proxy)
        self.assertStored(server, message_id, message)
        envelope = server.json(message_id)["envelope"]
        self.assertEqual(envelope["body"], "8BITMIME")
        self.assertFalse(envelope["smtputf8"])

    def test_dsn_parameters(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        message = header_block("a@example.com", "b@example.com", "dsn") + b"Tell me how it went.\r\n"
        with client(proxy.port) as smtp:
            smtp.sendmail("a@example.com", ["b@example.com", "c@example.com"], message,
                          mail_options=["RET=HDRS", "ENVID=QQ314159+2Bx"],
                          rcpt_options=["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;b+2Bold@example.com"])

        [message_id] = self.assertStoredAsSent(server, proxy)
        envelope = server.json(message_id)["envelope"]
        self.assertEqual(envelope["ret"], "HDRS")
        self.assertEqual(envelope["envid"], "QQ314159+2Bx")
        self.assertParameters(envelope["mail_parameters"],
                              [("ENVID", "QQ314159+2Bx"), ("RET", "HDRS"), ("SIZE", str(len(message)))])
        for recipient, address in zip(envelope["recipients"], ["b@example.com", "c@example.com"]):
            self.assertEqual(recipient["address"], address)
            self.assertEqual(recipient["notify"], "SUCCESS,FAILURE")
            self.assertEqual(recipient["orcpt"], "rfc822;b+2Bold@example.com")
            self.assertParameters(recipient["parameters"],
                                  [("NOTIFY", "SUCCESS,FAILURE"), ("ORCPT", "rfc822;b+2Bold@example.com")])

    def test_several_messages_in_one_session(self):
        server = self.start_server()
        proxy = self.start_proxy(server)
        messages = [header_block("a@example.com", "b@example.com", "number %d" % i) + b"body\r\n" * i
                    for i in range(1, 6)]
        with client(proxy.port) as smtp:
            for message in messages:
                smtp.sendmail("a@example.com", ["b@example.com"], message)
            smtp.rset()

        ids = self.assertStoredAsSent(server, proxy)
        for message_id, message in zip(ids, messages):
            self.assertStored(server, message_id, message)
        server.wait_for_sessions(1)
        [session] = server.sessions()
        self.assertEqual(session["messages"], 5)
        self.assertEqual(session["outcome"], "delivered")
        self.assertEqual({server.json(i)["session"]["id"] for i in ids}, {session["id"]})


if __name__ == "__main__":
    harness.require_tools()
    unittest.main()
