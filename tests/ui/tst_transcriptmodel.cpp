#include "records/authsecret.h"
#include "models/smtpexplain.h"
#include "models/transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QSignalSpy>
#include <QTest>

using Ui::TranscriptModel;

// Transcript rows, their explanations with RFC sections, and live growth.
class TranscriptModelTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commands_data();
    void commands();
    void replies_data();
    void replies();
    void displayText_data();
    void displayText();
    void rowsAndLiveGrowth();
    void followsDarkPalette();
    void hidesAuthPasswords();
    void marksAndTintsByKind();
    void ehloKeywordsNameTheirRfc_data();
    void ehloKeywordsNameTheirRfc();
    void defectIsARowWithItsMeaning();
};

void TranscriptModelTest::commands_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("contains");
    QTest::newRow("ehlo") << QByteArray("EHLO client.example\r\n") << QStringLiteral("RFC 5321 §4.1.1.1");
    QTest::newRow("mail lower case") << QByteArray("mail FROM:<a@b>\r\n") << QStringLiteral("§4.1.1.2");
    QTest::newRow("rcpt") << QByteArray("RCPT TO:<a@b> NOTIFY=NEVER\r\n") << QStringLiteral("recipient");
    QTest::newRow("bdat") << QByteArray("BDAT 100 LAST\r\n") << QStringLiteral("RFC 3030");
    QTest::newRow("starttls") << QByteArray("STARTTLS\r\n") << QStringLiteral("RFC 3207");
    QTest::newRow("auth") << QByteArray("AUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n") << QStringLiteral("RFC 4954");
    QTest::newRow("quit") << QByteArray("QUIT\r\n") << QStringLiteral("Ends the session");
    QTest::newRow("unknown") << QByteArray("FOO bar\r\n") << QString();
    QTest::newRow("auth payload") << QByteArray("dXNlcg==\r\n") << QString();
}

void TranscriptModelTest::commands()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, contains);
    const Ui::SmtpExplain::Explanation e = Ui::SmtpExplain::command(line);
    if (contains.isEmpty()) {
        QVERIFY(e.isEmpty());
        return;
    }
    QVERIFY2(e.brief.contains(contains), qPrintable(e.brief));
    QVERIFY(!e.detail.isEmpty());
}

void TranscriptModelTest::replies_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("brief");
    QTest::addColumn<QString>("detail");
    QTest::newRow("greeting") << QByteArray("220 mailscope.localhost ESMTP\r\n") << QStringLiteral("Service ready")
                              << QString();
    QTest::newRow("ok with enhanced") << QByteArray("250 2.1.5 Recipient ok\r\n")
                                      << QStringLiteral("Requested action okay") << QStringLiteral("Destination address valid");
    QTest::newRow("continuation line") << QByteArray("250-SIZE 52428800\r\n") << QStringLiteral("RFC 5321 §4.2.2")
                                       << QString();
    QTest::newRow("too big") << QByteArray("552 5.3.4 Message too big\r\n") << QStringLiteral("storage")
                             << QStringLiteral("Message too big for system");
    QTest::newRow("bad credentials") << QByteArray("535 5.7.8 Authentication failed\r\n")
                                     << QStringLiteral("RFC 4954")
                                     << QStringLiteral("5.7.8: Authentication credentials invalid (RFC 4954 §6)");
    QTest::newRow("unknown code") << QByteArray("299 what\r\n") << QString() << QString();
}

void TranscriptModelTest::replies()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, brief);
    QFETCH(QString, detail);
    const Ui::SmtpExplain::Explanation e = Ui::SmtpExplain::reply(line);
    if (brief.isEmpty()) {
        QVERIFY(e.isEmpty());
        return;
    }
    QVERIFY2(e.brief.contains(brief), qPrintable(e.brief));
    if (!detail.isEmpty())
        QVERIFY2(e.detail.contains(detail), qPrintable(e.detail));
}

void TranscriptModelTest::displayText_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("text");
    QTest::newRow("crlf dropped") << QByteArray("QUIT\r\n") << QStringLiteral("QUIT");
    QTest::newRow("bare lf shown") << QByteArray("QUIT\n") << QStringLiteral("QUIT\u240a");
    QTest::newRow("nul shown") << QByteArray("A\0B\r\n", 5) << QStringLiteral("A\u2400B");
    QTest::newRow("utf-8") << QByteArray("RCPT TO:<j\xc3\xb6rg@example.de>\r\n") << QStringLiteral("RCPT TO:<jörg@example.de>");
}

void TranscriptModelTest::displayText()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, text);
    QCOMPARE(TranscriptModel::displayText(data), text);
}

void TranscriptModelTest::rowsAndLiveGrowth()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Records::SessionRecord s;
    s.id = 7;
    s.startedUs = 1'000'000;
    const QList<Records::TranscriptLine> lines{
        {0, 7, 1, 1'000'000, Records::LineKind::Reply, "220 ready\r\n", 0},
        {0, 7, 2, 1'250'000, Records::LineKind::Command, "EHLO x\r\n", 0},
        {0, 7, 3, 1'500'000, Records::LineKind::Note, "Message data (DATA): 10 octets, 1 lines", 42},
    };
    model.setSession(s, lines);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.data(model.index(1, TranscriptModel::Time), Qt::DisplayRole).toString(), QStringLiteral("+0.250"));
    QCOMPARE(model.data(model.index(1, TranscriptModel::Who), Qt::DisplayRole).toString(), QStringLiteral("C:"));
    QCOMPARE(model.data(model.index(0, TranscriptModel::Who), Qt::DisplayRole).toString(), QStringLiteral("S:"));
    QVERIFY(model.data(model.index(1, TranscriptModel::Meaning), Qt::DisplayRole).toString().contains(QStringLiteral("RFC 5321")));
    QVERIFY(model.data(model.index(1, TranscriptModel::Line), Qt::ToolTipRole).toString().contains(QStringLiteral("RFC 5321")));
    // Client and server lines are told apart by colour.
    QVERIFY(model.data(model.index(0, 2), Qt::ForegroundRole).value<QColor>()
            != model.data(model.index(1, 2), Qt::ForegroundRole).value<QColor>());
    QCOMPARE(model.rowOfMessage(42), 2);

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append({{0, 8, 4, 2'000'000, Records::LineKind::Command, "NOOP\r\n", 0}, // another session
                  {0, 7, 3, 1'500'000, Records::LineKind::Note, "dup", 0},          // already shown
                  {0, 7, 5, 2'000'000, Records::LineKind::Command, "QUIT\r\n", 0},
                  {0, 7, 6, 2'000'100, Records::LineKind::Reply, "221 bye\r\n", 0}});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.data(model.index(4, TranscriptModel::Line), Qt::DisplayRole).toString(), QStringLiteral("221 bye"));
}

// AUTH lines show their mask; one recorded with its password shows it only once revealed, one
// stored masked has nothing to reveal.
void TranscriptModelTest::hidesAuthPasswords()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model);
    Records::SessionRecord s;
    s.id = 9;
    const QByteArray wire = "AUTH PLAIN " + QByteArray("\0alice\0hunter2", 14).toBase64() + "\r\n";
    const Records::AuthSecret recorded{"AUTH PLAIN", "PLAIN", Records::AuthSecret::Holds::Password, "alice", 7, wire,
                                       "hunter2"};
    model.setSession(s, {{0, 9, 1, 0, Records::LineKind::AuthSecret, recorded.encode(), 0},
                         {0, 9, 2, 0, Records::LineKind::AuthSecret, recorded.masked().encode(), 0},
                         {0, 9, 3, 0, Records::LineKind::Reply, "235 ok\r\n", 0}});
    const QString mask = QStringLiteral("AUTH PLAIN [PLAIN: user \"alice\", password of 7 octets, masked]");
    const auto line = [&model](int row, int role = Qt::DisplayRole) {
        return model.data(model.index(row, TranscriptModel::Line), role).toString();
    };
    QCOMPARE(line(0), mask);
    QCOMPARE(line(1), mask);
    QCOMPARE(model.data(model.index(0, TranscriptModel::Who), Qt::DisplayRole).toString(), QStringLiteral("C:"));
    QVERIFY(!line(0, Qt::ToolTipRole).contains(QLatin1String("hunter2")));
    QCOMPARE(model.data(model.index(0, 0), TranscriptModel::RevealableRole).toBool(), true);
    QCOMPARE(model.data(model.index(1, 0), TranscriptModel::RevealableRole).toBool(), false);
    QCOMPARE(model.data(model.index(2, 0), TranscriptModel::RevealableRole).toBool(), false);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(!model.reveal(1));
    QVERIFY(!model.reveal(2));
    QCOMPARE(changed.size(), 0);
    QVERIFY(model.reveal(0));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(line(0), QString(QString::fromLatin1(wire.trimmed())
                              + QStringLiteral(" [PLAIN: user \"alice\", password \"hunter2\"]")));
    QCOMPARE(line(1), mask);

    model.setSession(s, {{0, 9, 1, 0, Records::LineKind::AuthSecret, recorded.encode(), 0}}); // again: masked
    QCOMPARE(line(0), mask);
}

void TranscriptModelTest::followsDarkPalette()
{
    TranscriptModel model;
    Records::SessionRecord s;
    s.id = 1;
    model.setSession(s, {{0, 1, 1, 0, Records::LineKind::Command, "EHLO x\r\n", 0},
                         {0, 1, 2, 0, Records::LineKind::Reply, "550 no\r\n", 0}});
    const QPalette light = QGuiApplication::palette();
    const auto colour = [&](int row) { return model.data(model.index(row, 2), Qt::ForegroundRole).value<QColor>(); };
    QPalette dark = light;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    QGuiApplication::setPalette(dark);
    const QColor darkClient = colour(0), darkError = colour(1);
    QGuiApplication::setPalette(light);
    // Text stays readable: light text on a dark base, dark text on a light one.
    QVERIFY(darkClient.lightness() > 128 && colour(0).lightness() < 128);
    QVERIFY(darkError.lightness() > colour(1).lightness());
}

// The marker, font, tint and meaning of a line come from its kind, never from its text.
void TranscriptModelTest::marksAndTintsByKind()
{
    using K = Records::LineKind;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Records::SessionRecord s;
    s.id = 3;
    model.setSession(s, {{0, 3, 1, 0, K::TlsEvent, "TLS established: TLSv1.3, TLS_AES_256_GCM_SHA384, no SNI", 0},
                         {0, 3, 2, 0, K::Note, "fault-free TLS talk", 0}, // a plain note, whatever it says
                         {0, 3, 3, 0, K::FaultAction, "Fault rule \"busy\": reply 450", 0},
                         {0, 3, 4, 0, K::AuthChallenge, "334 PDQyPg==\r\n", 0},
                         {0, 3, 5, 0, K::AuthResponse, "Ym9iIDAwMDA=\r\n", 0},
                         {0, 3, 6, 0, K::DataSummary, "Message data (DATA): 3 octets, 1 lines", 9},
                         {0, 3, 7, 0, K::Defect, "20 more octets of this line were not read", 0},
                         {0, 3, 8, 0, K::Command, "NOOP\r\n", 0}});
    QStringList markers;
    for (int row = 0; row < model.rowCount(); ++row)
        markers.append(model.data(model.index(row, TranscriptModel::Who), Qt::DisplayRole).toString());
    QCOMPARE(markers, (QStringList{QStringLiteral("-T"), QStringLiteral("--"), QStringLiteral("-F"), QStringLiteral("S:"),
                                   QStringLiteral("C:"), QStringLiteral("-D"), QStringLiteral("-!"),
                                   QStringLiteral("C:")}));
    const auto background = [&](int row) { return model.data(model.index(row, TranscriptModel::Line), Qt::BackgroundRole); };
    QVERIFY(background(0).value<QColor>().isValid());
    QVERIFY(!background(1).isValid());
    QVERIFY(background(2).value<QColor>().isValid());
    QVERIFY(background(0).value<QColor>() != background(2).value<QColor>());
    QVERIFY(background(6).value<QColor>().isValid());
    QCOMPARE(model.data(model.index(3, TranscriptModel::Line), TranscriptModel::KindRole).toInt(), int(K::AuthChallenge));
    QVERIFY(model.data(model.index(3, TranscriptModel::Meaning), Qt::DisplayRole).toString().contains(QStringLiteral("RFC 4954")));
    QVERIFY(model.data(model.index(4, TranscriptModel::Meaning), Qt::DisplayRole).toString().contains(QStringLiteral("RFC 4954")));
    // The client's base64 is shown as sent, in the client's colour.
    QCOMPARE(model.data(model.index(4, TranscriptModel::Line), Qt::DisplayRole).toString(), QStringLiteral("Ym9iIDAwMDA="));
    const auto foreground = [&](int row) { return model.data(model.index(row, TranscriptModel::Line), Qt::ForegroundRole).value<QColor>(); };
    QCOMPARE(foreground(4), foreground(7));
    QVERIFY(foreground(4) != foreground(1));
    QCOMPARE(model.rowOfMessage(9), 5);
}


void TranscriptModelTest::ehloKeywordsNameTheirRfc_data()
{
    QTest::addColumn<QByteArray>("keyword");
    QTest::addColumn<QString>("rfc");
    QTest::newRow("pipelining") << QByteArray("PIPELINING") << QStringLiteral("RFC 2920");
    QTest::newRow("size") << QByteArray("SIZE 52428800") << QStringLiteral("RFC 1870");
    QTest::newRow("8bitmime") << QByteArray("8BITMIME") << QStringLiteral("RFC 6152");
    QTest::newRow("smtputf8") << QByteArray("SMTPUTF8") << QStringLiteral("RFC 6531");
    QTest::newRow("chunking") << QByteArray("CHUNKING") << QStringLiteral("RFC 3030");
    QTest::newRow("dsn") << QByteArray("DSN") << QStringLiteral("RFC 3461");
    QTest::newRow("starttls") << QByteArray("STARTTLS") << QStringLiteral("RFC 3207");
    QTest::newRow("auth") << QByteArray("AUTH PLAIN LOGIN CRAM-MD5") << QStringLiteral("RFC 4954");
    QTest::newRow("enhanced codes, last line") << QByteArray("ENHANCEDSTATUSCODES") << QStringLiteral("RFC 2034");
}

// Each line of the reply to EHLO after the first names an extension: its meaning is that
// extension's, with its RFC, whether the model got the lines at once or live.
void TranscriptModelTest::ehloKeywordsNameTheirRfc()
{
    QFETCH(QByteArray, keyword);
    QFETCH(QString, rfc);
    using K = Records::LineKind;
    const bool last = keyword == "ENHANCEDSTATUSCODES";
    const QList<Records::TranscriptLine> lines{{0, 4, 1, 0, K::Reply, "220 mailscope ESMTP\r\n", 0},
                                               {0, 4, 2, 0, K::Command, "ehlo client.example\r\n", 0},
                                               {0, 4, 3, 0, K::Reply, "250-mailscope Hello\r\n", 0},
                                               {0, 4, 4, 0, K::Reply, "250" + QByteArray(last ? " " : "-") + keyword + "\r\n", 0},
                                               {0, 4, 5, 0, K::Command, "NOOP\r\n", 0},
                                               {0, 4, 6, 0, K::Reply, "250 " + keyword + "\r\n", 0}};
    Records::SessionRecord s;
    s.id = 4;
    for (const bool live : {false, true}) {
        TranscriptModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        if (live) {
            model.setSession(s, lines.mid(0, 3));
            for (qsizetype i = 3; i < lines.size(); ++i)
                model.append({lines.at(i)});
        } else {
            model.setSession(s, lines);
        }
        const auto meaning = [&](int row) { return model.data(model.index(row, TranscriptModel::Meaning), Qt::DisplayRole).toString(); };
        QVERIFY2(meaning(3).contains(rfc), qPrintable(meaning(3)));
        QVERIFY2(meaning(3).startsWith(QLatin1String("Offers")), qPrintable(meaning(3)));
        QVERIFY(model.data(model.index(3, TranscriptModel::Line), Qt::ToolTipRole).toString().contains(rfc));
        // The server's name line and a 250 to another command are plain replies.
        QVERIFY2(meaning(2).contains(QStringLiteral("RFC 5321 §4.2.2")), qPrintable(meaning(2)));
        QVERIFY2(meaning(5).contains(QStringLiteral("RFC 5321 §4.2.2")), qPrintable(meaning(5)));
    }
}

// A defect is a row of its own where it happened, marked, tinted and explained.
void TranscriptModelTest::defectIsARowWithItsMeaning()
{
    using K = Records::LineKind;
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Records::SessionRecord s;
    s.id = 5;
    model.setSession(s, {{0, 5, 1, 0, K::Defect, "Client sent data before the server's greeting (RFC 5321 4.3.1)", 0},
                         {0, 5, 2, 0, K::Reply, "220 ready\r\n", 0}});
    model.append({{0, 5, 3, 0, K::Command, "HELO c\n", 0},
                  {0, 5, 4, 0, K::Defect, "Command line ended with a bare LF instead of CRLF (RFC 5321 2.3.8)", 0}});
    QCOMPARE(model.rowCount(), 4);
    for (const int row : {0, 3}) {
        QCOMPARE(model.data(model.index(row, TranscriptModel::Who), Qt::DisplayRole).toString(), QStringLiteral("-!"));
        QCOMPARE(model.data(model.index(row, TranscriptModel::Line), TranscriptModel::KindRole).toInt(), int(K::Defect));
        const QString meaning = model.data(model.index(row, TranscriptModel::Meaning), Qt::DisplayRole).toString();
        QVERIFY2(meaning.startsWith(QLatin1String("Protocol defect")), qPrintable(meaning));
        QVERIFY(model.data(model.index(row, TranscriptModel::Line), Qt::BackgroundRole).value<QColor>().isValid());
    }
    QCOMPARE(model.data(model.index(0, TranscriptModel::Line), Qt::DisplayRole).toString(),
             QStringLiteral("Client sent data before the server's greeting (RFC 5321 4.3.1)"));
}

QTEST_MAIN(TranscriptModelTest)
#include "tst_transcriptmodel.moc"
