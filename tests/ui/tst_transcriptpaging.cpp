#include "longsession.h"
#include "models/transcriptmodel.h"
#include "storefixture.h"
#include "store/reader.h"
#include "views/messageview.h"
#include "views/previewengine.h"
#include "views/transcriptpager.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTreeView>

using Ui::TranscriptModel;
using Ui::TranscriptSlice;
using Gap = Ui::TranscriptModel::Gap;
using K = Records::LineKind;

// A part of a transcript at a time: the model's gaps and how loading fills them, and the
// window's transcript of a message in a connection that carried 5,000.
class TranscriptPagingTest : public QObject
{
    Q_OBJECT

public:
    static void initMain() { Ui::PreviewEngine::prepare(); }

private Q_SLOTS:
    void initTestCase();
    void gapsFillInOrder();
    void messageInALongConnection_data();
    void messageInALongConnection();
    void loadingMoreExtendsInOrder();
    void liveLinesWaitForLaterLines();
    void sessionShowsItsStartAndEnd();

private:
    static QString text(const QAbstractItemModel &model, int row)
    {
        return model.data(model.index(row, TranscriptModel::Line), Qt::DisplayRole).toString();
    }
    static QList<qint64> lineIds(const TranscriptModel &model)
    {
        QList<qint64> out;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.gapAt(row) == Gap::None)
                out.append(model.at(row).id);
        }
        return out;
    }
    void show(Ui::MessageView &view, qint64 messageId);

    StoreFixture m_store;
    Test::LongSession m_long;
    QList<Records::TranscriptLine> m_whole;
};

void TranscriptPagingTest::initTestCase()
{
    m_long = Test::writeLongSession(m_store.writer(), 5000);
    QCOMPARE(m_long.messageIds.size(), 5000);
    m_whole = Store::Reader(m_store.path()).transcript(m_long.sessionId);
}

void TranscriptPagingTest::gapsFillInOrder()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Records::SessionRecord s;
    s.id = 7;
    const auto line = [](qint64 id, K kind, const QByteArray &data, qint64 message = 0) {
        return Records::TranscriptLine{0, 7, id, id * 1000, kind, data, message};
    };
    TranscriptSlice slice;
    slice.opening = {line(1, K::Reply, "220 hi\r\n"), line(2, K::Command, "EHLO x\r\n"), line(3, K::Reply, "250 hi\r\n")};
    slice.lines = {line(100, K::Reply, "250 queued as 0\r\n"), line(101, K::Command, "MAIL FROM:<a@x>\r\n"),
                   line(102, K::Reply, "250 ok\r\n"), line(103, K::Command, "RCPT TO:<b@y>\r\n"),
                   line(104, K::Reply, "250 ok\r\n"), line(105, K::Command, "DATA\r\n"),
                   line(106, K::Reply, "354 go\r\n"), line(107, K::DataSummary, "Message data", 42),
                   line(108, K::Reply, "250 queued as 1\r\n"), line(109, K::Command, "MAIL FROM:<a@x>\r\n")};
    slice.moreBefore = slice.moreAfter = true;
    model.setSession(s, slice);
    model.setSelectedMessage(42);
    QCOMPARE(model.rowCount(), 15);
    QCOMPARE(model.rowOfGap(Gap::Earlier), 3);
    QCOMPARE(model.rowOfGap(Gap::Later), 14);
    QCOMPARE(model.data(model.index(3, 0), TranscriptModel::GapRole).toInt(), int(Gap::Earlier));
    QVERIFY(text(model, 3).startsWith(QLatin1String("Earlier lines")));
    QCOMPARE(model.lineIdBefore(Gap::Earlier), 3);
    QCOMPARE(model.lineIdAfter(Gap::Earlier), 100);
    QCOMPARE(model.lineIdBefore(Gap::Later), 109);
    // The selected message's lines: its MAIL to the reply to its data, not the context.
    const auto selected = [&model] {
        QList<int> rows;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.data(model.index(row, 0), TranscriptModel::SelectedRole).toBool())
                rows.append(row);
        }
        return rows;
    };
    QCOMPARE(selected(), QList<int>({5, 6, 7, 8, 9, 10, 11, 12}));
    QVERIFY(model.data(model.index(5, TranscriptModel::Line), Qt::BackgroundRole).isValid());
    QVERIFY(!model.data(model.index(4, TranscriptModel::Line), Qt::BackgroundRole).isValid());

    // Earlier lines go below the gap's row, which stays while more lie before them.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    TranscriptSlice earlier;
    earlier.lines = {line(50, K::Command, "NOOP\r\n"), line(51, K::Reply, "250 ok\r\n")};
    earlier.moreBefore = true;
    model.insertEarlier(earlier);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 4);
    QCOMPARE(inserted.first().at(2).toInt(), 5);
    QCOMPARE(model.rowOfGap(Gap::Earlier), 3);
    QCOMPARE(text(model, 4), QStringLiteral("NOOP"));
    QCOMPARE(selected(), QList<int>({7, 8, 9, 10, 11, 12, 13, 14}));
    // The last of them: lines already shown are not shown twice, and the gap goes.
    earlier.lines = {line(3, K::Reply, "250 hi\r\n"), line(4, K::Command, "RSET\r\n"), line(50, K::Command, "NOOP\r\n")};
    earlier.moreBefore = false;
    model.insertEarlier(earlier);
    QCOMPARE(model.rowOfGap(Gap::Earlier), -1);
    QCOMPARE(lineIds(model), QList<qint64>({1, 2, 3, 4, 50, 51, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109}));
    QCOMPARE(selected(), QList<int>({7, 8, 9, 10, 11, 12, 13, 14}));

    // Live lines wait while later lines are not loaded; loading them brings them.
    model.append({line(200, K::Command, "QUIT\r\n")});
    QCOMPARE(model.rowCount(), 17);
    TranscriptSlice later;
    later.lines = {line(110, K::Reply, "250 ok\r\n"), line(200, K::Command, "QUIT\r\n")};
    model.insertLater(later);
    QCOMPARE(model.rowOfGap(Gap::Later), -1);
    QCOMPARE(model.rowCount(), 18);
    QCOMPARE(text(model, 17), QStringLiteral("QUIT"));
    model.append({line(200, K::Command, "QUIT\r\n"), line(201, K::Reply, "221 bye\r\n")});
    QCOMPARE(model.rowCount(), 19);
    QCOMPARE(text(model, 18), QStringLiteral("221 bye"));
    model.setSelectedMessage(0);
    QVERIFY(selected().isEmpty());
}

void TranscriptPagingTest::show(Ui::MessageView &view, qint64 messageId)
{
    QSignalSpy shown(&view, &Ui::MessageView::messageShown);
    view.showMessage(messageId);
    QVERIFY(shown.wait(10000));
}

void TranscriptPagingTest::messageInALongConnection_data()
{
    QTest::addColumn<int>("number");
    QTest::newRow("first") << 0;
    QTest::newRow("middle") << 2345;
    QTest::newRow("newest") << 4999;
}

// The transcript of a message shows the session's opening and that message's lines, not the
// 40,000 lines of the connection.
void TranscriptPagingTest::messageInALongConnection()
{
    QFETCH(int, number);
    Ui::MessageView view;
    view.setDatabase(m_store.path());
    show(view, m_long.messageIds.at(number));
    TranscriptModel *model = view.transcriptModel();
    QVERIFY(model->rowCount() < 30);
    QCOMPARE(text(*model, 0), QStringLiteral("220 mailscope.test ESMTP"));
    QCOMPARE(text(*model, 4), QStringLiteral("250 8BITMIME"));
    int first = -1, last = -1;
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->data(model->index(row, 0), TranscriptModel::SelectedRole).toBool()) {
            first = first < 0 ? row : first;
            last = row;
        }
    }
    QCOMPARE(text(*model, first), QStringLiteral("MAIL FROM:<bulk@example.com>"));
    QCOMPARE(text(*model, last), QStringLiteral("250 2.0.0 Ok: queued as %1").arg(number));
    QCOMPARE(last - first, 7); // its eight lines
    QCOMPARE(model->data(model->index(last - 1, 0), TranscriptModel::MessageIdRole).toLongLong(), m_long.messageIds.at(number));
    QCOMPARE(view.transcriptView()->currentIndex().row(), last - 1); // the line that stands for its data
    if (number > 0) {
        QCOMPARE(model->rowOfGap(Gap::Earlier), 5);
        QCOMPARE(text(*model, first - 1), QStringLiteral("250 2.0.0 Ok: queued as %1").arg(number - 1)); // context
    }
    if (number == 4999) { // the few lines after it end the transcript: shown with it
        QVERIFY(!model->hasGap(Gap::Later));
        QCOMPARE(text(*model, model->rowCount() - 1), QStringLiteral("221 2.0.0 Bye"));
    } else {
        QVERIFY(model->hasGap(Gap::Later));
        QCOMPARE(text(*model, model->rowCount() - 2), QStringLiteral("MAIL FROM:<bulk@example.com>")); // context
    }
    // The shown lines are the connection's, in its order.
    const QList<qint64> ids = lineIds(*model);
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
}

// Each "more" adds a page next to the lines shown, in the connection's order, until the gap closes.
void TranscriptPagingTest::loadingMoreExtendsInOrder()
{
    Ui::MessageView view;
    view.resize(900, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setDatabase(m_store.path());
    show(view, m_long.messageIds.at(2345));
    view.tabs()->setCurrentIndex(Ui::MessageView::TranscriptTab);
    TranscriptModel *model = view.transcriptModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Ui::TranscriptPager *pager = view.transcriptPager();
    QSignalSpy loaded(pager, &Ui::TranscriptPager::partLoaded);
    const auto indexOf = [this](qint64 id) {
        return std::find_if(m_whole.cbegin(), m_whole.cend(), [id](const auto &l) { return l.id == id; }) - m_whole.cbegin();
    };

    // Later: the page after the last line shown, below it.
    const qint64 lastShown = model->lineIdBefore(Gap::Later);
    const int before = model->lineCount();
    view.transcriptView()->findChild<QAction *>(QStringLiteral("laterLinesAction"))->trigger();
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->lineCount(), before + TranscriptSlice::kPage);
    QCOMPARE(lineIds(*model).last(), m_whole.at(indexOf(lastShown) + TranscriptSlice::kPage).id);
    QVERIFY(model->hasGap(Gap::Later));

    // Earlier: exactly the page before the first line shown, in order, under the opening.
    const qint64 firstShown = model->lineIdAfter(Gap::Earlier);
    auto *earlier = view.transcriptView()->findChild<QAction *>(QStringLiteral("earlierLinesAction"));
    QVERIFY(earlier && earlier->isEnabled());
    QTreeView *lines = view.transcriptView();
    const int y = lines->visualRect(model->index(model->rowOfLineId(firstShown), 0)).top();
    earlier->trigger();
    QVERIFY(loaded.wait(10000));
    QCOMPARE(model->lineCount(), before + 2 * TranscriptSlice::kPage);
    QVERIFY(model->hasGap(Gap::Earlier));
    QList<qint64> expected;
    for (const Records::TranscriptLine &l : m_whole.mid(indexOf(firstShown) - TranscriptSlice::kPage, TranscriptSlice::kPage))
        expected.append(l.id);
    QCOMPARE(lineIds(*model).mid(5, TranscriptSlice::kPage), expected);
    // What was read stays where it was on screen; the new lines are above it.
    QCOMPARE(lines->visualRect(model->index(model->rowOfLineId(firstShown), 0)).top(), y);
    const QList<qint64> ids = lineIds(*model);
    QVERIFY(std::is_sorted(ids.cbegin(), ids.cend()));
    QCOMPARE(model->rowOfMessage(m_long.messageIds.at(2345)) >= 0, true);
}

// Live lines that arrive while the later lines are read follow them once they land.
void TranscriptPagingTest::liveLinesWaitForLaterLines()
{
    Ui::MessageView view;
    view.setDatabase(m_store.path());
    show(view, m_long.messageIds.at(4990)); // about 80 lines before the connection's end
    TranscriptModel *model = view.transcriptModel();
    QVERIFY(model->hasGap(Gap::Later));
    QSignalSpy loaded(view.transcriptPager(), &Ui::TranscriptPager::partLoaded);
    view.transcriptView()->findChild<QAction *>(QStringLiteral("laterLinesAction"))->trigger();
    Records::TranscriptLine live = m_whole.last(); // already read by the load: not shown twice
    view.appendTranscript({live});
    live.id += 1;
    live.data = "NOOP\r\n";
    live.kind = K::Command;
    view.appendTranscript({live});
    QVERIFY(view.transcriptPager()->isLoading());
    QVERIFY(loaded.wait(10000));
    QVERIFY(!model->hasGap(Gap::Later));
    QCOMPARE(model->at(model->rowCount() - 2).id, m_whole.last().id);
    QCOMPARE(text(*model, model->rowCount() - 1), QStringLiteral("NOOP"));
    const QList<qint64> ids = lineIds(*model);
    QVERIFY(std::adjacent_find(ids.cbegin(), ids.cend(), std::greater_equal<qint64>()) == ids.cend());
}

// A session's transcript: its first page and its last, with a gap between.
void TranscriptPagingTest::sessionShowsItsStartAndEnd()
{
    Ui::MessageView view;
    view.setDatabase(m_store.path());
    QSignalSpy shown(&view, &Ui::MessageView::sessionShown);
    view.showSession(m_long.sessionId);
    QVERIFY(shown.wait(10000));
    TranscriptModel *model = view.transcriptModel();
    QCOMPARE(model->lineCount(), 2 * TranscriptSlice::kPage);
    QCOMPARE(model->rowOfGap(Gap::Earlier), TranscriptSlice::kPage);
    QVERIFY(!model->hasGap(Gap::Later));
    QCOMPARE(text(*model, 0), QStringLiteral("220 mailscope.test ESMTP"));
    QCOMPARE(text(*model, model->rowCount() - 1), QStringLiteral("221 2.0.0 Bye"));
    QCOMPARE(model->at(model->rowCount() - 1).id, m_whole.last().id);
}

QTEST_MAIN(TranscriptPagingTest)
#include "tst_transcriptpaging.moc"
