#include "appsettings.h"
#include "mailfiles.h"
#include "store/importedmessage.h"
#include "mime/parsedmessage.h"
#include "store/mbox.h"
#include "store/reader.h"
#include "storefixture.h"
#include "views/partspane.h"

#include <QDir>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Ui;

// Files that leave or enter Mailscope: safe names, mbox export, attachments, settings.
class MailFilesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void safeFileName_data();
    void safeFileName();
    void uniquePath();
    void mboxRoundTrip_data();
    void mboxRoundTrip();
    void attachmentsStayInTheFolder();
    void readsEmlAndMbox();
    void exportsStoredMessages();
    void settingsRoundTrip();
    void settingsValidation_data();
    void settingsValidation();
};

void MailFilesTest::safeFileName_data()
{
    QTest::addColumn<QString>("untrusted");
    QTest::addColumn<QString>("safe");
    QTest::newRow("plain") << QStringLiteral("invoice.pdf") << QStringLiteral("invoice.pdf");
    QTest::newRow("parent path") << QStringLiteral("../../.bashrc") << QStringLiteral("_.._.bashrc");
    QTest::newRow("absolute") << QStringLiteral("/etc/passwd") << QStringLiteral("_etc_passwd");
    QTest::newRow("windows path") << QStringLiteral("C:\\Windows\\evil.exe") << QStringLiteral("C__Windows_evil.exe");
    QTest::newRow("hidden") << QStringLiteral(".profile") << QStringLiteral("profile");
    QTest::newRow("dots only") << QStringLiteral("..") << QStringLiteral("fallback");
    QTest::newRow("control characters") << QStringLiteral("a\nb\tc\u0000.txt") << QStringLiteral("a_b_c_.txt");
    QTest::newRow("empty") << QString() << QStringLiteral("fallback");
    QTest::newRow("unicode kept") << QStringLiteral("Rechnung März.pdf") << QStringLiteral("Rechnung März.pdf");
    QTest::newRow("long keeps extension") << QString(300, QLatin1Char('x')) + QStringLiteral(".pdf")
                                          << QString(251, QLatin1Char('x')) + QStringLiteral(".pdf");
    // Cyrillic letters are 2 octets in UTF-8: 125 of them and ".pdf" make 254 octets.
    QTest::newRow("long non-Latin fits 255 octets") << QString(200, QChar(0x0416)) + QStringLiteral(".pdf")
                                                    << QString(125, QChar(0x0416)) + QStringLiteral(".pdf");
    // Characters outside the BMP (4 octets) are kept whole, never as two replacement marks.
    QTest::newRow("outside the BMP kept") << QStringLiteral("report \U0001F4C8 \U00020B9F.xlsx")
                                          << QStringLiteral("report \U0001F4C8 \U00020B9F.xlsx");
    QTest::newRow("outside the BMP cut whole")
        << QString(70, QLatin1Char('a')) + QString::fromUcs4(U"\U0001F600").repeated(50) + QStringLiteral(".txt")
        << QString(70, QLatin1Char('a')) + QString::fromUcs4(U"\U0001F600").repeated(45) + QStringLiteral(".txt");
    QTest::newRow("lone surrogate") << QString(QChar(0xD800)) + QStringLiteral("x.txt") << QStringLiteral("_x.txt");
}

void MailFilesTest::safeFileName()
{
    QFETCH(QString, untrusted);
    QFETCH(QString, safe);
    QCOMPARE(MailFiles::safeFileName(untrusted, QStringLiteral("fallback")), safe);
}

void MailFilesTest::uniquePath()
{
    QTemporaryDir dir;
    const QString first = MailFiles::uniquePath(dir.path(), QStringLiteral("a.txt"));
    QCOMPARE(first, dir.filePath(QStringLiteral("a.txt")));
    QFile(first).open(QIODevice::WriteOnly);
    QCOMPARE(MailFiles::uniquePath(dir.path(), QStringLiteral("a.txt")), dir.filePath(QStringLiteral("a (2).txt")));
}

void MailFilesTest::mboxRoundTrip_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::newRow("crlf") << QByteArray("Subject: a\r\n\r\nFrom here on\r\n>From quoted\r\nend\r\n");
    QTest::newRow("lf") << QByteArray("Subject: b\n\nFrom the start\n\nFrom after a blank line\n");
    QTest::newRow("ends in blank line") << QByteArray("Subject: c\r\n\r\nbody\r\n\r\n");
}

void MailFilesTest::mboxRoundTrip()
{
    QFETCH(QByteArray, raw);
    const QByteArray other = "Subject: other\r\n\r\nx\r\n";
    const QByteArray mbox = MailFiles::mboxEntry(raw, "a@example.com", 1'700'000'000'000'000)
        + MailFiles::mboxEntry(other, {}, 1'700'000'000'000'000);
    QVERIFY(mbox.startsWith("From a@example.com "));
    QVERIFY(Store::Mbox::looksLikeMbox(mbox));
    const QList<QByteArray> back = Store::Mbox::split(mbox);
    QCOMPARE(back.size(), 2);
    QCOMPARE(back.at(0), raw);
    QCOMPARE(back.at(1), other);
}

void MailFilesTest::attachmentsStayInTheFolder()
{
    const QByteArray raw = "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                           "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                           "--b\r\nContent-Type: application/octet-stream\r\n"
                           "Content-Disposition: attachment; filename=\"../../escape.sh\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n"
        + QByteArray("#!/bin/sh\necho owned\n").toBase64() + "\r\n"
                           "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n"
                           "%PDF\r\n"
                           "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"report.pdf\"\r\n\r\n"
                           "%PDF2\r\n--b--\r\n";
    const Mime::ParsedMessage parsed = Mime::parse(raw);
    QTemporaryDir root;
    QVERIFY(QDir(root.path()).mkdir(QStringLiteral("inbox")));
    const QString folder = root.filePath(QStringLiteral("inbox"));
    QStringList errors;
    const QStringList written = PartsPane::saveAttachments(folder, raw, parsed, &errors);
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    QCOMPARE(written.size(), 3);
    for (const QString &path : written)
        QCOMPARE(QFileInfo(path).absolutePath(), QDir(folder).canonicalPath());
    QStringList names = QDir(folder).entryList(QDir::Files);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("_.._escape.sh"), QStringLiteral("report (2).pdf"),
                                 QStringLiteral("report.pdf")}));
    QVERIFY(QDir(root.path()).entryList(QDir::Files).isEmpty());
    QFile script(QDir(folder).filePath(QStringLiteral("_.._escape.sh")));
    QVERIFY(script.open(QIODevice::ReadOnly));
    QCOMPARE(script.readAll(), QByteArray("#!/bin/sh\necho owned\n"));
}

void MailFilesTest::readsEmlAndMbox()
{
    QTemporaryDir dir;
    const QString eml = dir.filePath(QStringLiteral("one.eml"));
    const QString mbox = dir.filePath(QStringLiteral("many.mbox"));
    const QString empty = dir.filePath(QStringLiteral("empty.eml"));
    {
        QFile f(eml);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("Subject: one\r\n\r\nx\r\n");
    }
    {
        QFile f(mbox);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(MailFiles::mboxEntry("Subject: two\n\nx\n", "a@b", 0) + MailFiles::mboxEntry("Subject: three\n\nx\n", "a@b", 0));
    }
    {
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    // The window and `mailscope import` read through this one function.
    const Store::FileImport result = Store::importFiles({eml, mbox, dir.filePath(QStringLiteral("missing.eml")), empty});
    QCOMPARE(result.messages.size(), 3);
    QCOMPARE(result.messages.at(0).raw, QByteArray("Subject: one\r\n\r\nx\r\n"));
    QCOMPARE(result.messages.at(2).raw, QByteArray("Subject: three\n\nx\n"));
    QCOMPARE(result.messages.at(1).source, QStringLiteral("import"));
    QCOMPARE(result.messages.at(1).summary.subject, QStringLiteral("two"));
    QCOMPARE(result.filesRead, 2);
    QCOMPARE(result.errors.size(), 2);
    QVERIFY(result.errors.first().contains(QStringLiteral("missing.eml")));
    QCOMPARE(result.errors.at(1), QStringLiteral("cannot import %1: the file is empty").arg(empty));
}

void MailFilesTest::exportsStoredMessages()
{
    StoreFixture store;
    const QList<QByteArray> raws{"Subject: first\r\n\r\nFrom the top\r\n", "Subject: second\n\nbody\n"};
    const auto stored = store.store(raws);
    Store::Reader reader(store.path());
    QTemporaryDir dir;
    const QString mbox = dir.filePath(QStringLiteral("out.mbox"));
    QString error;
    // Given newest first, as the list selects them; written oldest first.
    QVERIFY2(MailFiles::exportMessages(reader, {stored.at(1).id, stored.at(0).id}, mbox, MailFiles::Format::Mbox, &error),
             qPrintable(error));
    QFile file(mbox);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(Store::Mbox::split(file.readAll()), raws);
    const QString eml = dir.filePath(QStringLiteral("one.eml"));
    QVERIFY(MailFiles::exportMessages(reader, {stored.at(0).id}, eml, MailFiles::Format::Eml, &error));
    QFile one(eml);
    QVERIFY(one.open(QIODevice::ReadOnly));
    QCOMPARE(one.readAll(), raws.at(0));
    QVERIFY(!MailFiles::exportMessages(reader, {stored.at(0).id}, dir.filePath(QStringLiteral("no/such/dir/x.eml")),
                                       MailFiles::Format::Eml, &error));
    QVERIFY(error.contains(QStringLiteral("Cannot write")));
}

void MailFilesTest::settingsRoundTrip()
{
    QTemporaryDir dir;
    QSettings store(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    AppSettings s;
    s.listen = {QStringLiteral("127.0.0.1:2525"), QStringLiteral("[::1]:2525")};
    s.hostname = QStringLiteral("catcher.test");
    s.limits.maxMessageSize = 12345678;
    s.limits.maxRecipients = 7;
    s.databasePath = dir.filePath(QStringLiteral("db.sqlite"));
    s.retention.maxMessages = 5000;
    s.notifications = false;
    s.closeToTray = true;
    s.save(store);
    store.sync();
    QSettings again(dir.filePath(QStringLiteral("s.ini")), QSettings::IniFormat);
    const AppSettings back = AppSettings::load(again);
    QCOMPARE(back.listen, s.listen);
    QCOMPARE(back.hostname, s.hostname);
    QCOMPARE(back.limits.maxMessageSize, s.limits.maxMessageSize);
    QCOMPARE(back.limits.maxRecipients, 7);
    QCOMPARE(back.effectiveDatabasePath(), s.databasePath);
    QCOMPARE(back.retention.maxMessages, 5000);
    QCOMPARE(back.notifications, false);
    QCOMPARE(back.closeToTray, true);
    QVERIFY(!back.needsRestart(s));
    AppSettings changed = back;
    changed.retention.maxMessages = 10;
    QVERIFY(!changed.needsRestart(back)); // retention applies without a restart
    changed.listen = {QStringLiteral(":2526")};
    QVERIFY(changed.needsRestart(back));
}

void MailFilesTest::settingsValidation_data()
{
    QTest::addColumn<QStringList>("listen");
    QTest::addColumn<int>("addresses"); // -1: refused
    QTest::newRow("default") << QStringList{QStringLiteral("127.0.0.1:1025")} << 1;
    QTest::newRow("two and spaces") << QStringList{QStringLiteral(" localhost:25 "), QStringLiteral("[::1]:1025")} << 2;
    QTest::newRow("all addresses") << QStringList{QStringLiteral(":1025")} << 1;
    QTest::newRow("bad port") << QStringList{QStringLiteral("127.0.0.1:99999")} << -1;
    QTest::newRow("bare ipv6") << QStringList{QStringLiteral("::1:25")} << -1;
    QTest::newRow("none") << QStringList{} << -1;
}

void MailFilesTest::settingsValidation()
{
    QFETCH(QStringList, listen);
    QFETCH(int, addresses);
    QTemporaryDir dir; // where the self-signed certificate is made
    AppSettings s;
    s.listen = listen;
    s.databasePath = dir.filePath(QStringLiteral("db.sqlite"));
    QString error;
    const auto config = s.captureConfig(&error);
    if (addresses < 0) {
        QVERIFY(!config);
        QVERIFY(!error.isEmpty());
        return;
    }
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->server.listen.size(), addresses);
}

QTEST_MAIN(MailFilesTest)
#include "tst_mailfiles.moc"
