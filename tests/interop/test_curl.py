"""curl's smtp:// upload against `mailscope serve`."""

import os
import unittest

import harness

MESSAGE = (b"Date: Tue, 02 Jan 2024 11:00:00 +0100\r\n"
           b"From: curl <curl@example.com>\r\n"
           b"To: one@example.com, two@example.com\r\n"
           b"Subject: uploaded by curl\r\n"
           b"\r\n"
           b"First line.\r\n"
           b".\r\n"
           b"..\r\n"
           b".hidden dot\r\n"
           b"Last line.\r\n")


class CurlTest(harness.InteropTest):

    def upload(self, port, data):
        path = os.path.join(self.server.dir.name, "upload.eml")
        with open(path, "wb") as f:
            f.write(data)
        self.run_client([harness.tool("curl"), "--silent", "--show-error", "--max-time", "20",
                         "--url", "smtp://127.0.0.1:%d/curl.interop.test" % port,
                         "--mail-from", "curl@example.com",
                         "--mail-rcpt", "one@example.com", "--mail-rcpt", "two@example.com",
                         "--upload-file", path])

    def test_upload_file(self):
        self.server = self.start_server()
        proxy = self.start_proxy(self.server)
        self.upload(proxy.port, MESSAGE)

        [message_id] = self.assertStoredAsSent(self.server, proxy)
        self.assertStored(self.server, message_id, MESSAGE)
        envelope = self.server.json(message_id)["envelope"]
        self.assertEqual(envelope["mail_from"], "curl@example.com")
        self.assertEqual([r["address"] for r in envelope["recipients"]], ["one@example.com", "two@example.com"])
        self.assertEqual(envelope["helo"], "curl.interop.test")
        # curl declares the file's size on MAIL when the server offers SIZE.
        self.assertParameters(envelope["mail_parameters"], [("SIZE", str(len(MESSAGE)))])
        self.assertEqual(envelope["size"], len(MESSAGE))

    def test_upload_without_final_line_end(self):
        # curl ends an unterminated last line with CRLF itself; that CRLF belongs to the message.
        self.server = self.start_server()
        proxy = self.start_proxy(self.server)
        self.upload(proxy.port, MESSAGE + b"no line end")

        [message_id] = self.assertStoredAsSent(self.server, proxy)
        self.assertStored(self.server, message_id, MESSAGE + b"no line end\r\n")


if __name__ == "__main__":
    harness.require_tools("curl")
    unittest.main()
