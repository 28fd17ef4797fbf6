#!/usr/bin/env python3
"""Sends a handful of realistic messages to a Mailscope listener, for screenshots and manual
checks: HTML with an inline cid: image and a remote image, an attachment, a plain-text
message with a Bcc recipient, and one with deliberate defects. Usage: send_samples.py PORT"""
import base64
import smtplib
import sys
import zlib
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

port = int(sys.argv[1]) if len(sys.argv) > 1 else 1025


def png(width, height, rgb):
    """A tiny solid-colour PNG, so the sample needs no image files."""
    import struct
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def welcome():
    m = EmailMessage()
    m["From"] = "Acme Shop <orders@shop.example>"
    m["To"] = "Carol Customer <carol@example.org>"
    m["Subject"] = "Your order #10432 has shipped"
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain="shop.example")
    m.set_content("Hello Carol,\n\nYour order #10432 has shipped and is on its way.\n\nAcme Shop\n")
    logo = make_msgid(domain="shop.example")
    m.add_alternative(f"""<!DOCTYPE html><html><head><style>
  body {{ margin: 0; background: #eef1f5; font-family: sans-serif; color: #1d2733; }}
  .wrap {{ max-width: 600px; margin: 0 auto; background: #ffffff; }}
  .head {{ display: flex; align-items: center; gap: 12px; padding: 16px 20px; background: #174a8c; color: #ffffff; }}
  .steps {{ display: flex; }}
  .step {{ flex: 1; padding: 12px; text-align: center; color: #ffffff; font-weight: bold; }}
  .cta {{ display: inline-block; padding: 14px 28px; background: #e8590c; color: #ffffff; border-radius: 6px;
          text-decoration: none; font-weight: bold; }}
  .card {{ margin: 20px; padding: 16px 20px; background: #f3ecff; border-radius: 18px; }}
  @media (max-width: 480px) {{ .steps {{ flex-direction: column; }} .head {{ flex-direction: column; }} }}
</style></head><body><div class="wrap">
<div class="head"><img src="cid:{logo[1:-1]}" width="48" height="48" alt="logo"><h2 style="margin:0">Your order has shipped</h2></div>
<div class="steps"><div class="step" style="background:#2f9e44">Ordered</div>
<div class="step" style="background:#1971c2">Shipped</div><div class="step" style="background:#868e96">Delivered</div></div>
<div style="padding: 20px">
<p>Hello Carol,</p>
<p>Your order <b>#10432</b> is on its way and should arrive on Thursday.</p>
<p><a class="cta" href="https://shop.example/track/10432">Track your parcel</a></p>
</div>
<div class="card"><b>You might also like</b><br><img src="https://cdn.shop.example/p/lamp.jpg" width="120" height="80" alt="A lamp"></div>
<p><img src="https://tracker.example/open.gif?u=carol" width="1" height="1" alt=""></p>
</div></body></html>""", subtype="html")
    m.get_payload()[1].add_related(png(48, 48, (0x2f, 0x7d, 0xd1)), "image", "png", cid=logo)
    return m


def invoice():
    m = EmailMessage()
    m["From"] = "Billing <billing@example.com>"
    m["To"] = "carol@example.org"
    m["Cc"] = "accounts@example.org"
    m["Subject"] = "Invoice 2026-0117"
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain="example.com")
    m.set_content("Please find the invoice attached.\n")
    m.add_attachment(b"%PDF-1.4\n% sample\n" + bytes(range(256)) * 8, maintype="application", subtype="pdf",
                     filename="invoice-2026-0117.pdf")
    return m


def reminder():
    m = EmailMessage()
    m["From"] = "Team Calendar <calendar@example.net>"
    m["To"] = "dev-team@example.net"
    m["Subject"] = "Reminder: release review at 15:00 – café on the 3rd floor"
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain="example.net")
    m.set_content("The release review starts at 15:00.\nBring the test report.\n")
    return m


def broken():
    # No Date or Message-ID, a bare LF and 8-bit bytes without 8BITMIME: lint has work to do.
    return (b"From: legacy-app@example.org\r\nTo: carol@example.org\r\nSubject: Nightly report\r\n"
            b"Content-Type: text/plain\r\n\r\nAll jobs passed.\nCaf\xc3\xa9 menu attached? No.\r\n")


with smtplib.SMTP("127.0.0.1", port) as s:
    s.ehlo("app-server.example")
    s.send_message(welcome(), from_addr="bounce+10432@shop.example", to_addrs=["carol@example.org"])
    s.send_message(invoice(), from_addr="billing@example.com",
                   to_addrs=["carol@example.org", "accounts@example.org", "audit@example.org"])
    s.send_message(reminder())
    s.sendmail("legacy-app@example.org", ["carol@example.org"], broken())
print("sent 4 messages")
