#include "models/headermodel.h"
#include "models/messagelistmodel.h"
#include "models/parttreemodel.h"
#include "models/transcriptmodel.h"
#include "views/headerspane.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "views/partspane.h"
#include "views/previewbrowser.h"
#include "views/previewengine.h"
#include "views/previewpane.h"
#include "views/rawbytesview.h"
#include "widgets/infobar.h"
#include "windowfixture.h"

#include "mime/parsedmessage.h"
#include "store/reader.h"

#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QWebEnginePage>

using namespace Ui;

// A real SMTP client sends a message to the window's own server; the row appears and the
// message view shows it exactly: headers, parts, raw bytes, transcript, highlighting, and
// a preview that fetches nothing remote until asked.
class MainWindowTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

private Q_SLOTS:
    void initTestCase();
    void rowAppears();
    void headersAndEnvelope();
    void partsAndHighlight();
    void rawIsExact();
    void transcript();
    void previewBlocksRemoteImage();
    void selectionMarksRead();
    void cleanupTestCase();

private:
    int headerRow(const QByteArray &name) const;

    std::unique_ptr<WindowFixture> m_fixture;
    QTcpServer m_tracker;       // the remote image's host; must never see a connection
    QByteArray m_data;
    qint64 m_id = 0;
};

void MainWindowTest::initTestCase()
{
    QVERIFY(m_tracker.listen(QHostAddress::LocalHost, 0));
    const QByteArray tracker = "http://127.0.0.1:" + QByteArray::number(m_tracker.serverPort()) + "/open.gif?u=carol";
    m_data = "From: Acme Reports <reports@acme.example>\r\n"
             "To: Carol <carol@example.org>\r\n"
             "Subject: Quarterly report\r\n"
             "Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
             "Message-ID: <q3@acme.example>\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
             "\r\n"
             "--outer\r\n"
             "Content-Type: multipart/alternative; boundary=\"inner\"\r\n"
             "\r\n"
             "--inner\r\n"
             "Content-Type: text/plain; charset=utf-8\r\n"
             "\r\n"
             "Revenue is up.\r\n"
             "--inner\r\n"
             "Content-Type: text/html; charset=utf-8\r\n"
             "\r\n"
             "<p>Revenue is <b>up</b>.</p><img src=\"" + tracker + "\" width=\"1\" height=\"1\">\r\n"
             "--inner--\r\n"
             "--outer\r\n"
             "Content-Type: application/pdf; name=\"q3.pdf\"\r\n"
             "Content-Disposition: attachment; filename=\"q3.pdf\"\r\n"
             "Content-Transfer-Encoding: base64\r\n"
             "\r\n"
             + QByteArray("%PDF-1.4 quarterly").toBase64() + "\r\n"
             "--outer--\r\n";
    m_fixture = std::make_unique<WindowFixture>();
    QVERIFY(QTest::qWaitForWindowExposed(&m_fixture->window()));
}

void MainWindowTest::cleanupTestCase()
{
    m_fixture.reset();
}

void MainWindowTest::rowAppears()
{
    QVERIFY(m_fixture->deliver({{"reports@acme.example", {"carol@example.org", "hidden@example.org"}, m_data}}));
    MessageListModel *model = m_fixture->window().messageModel();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->data(model->index(0, MessageListModel::Subject), Qt::DisplayRole).toString(),
             QStringLiteral("Quarterly report"));
    QCOMPARE(model->data(model->index(0, MessageListModel::EnvelopeFrom), Qt::DisplayRole).toString(),
             QStringLiteral("reports@acme.example"));
    m_id = model->idAt(0);

    QSignalSpy shown(m_fixture->window().messageView(), &MessageView::messageShown);
    m_fixture->window().messageList()->setCurrentIndex(model->index(0, MessageListModel::Subject));
    QVERIFY(shown.wait(5000));
    QCOMPARE(shown.first().first().toLongLong(), m_id);
}

int MainWindowTest::headerRow(const QByteArray &name) const
{
    const HeaderModel *headers = m_fixture->window().messageView()->headers()->model();
    for (int row = 0; row < headers->rowCount(); ++row) {
        if (headers->at(row).name == name)
            return row;
    }
    return -1;
}

void MainWindowTest::headersAndEnvelope()
{
    HeadersPane *pane = m_fixture->window().messageView()->headers();
    HeaderModel *headers = pane->model();
    QCOMPARE(headers->rowCount(), 7);
    QCOMPARE(headers->data(headers->index(0, HeaderModel::Name), Qt::DisplayRole).toString(), QStringLiteral("From"));
    const int subject = headerRow("Subject");
    QCOMPARE(subject, 2);
    QCOMPARE(headers->data(headers->index(subject, HeaderModel::Value), Qt::DisplayRole).toString(),
             QStringLiteral("Quarterly report"));

    // The envelope beside it marks the recipient that is in no header as Bcc.
    QCOMPARE(pane->bccRecipients(), QStringList{QStringLiteral("hidden@example.org")});
    const auto rcpt = pane->envelopeView()->findItems(QStringLiteral("RCPT TO"), Qt::MatchExactly, 0);
    QCOMPARE(rcpt.size(), 2);
    QVERIFY(rcpt.at(1)->text(1).contains(QStringLiteral("(Bcc)")));
    QVERIFY(!rcpt.at(0)->text(1).contains(QStringLiteral("(Bcc)")));
    const auto helo = pane->envelopeView()->findItems(QStringLiteral("HELO"), Qt::MatchExactly, 0);
    QCOMPARE(helo.value(0)->text(1), QStringLiteral("test-client.example"));

    // Selecting a header highlights its bytes.
    pane->view()->setCurrentIndex(headers->index(subject, HeaderModel::Name));
    const RawBytesView::Range range = m_fixture->window().messageView()->rawView()->highlight();
    QCOMPARE(m_data.mid(range.begin, range.end - range.begin), QByteArray("Subject: Quarterly report\r\n"));
}

void MainWindowTest::partsAndHighlight()
{
    MessageView *view = m_fixture->window().messageView();
    PartTreeModel *parts = view->parts()->model();
    const QModelIndex root = parts->index(0, 0);
    QCOMPARE(parts->data(parts->index(0, PartTreeModel::Type), Qt::DisplayRole).toString(), QStringLiteral("multipart/mixed"));
    QCOMPARE(parts->rowCount(root), 2);
    const QModelIndex html = parts->indexOf(QStringLiteral("1.2"));
    QCOMPARE(parts->data(html.siblingAtColumn(PartTreeModel::Type), Qt::DisplayRole).toString(), QStringLiteral("text/html"));
    const QModelIndex pdf = parts->indexOf(QStringLiteral("2"));
    QCOMPARE(parts->data(pdf.siblingAtColumn(PartTreeModel::FileName), Qt::DisplayRole).toString(), QStringLiteral("q3.pdf"));
    QCOMPARE(parts->data(pdf.siblingAtColumn(PartTreeModel::Encoding), Qt::DisplayRole).toString(), QStringLiteral("base64"));

    // Selecting a part highlights exactly its header block and body in the raw bytes.
    const Mime::ParsedMessage parsed = Mime::parse(m_data);
    for (const QString &path : {QStringLiteral("2"), QStringLiteral("1.1")}) {
        view->parts()->view()->setCurrentIndex(parts->indexOf(path));
        const Mime::Part *part = parsed.findPart(path);
        QVERIFY(part);
        const RawBytesView::Range range = view->rawView()->highlight();
        QCOMPARE(range.begin, part->headerRange.begin);
        QCOMPARE(range.end, part->bodyRange.end);
    }
    view->parts()->view()->setCurrentIndex(parts->indexOf(QStringLiteral("2")));
    const RawBytesView::Range range = view->rawView()->highlight();
    QVERIFY(m_data.mid(range.begin, range.end - range.begin).startsWith("Content-Type: application/pdf"));
    // And shows the decoded content.
    view->parts()->view()->setCurrentIndex(parts->indexOf(QStringLiteral("1.1")));
    QCOMPARE(view->parts()->textView()->toPlainText(), QStringLiteral("Revenue is up."));
}

void MainWindowTest::rawIsExact()
{
    QCOMPARE(m_fixture->window().messageView()->rawView()->bytes(), m_data);
    Store::Reader reader(m_fixture->databasePath());
    QCOMPARE(reader.raw(m_id).value_or(QByteArray()), m_data);
}

void MainWindowTest::transcript()
{
    MessageView *view = m_fixture->window().messageView();
    TranscriptModel *t = view->transcriptModel();
    QTRY_VERIFY(t->rowCount() >= 12);
    QStringList lines;
    for (int row = 0; row < t->rowCount(); ++row)
        lines.append(t->data(t->index(row, TranscriptModel::Who), Qt::DisplayRole).toString() + QLatin1Char(' ')
                     + t->data(t->index(row, TranscriptModel::Line), Qt::DisplayRole).toString());
    QVERIFY2(lines.first().startsWith(QStringLiteral("S: 220 ")), qPrintable(lines.first()));
    QVERIFY(lines.contains(QStringLiteral("C: EHLO test-client.example")));
    QVERIFY(lines.contains(QStringLiteral("C: MAIL FROM:<reports@acme.example>")));
    QVERIFY(lines.contains(QStringLiteral("C: RCPT TO:<hidden@example.org>")));
    QVERIFY(lines.contains(QStringLiteral("C: DATA")));
    const int note = t->rowOfMessage(m_id);
    QVERIFY(note > 0);
    QVERIFY(lines.at(note + 1).startsWith(QStringLiteral("S: 250 ")));
    QCOMPARE(view->transcriptView()->currentIndex().row(), note);
    // The session ends with QUIT; its lines arrive live.
    QTRY_VERIFY(t->data(t->index(t->rowCount() - 1, TranscriptModel::Line), Qt::DisplayRole).toString().startsWith(QStringLiteral("221")));
}

void MainWindowTest::previewBlocksRemoteImage()
{
    PreviewPane *preview = m_fixture->window().messageView()->preview();
    QVERIFY(preview->showingHtml());
    PreviewBrowser *browser = preview->browser();
    QTRY_VERIFY(browser->page() && !browser->isLoading());
    QString text;
    browser->page()->toPlainText([&text](const QString &shown) { text = shown; });
    QTRY_VERIFY2(text.contains(QStringLiteral("Revenue is up")), qPrintable(text));
    const QString tracker = QStringLiteral("http://127.0.0.1:%1/open.gif?u=carol").arg(m_tracker.serverPort());
    QTRY_COMPARE(browser->blockedUrls(), QStringList{tracker});
    QVERIFY(preview->remoteBar()->isVisible());
    QTest::qWait(300);
    QVERIFY(!m_tracker.hasPendingConnections());
    QCOMPARE(preview->browser()->fetchCount(), 0);
}

void MainWindowTest::selectionMarksRead()
{
    MessageListModel *model = m_fixture->window().messageModel();
    QVERIFY(!model->data(model->index(0, 0), MessageListModel::UnreadRole).toBool());
    Store::Reader reader(m_fixture->databasePath());
    QTRY_COMPARE(reader.unreadCount(), 0);
}

QTEST_MAIN(MainWindowTest)
#include "tst_mainwindow.moc"
