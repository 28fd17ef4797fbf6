#include "views/attachmentviewer.h"
#include "views/messageglance.h"
#include "views/messageloader.h"

#include <QBuffer>
#include <QImage>
#include <QMenu>
#include <QPainter>
#include <QPdfDocument>
#include <QPdfView>
#include <QPointer>
#include <QPdfWriter>
#include <QTest>
#include <QToolButton>

using namespace Ui;

namespace {

QByteArray onePagePdf()
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        QPainter painter(&writer);
        painter.drawText(100, 100, QStringLiteral("Invoice 2026-11"));
    }
    return bytes;
}

QByteArray png()
{
    QImage image(24, 16, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray base64Lines(const QByteArray &bytes)
{
    QByteArray out;
    const QByteArray encoded = bytes.toBase64();
    for (qsizetype i = 0; i < encoded.size(); i += 76)
        out += encoded.mid(i, 76) + "\r\n";
    return out;
}

std::shared_ptr<const LoadedMessage> invoice(const QByteArray &pdf, const QByteArray &image)
{
    auto m = std::make_shared<LoadedMessage>();
    m->found = true;
    m->raw = "From: Acme Billing <billing@acme.example>\r\n"
             "To: Carol <carol@example.org>\r\n"
             "Cc: dave@example.org\r\n"
             "Reply-To: help@acme.example\r\n"
             "Date: Sun, 22 Nov 2026 09:30:00 +0000\r\n"
             "Subject: Your invoice\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
             "--outer\r\nContent-Type: multipart/related; boundary=inner\r\n\r\n"
             "--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>See <img src=\"cid:logo@acme\"></p>\r\n"
             "--inner\r\nContent-Type: image/png\r\nContent-ID: <logo@acme>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(image)
        + "--inner--\r\n"
          "--outer\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\n"
          "Content-Disposition: attachment; filename=\"invoice.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64Lines(pdf) + "--outer--\r\n";
    m->parsed = Mime::parse(m->raw);
    m->envelope.mailFrom = "billing@acme.example";
    for (const char *rcpt : {"carol@example.org", "dave@example.org", "audit@acme.example"})
        m->envelope.recipients.append(Records::Recipient{rcpt, {}, {}, {}});
    return m;
}

} // namespace

// Above the preview: who sent the message to whom, blind copies included, and what it
// carries, each attachment viewable in place when it is a PDF or an image.
class MessageGlanceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsWhoWhenAndWhat();
    void attachmentsAndInlineImagesAreListed();
    void pdfAndImagesRenderInAViewer();
    void viewersGoWithTheGlance();
};

void MessageGlanceTest::showsWhoWhenAndWhat()
{
    MessageGlance glance;
    glance.show(invoice(onePagePdf(), png()));
    QCOMPARE(glance.fieldText(MessageGlance::From), QStringLiteral("Acme Billing <billing@acme.example>"));
    QCOMPARE(glance.fieldText(MessageGlance::To), QStringLiteral("Carol <carol@example.org>"));
    QCOMPARE(glance.fieldText(MessageGlance::Cc), QStringLiteral("dave@example.org"));
    QVERIFY2(glance.fieldText(MessageGlance::EnvelopeOnly).startsWith(QStringLiteral("audit@acme.example")),
             qPrintable(glance.fieldText(MessageGlance::EnvelopeOnly)));
    QCOMPARE(glance.fieldText(MessageGlance::ReplyTo), QStringLiteral("help@acme.example"));
    QVERIFY(glance.fieldText(MessageGlance::Date).contains(QStringLiteral("2026")));
    QCOMPARE(glance.fieldText(MessageGlance::Subject), QStringLiteral("Your invoice"));

    glance.clear();
    QVERIFY(glance.fieldText(MessageGlance::From).isEmpty());
    QVERIFY(glance.attachmentButtons().isEmpty());
}

void MessageGlanceTest::attachmentsAndInlineImagesAreListed()
{
    const QByteArray pdf = onePagePdf();
    MessageGlance glance;
    const auto message = invoice(pdf, png());
    glance.show(message);
    const QList<QToolButton *> buttons = glance.attachmentButtons();
    QCOMPARE(buttons.size(), 2);
    QVERIFY2(buttons.at(0)->text().startsWith(QStringLiteral("invoice.pdf (application/pdf, ")), qPrintable(buttons.at(0)->text()));
    QVERIFY(buttons.at(0)->text().contains(QLocale().formattedDataSize(pdf.size())));
    QVERIFY2(buttons.at(1)->text().contains(QStringLiteral("(image/png, ")), qPrintable(buttons.at(1)->text()));
    QStringList actions;
    for (QAction *a : buttons.at(0)->menu()->actions())
        actions.append(a->objectName());
    QCOMPARE(actions, (QStringList{QStringLiteral("viewAttachment"), QStringLiteral("openAttachment"), QStringLiteral("saveAttachment")}));
}

void MessageGlanceTest::pdfAndImagesRenderInAViewer()
{
    MessageGlance glance;
    const auto message = invoice(onePagePdf(), png());
    glance.show(message);
    const QList<const Mime::Part *> parts = MessageGlance::listedParts(*message);
    QCOMPARE(parts.size(), 2);
    AttachmentViewer *pdf = glance.view(*parts.at(0));
    QCOMPARE(pdf->kind(), AttachmentViewer::Kind::Pdf);
    QTRY_COMPARE(pdf->pdf()->status(), QPdfDocument::Status::Ready);
    QCOMPARE(pdf->pdf()->pageCount(), 1);
    QVERIFY(pdf->pdf()->getAllText(0).text().contains(QStringLiteral("Invoice 2026-11")));
    AttachmentViewer *image = glance.view(*parts.at(1));
    QCOMPARE(image->kind(), AttachmentViewer::Kind::Image);
    QCOMPARE(image->image().size(), QSize(24, 16));
    QCOMPARE(image->image().toImage().pixelColor(5, 5), QColor(Qt::blue));
}

// A viewer is the glance's child: closing the message's glance deletes it and its PDF view (what
// LeakSanitizer still reports from QPdfView's constructor is Qt's own, see tests/sanitize/lsan.supp).
void MessageGlanceTest::viewersGoWithTheGlance()
{
    QPointer<AttachmentViewer> viewer;
    QPointer<QPdfView> pdfView;
    {
        MessageGlance glance;
        const auto message = invoice(onePagePdf(), png());
        glance.show(message);
        viewer = glance.view(*MessageGlance::listedParts(*message).at(0));
        QVERIFY(viewer);
        pdfView = viewer->findChild<QPdfView *>();
        QVERIFY(pdfView);
        QTRY_COMPARE(viewer->pdf()->status(), QPdfDocument::Status::Ready);
    }
    QVERIFY(viewer.isNull());
    QVERIFY(pdfView.isNull());
}

QTEST_MAIN(MessageGlanceTest)
#include "tst_messageglance.moc"
