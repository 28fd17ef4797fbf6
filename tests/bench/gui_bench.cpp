// The desktop window under load. Part 1 floods the window's own listener at a fixed rate
// (default 1,000 messages/s for 10 s) while the window shows the list and a selected
// message, and measures how late the GUI thread's event loop runs a 2 ms timer: the worst
// and 99th-percentile stall (target p99 < 50 ms). Part 2 stores 100,000 messages and times
// opening a new window on them until the first rows are painted (target < 1 s), plus a few
// searches, and opening the newest message of a connection that carried 5,000 messages against
// the newest of a one-message connection (target < 50 ms). Prints figures only; not a test.
//
//   build/release/tests/ui/gui_bench [--seconds 10] [--rate 1000] [--stored 100000] [--db FILE]
//
// Runs on the platform Qt picks (DISPLAY under Xvfb), or QT_QPA_PLATFORM=offscreen.
#include "floodclient.h"
#include "longsession.h"

#include "capturecontroller.h"
#include "store/importedmessage.h"
#include "mainwindow.h"
#include "models/messagelistmodel.h"
#include "models/transcriptmodel.h"
#include "store/reader.h"
#include "store/search.h"
#include "store/transcriptpages.h"
#include "store/writer.h"
#include "views/messagelistview.h"
#include "views/messageview.h"
#include "views/previewengine.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTreeView>

#include <algorithm>
#include <cstdio>

namespace {

// Waits in a real event loop: QTest::qWaitFor sleeps between checks, which would show up
// as stalls of exactly the kind being measured.
template<typename Predicate>
bool waitUntil(Predicate done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(20);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || clock.elapsed() > timeoutMs)
            loop.quit();
    });
    poll.start();
    if (!done())
        loop.exec();
    return done();
}

void check(bool ok, const char *what)
{
    if (!ok)
        std::printf("  (gave up waiting for %s)\n", what);
}

// Records the gaps between ticks of a precise 2 ms timer on the GUI thread.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(2);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_gaps.append((now - m_last) / 1e6);
            m_last = now;
        });
    }
    void start()
    {
        m_gaps.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double percentile(double p) const
    {
        if (m_gaps.isEmpty())
            return 0;
        QList<double> sorted = m_gaps;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(std::min<qsizetype>(sorted.size() - 1, qsizetype(p * sorted.size())));
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    QList<double> m_gaps;
};

QSettings *settingsFor(const QTemporaryDir &dir, const QString &database)
{
    auto *s = new QSettings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    s->setValue(QStringLiteral("server/listen"), QStringList{QStringLiteral("127.0.0.1:0")});
    s->setValue(QStringLiteral("http/enabled"), false);
    s->setValue(QStringLiteral("store/database"), database);
    s->setValue(QStringLiteral("store/fullDurability"), false);
    s->setValue(QStringLiteral("desktop/notifications"), false);
    return s;
}

void flood(const QTemporaryDir &dir, double seconds, int rate)
{
    std::unique_ptr<QSettings> settings(settingsFor(dir, dir.filePath(QStringLiteral("flood.sqlite"))));
    Ui::MainWindow window(settings.get());
    QString error;
    if (!window.startCapture(&error))
        qFatal("%s", qPrintable(error));
    window.resize(1280, 820);
    window.show();
    check(QTest::qWaitForWindowExposed(&window), "the window");
    const quint16 port = window.capture()->addresses().value(0).port;

    // One message selected, so its view stays open while the list grows above it.
    FloodClient warmup(port, 1, 1000, 1);
    QThread warmupThread;
    warmup.moveToThread(&warmupThread);
    warmupThread.start();
    QMetaObject::invokeMethod(&warmup, &FloodClient::start);
    check(waitUntil([&] { return window.messageModel()->rowCount() == 1; }, 5000), "the first message");
    window.messageList()->setCurrentIndex(window.messageModel()->index(0, Ui::MessageListModel::Subject));
    warmupThread.quit();
    warmupThread.wait();

    const int total = int(seconds * rate);
    FloodClient client(port, 8, rate, total);
    QThread thread;
    client.moveToThread(&thread);
    thread.start();
    StallMeter meter;
    meter.start();
    QMetaObject::invokeMethod(&client, &FloodClient::start);
    check(waitUntil([&] { return client.sent() >= total; }, int(seconds * 1000 * 4 + 10000)), "the flood");
    const double sendSeconds = client.elapsedSeconds();
    check(waitUntil([&] { return window.messageModel()->rowCount() >= total + 1; }, 10000), "the last rows");
    meter.stop();
    thread.quit();
    thread.wait();

    std::printf("Flood: %d messages in %.2f s (%.0f messages/s, target %d) with the window open\n", client.sent(),
                sendSeconds, client.sent() / sendSeconds, rate);
    std::printf("  rows in the list: %d (following the newest: %s)\n", window.messageModel()->rowCount(),
                window.messageList()->isAtTop() ? "yes" : "no");
    std::printf("  GUI event loop, gap between 2 ms timer ticks: median %.1f ms, p99 %.1f ms, worst %.1f ms"
                " (target p99 < 50 ms)\n",
                meter.percentile(0.5), meter.percentile(0.99), meter.percentile(1.0));
}

void fill(const QString &path, int count)
{
    const qint64 existing = Store::Reader(path).messageCount();
    if (existing >= count) {
        std::printf("Using %lld stored messages in %s\n", static_cast<long long>(existing), qPrintable(path));
        return;
    }
    Store::Writer writer(path);
    writer.setDurability(Store::Writer::Durability::Normal);
    QString error;
    if (!writer.start(&error))
        qFatal("%s", qPrintable(error));
    QElapsedTimer timer;
    timer.start();
    static const char *const kWords[] = {"invoice", "report", "welcome", "reset", "order", "shipping", "meeting",
                                         "alert", "newsletter", "receipt"};
    for (qint64 i = existing; i < count; ++i) {
        const QByteArray word = kWords[i % 10];
        Records::MessageRecord m = Store::importedMessage("From: Sender " + QByteArray::number(i % 97) + " <sender" + QByteArray::number(i % 97)
            + "@example.com>\r\nTo: user" + QByteArray::number(i % 13) + "@example.org\r\nSubject: " + word + " number "
            + QByteArray::number(i) + "\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\nMessage-ID: <" + QByteArray::number(i)
            + "@bench.example>\r\n\r\nThis is " + word + " body text number " + QByteArray::number(i) + ".\r\n");
        m.envelope.mailFrom = "sender@example.com";
        m.envelope.recipients.append({"user@example.org", {}, {}, {}});
        writer.storeMessage(m);
        if (i % 5000 == 0)
            writer.flush();
    }
    writer.flushIndexed();
    writer.stop();
    std::printf("Stored %lld messages in %.1f s\n", static_cast<long long>(count - existing), timer.elapsed() / 1000.0);
}

// A connection that carried 5,000 messages, then one that carried one: the two newest messages.
Test::LongSession addConnections(const QString &path)
{
    Store::Writer writer(path);
    writer.setDurability(Store::Writer::Durability::Normal);
    QString error;
    if (!writer.start(&error))
        qFatal("%s", qPrintable(error));
    Test::LongSession long5000 = Test::writeLongSession(writer, 5000);
    Test::writeLongSession(writer, 1);
    writer.stop();
    return long5000;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

// Opening the newest message of each connection in turn, until its tabs are filled.
void openInLongConnection(Ui::MainWindow &window, const QString &path, const Test::LongSession &long5000)
{
    QList<double> one, many, oneShown, manyShown;
    QElapsedTimer timer;
    for (int i = 0; i < 5; ++i) {
        for (const int row : {0, 1}) {
            timer.restart();
            QSignalSpy shown(window.messageView(), &Ui::MessageView::messageShown);
            window.messageList()->setCurrentIndex(window.messageModel()->index(row, Ui::MessageListModel::Subject));
            check(shown.wait(5000), "the message view");
            (row == 0 ? oneShown : manyShown).append(timer.nsecsElapsed() / 1e6);
            QApplication::processEvents(); // and painted
            (row == 0 ? one : many).append(timer.nsecsElapsed() / 1e6);
        }
    }
    const Ui::TranscriptModel *shown = window.messageView()->transcriptModel();
    std::printf("  open the newest message of a 5,000-message connection: median %.1f ms (target < 50 ms), %d transcript"
                " rows; of a one-message connection: %.1f ms; ratio %.2f\n",
                median(many), shown->rowCount(), median(one), median(many) / median(one));
    std::printf("    of which until the tabs are filled: %.1f ms against %.1f ms\n", median(manyShown), median(oneShown));

    // What opening it cost when the whole transcript was read and shown.
    timer.restart();
    const QList<Records::TranscriptLine> lines = Store::Reader(path).transcript(long5000.sessionId);
    const double read = timer.nsecsElapsed() / 1e6;
    Ui::TranscriptModel model;
    QTreeView view;
    view.setModel(&model);
    view.resize(800, 400);
    view.show();
    timer.restart();
    model.setSession(Records::SessionRecord{}, lines);
    view.scrollTo(model.index(model.rowOfMessage(long5000.messageIds.last()), 0), QAbstractItemView::PositionAtCenter);
    QApplication::processEvents();
    std::printf("  the whole transcript of that connection (%lld lines): read in %.1f ms, shown in %.1f ms\n",
                static_cast<long long>(lines.size()), read, timer.nsecsElapsed() / 1e6);
    timer.restart();
    const Store::Reader reader(path);
    Store::TranscriptPages pages(reader.connection(), long5000.sessionId);
    const double chain = timer.nsecsElapsed() / 1e6;
    const qint64 line = pages.lineOfMessage(long5000.messageIds.at(1234));
    std::printf("  its chain of %lld chunks walked in %.1f ms; a message in the middle found in %.1f ms (%d chunks decoded)\n",
                static_cast<long long>(pages.chunkCount()), chain, timer.nsecsElapsed() / 1e6 - chain, line ? pages.chunksDecoded() : -1);
}

void openLarge(const QTemporaryDir &dir, const QString &path, int count)
{
    fill(path, count);
    const Test::LongSession long5000 = addConnections(path);
    std::unique_ptr<QSettings> settings(settingsFor(dir, path));
    QElapsedTimer timer;
    timer.start();
    Ui::MainWindow window(settings.get());
    window.resize(1280, 820);
    window.show();
    check(QTest::qWaitForWindowExposed(&window), "the window");
    QApplication::processEvents();
    const double firstRows = timer.nsecsElapsed() / 1e6;
    std::printf("Open %d stored messages: first rows on screen after %.0f ms (target < 1000 ms), %d rows loaded\n",
                count, firstRows, window.messageModel()->rowCount());

    timer.restart();
    QSignalSpy shown(window.messageView(), &Ui::MessageView::messageShown);
    window.messageList()->setCurrentIndex(window.messageModel()->index(0, Ui::MessageListModel::Subject));
    check(shown.wait(5000), "the message view");
    std::printf("  select the newest message until its tabs are filled: %.0f ms\n", timer.nsecsElapsed() / 1e6);

    for (const QString &query : {QStringLiteral("invoice"), QStringLiteral("from:sender42"),
                                 QStringLiteral("subject:\"number 99999\""), QStringLiteral("-newsletter is:unread")}) {
        timer.restart();
        window.messageModel()->setFilter(query);
        std::printf("  search %-26s first page of %d rows in %.0f ms\n", qPrintable(QLatin1Char('"') + query + QLatin1Char('"')),
                    window.messageModel()->rowCount(), timer.nsecsElapsed() / 1e6);
    }
    window.messageModel()->setFilter({});
    timer.restart();
    for (int i = 0; i < 50 && window.messageModel()->canFetchMore({}); ++i)
        window.messageModel()->fetchMore({});
    std::printf("  scroll down 50 pages (keyset, %d rows now): %.0f ms\n", window.messageModel()->rowCount(),
                timer.nsecsElapsed() / 1e6);
    window.messageList()->scrollToTop();
    openInLongConnection(window, path, long5000);
}

} // namespace

int main(int argc, char *argv[])
{
    Ui::PreviewEngine::prepare();
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("seconds"), QStringLiteral("Flood duration."), QStringLiteral("S"), QStringLiteral("10")},
                       {QStringLiteral("rate"), QStringLiteral("Messages per second."), QStringLiteral("N"), QStringLiteral("1000")},
                       {QStringLiteral("stored"), QStringLiteral("Messages to open."), QStringLiteral("N"), QStringLiteral("100000")},
                       {QStringLiteral("db"), QStringLiteral("Reuse this database for part 2."), QStringLiteral("FILE")}});
    parser.addHelpOption();
    parser.process(app);
    QTemporaryDir dir;
    std::printf("Qt platform: %s\n", qPrintable(QGuiApplication::platformName()));
    flood(dir, parser.value(QStringLiteral("seconds")).toDouble(), parser.value(QStringLiteral("rate")).toInt());
    const QString db = parser.isSet(QStringLiteral("db")) ? parser.value(QStringLiteral("db"))
                                                          : dir.filePath(QStringLiteral("large.sqlite"));
    openLarge(dir, db, parser.value(QStringLiteral("stored")).toInt());
    return 0;
}
