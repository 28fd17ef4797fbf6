#include "messageview.h"

#include "compatibilitypane.h"
#include "headerspane.h"
#include "linkspane.h"
#include "messageloader.h"
#include "models/lintmodel.h"
#include "models/transcriptmodel.h"
#include "partspane.h"
#include "previewpane.h"
#include "rawbytesview.h"
#include "rawpane.h"
#include "transcriptpager.h"

#include <QAction>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Ui {

namespace {

QTreeView *listView(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *view = new QTreeView(parent);
    view->setObjectName(name);
    view->setModel(model);
    view->setRootIsDecorated(false);
    view->setUniformRowHeights(true);
    view->setAllColumnsShowFocus(true);
    view->setWordWrap(false);
    return view;
}

} // namespace

MessageView::MessageView(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_loading(new QLabel(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_tabs(new QTabWidget(this)),
      m_preview(new PreviewPane(this)), m_headers(new HeadersPane(this)), m_parts(new PartsPane(this)),
      m_transcript(new TranscriptModel(this)), m_transcriptView(listView(m_transcript, QStringLiteral("transcriptView"), this)),
      m_pager(new TranscriptPager(m_transcriptView, m_transcript, this)),
      m_lint(new LintModel(this)), m_lintView(listView(m_lint, QStringLiteral("lintView"), this)), m_raw(new RawPane(this))
{
    m_tabs->setObjectName(QStringLiteral("messageTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_preview, tr("&Preview"));
    m_tabs->addTab(m_headers, tr("&Headers"));
    m_tabs->addTab(m_parts, tr("P&arts"));
    m_tabs->addTab(m_transcriptView, tr("&Transcript"));
    m_tabs->addTab(m_lintView, tr("&Lint"));
    m_compatibility = new CompatibilityPane(this);
    m_links = new LinksPane(this);
    m_tabs->addTab(m_compatibility, tr("Co&mpatibility"));
    m_tabs->addTab(m_links, tr("Lin&ks"));
    const auto goTo = [this](qint64 begin, qint64 end) {
        highlight(begin, end);
        rawView()->goToOffset(begin);
    };
    connect(m_compatibility, &CompatibilityPane::rangeSelected, this, goTo);
    connect(m_links, &LinksPane::rangeSelected, this, goTo);

    m_transcriptView->setColumnWidth(TranscriptModel::Time, 80);
    m_transcriptView->setColumnWidth(TranscriptModel::Who, 36);
    m_transcriptView->setColumnWidth(TranscriptModel::Line, 420);
    m_transcriptView->setToolTip(tr("Hover a command or reply for its meaning; double-click a data line to open "
                                    "the message it stored; click a row of hidden lines to show them."));
    connect(m_transcriptView, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 id = index.data(TranscriptModel::MessageIdRole).toLongLong();
        if (id > 0 && id != messageId())
            Q_EMIT messageRequested(id);
    });
    // AUTH lines show their mask; one recorded with --record-passwords shows its password only
    // when the user asks, line by line.
    auto *reveal = new QAction(tr("&Reveal Password"), m_transcriptView);
    reveal->setObjectName(QStringLiteral("revealPasswordAction"));
    reveal->setEnabled(false);
    m_transcriptView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_transcriptView->addAction(reveal);
    // A long connection shows the lines of the message and the session's opening; more on request.
    auto *earlier = new QAction(tr("Show &Earlier Lines"), m_transcriptView);
    earlier->setObjectName(QStringLiteral("earlierLinesAction"));
    auto *later = new QAction(tr("Show &Later Lines"), m_transcriptView);
    later->setObjectName(QStringLiteral("laterLinesAction"));
    m_transcriptView->addActions({earlier, later});
    connect(earlier, &QAction::triggered, m_pager, [this] { m_pager->loadMore(TranscriptModel::Gap::Earlier); });
    connect(later, &QAction::triggered, m_pager, [this] { m_pager->loadMore(TranscriptModel::Gap::Later); });
    const auto enableMore = [this, earlier, later] {
        earlier->setEnabled(m_transcript->hasGap(TranscriptModel::Gap::Earlier));
        later->setEnabled(m_transcript->hasGap(TranscriptModel::Gap::Later));
        updateTabTitles();
    };
    connect(m_transcript, &QAbstractItemModel::modelReset, this, enableMore);
    connect(m_transcript, &QAbstractItemModel::rowsInserted, this, enableMore);
    connect(m_transcript, &QAbstractItemModel::rowsRemoved, this, enableMore);
    connect(m_transcriptView->selectionModel(), &QItemSelectionModel::currentChanged, reveal,
            [reveal](const QModelIndex &current) {
                reveal->setEnabled(current.data(TranscriptModel::RevealableRole).toBool());
            });
    connect(m_transcript, &QAbstractItemModel::modelReset, reveal, [reveal] { reveal->setEnabled(false); });
    connect(reveal, &QAction::triggered, this, [this, reveal] {
        if (m_transcript->reveal(m_transcriptView->currentIndex().row()))
            reveal->setEnabled(false);
    });
    m_lintView->setColumnWidth(LintModel::Severity, 80);
    m_lintView->setColumnWidth(LintModel::Code, 200);
    m_lintView->setColumnWidth(LintModel::Message, 420);
    connect(m_lintView, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 offset = index.data(LintModel::OffsetRole).toLongLong();
        if (offset < 0 || !m_message)
            return;
        // The whole line the finding is on, so it can be seen at a glance.
        const qsizetype eol = m_message->raw.indexOf('\n', offset);
        highlight(offset, eol < 0 ? m_message->raw.size() : eol + 1);
        rawView()->goToOffset(offset);
    });
    connect(m_headers, &HeadersPane::rangeSelected, this, &MessageView::highlight);
    connect(m_parts, &PartsPane::rangeSelected, this, &MessageView::highlight);
    connect(m_preview, &PreviewPane::linkActivated, this, &MessageView::linkActivated);

    m_splitter->setObjectName(QStringLiteral("messageSplitter"));
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_raw);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_loading->setObjectName(QStringLiteral("messageLoading"));
    m_loading->setAlignment(Qt::AlignCenter);
    m_loading->setEnabled(false);
    m_stack->addWidget(m_splitter);
    m_stack->addWidget(m_loading);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_stack);
    m_loadingDelay.setSingleShot(true);
    m_loadingDelay.setInterval(150); // a quick load goes straight from one message to the next
    connect(&m_loadingDelay, &QTimer::timeout, this, &MessageView::showLoading);
    updateTabTitles();
}

MessageView::~MessageView()
{
    ++m_generation; // results still on their way are dropped
}

RawBytesView *MessageView::rawView() const
{
    return m_raw->view();
}

void MessageView::setDatabase(const QString &path)
{
    m_databasePath = path;
    m_pager->setDatabase(path);
    clear();
}

qint64 MessageView::messageId() const
{
    return m_message ? m_message->id : 0;
}

qint64 MessageView::sessionId() const
{
    return m_transcript->sessionId();
}

bool MessageView::isLoading() const
{
    return m_stack->currentWidget() == m_loading;
}

void MessageView::clearPanes()
{
    m_loadingDelay.stop();
    m_stack->setCurrentWidget(m_splitter);
    m_message.reset();
    m_preview->clear();
    m_headers->clear();
    m_parts->clear();
    m_lint->setDiagnostics({}, {});
    m_compatibility->clear();
    m_links->clear();
    rawView()->clear();
}

void MessageView::clear()
{
    ++m_generation;
    m_pendingSession = 0;
    m_pendingLines.clear();
    clearPanes();
    m_transcript->clear();
    updateTabTitles();
}

void MessageView::showLoading()
{
    clearPanes();
    m_transcript->clear(); // the message's session is not known yet
    updateTabTitles();
    m_loading->setText(tr("Loading message…"));
    m_stack->setCurrentWidget(m_loading);
}

void MessageView::showMessage(qint64 id)
{
    const quint64 generation = ++m_generation;
    m_pendingLines.clear();
    m_pendingSession = -1; // unknown until loaded: keep every live line meanwhile
    if (m_loadingDelay.interval() == 0)
        showLoading();
    else
        m_loadingDelay.start();
    auto *watcher = new QFutureWatcher<LoadedMessage>(this);
    connect(watcher, &QFutureWatcher<LoadedMessage>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == m_generation)
            display(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(&loadMessage, m_databasePath, id));
}

void MessageView::showSession(qint64 id)
{
    const quint64 generation = ++m_generation;
    clearPanes();
    m_pendingLines.clear();
    m_pendingSession = id;
    auto *watcher = new QFutureWatcher<LoadedSession>(this);
    connect(watcher, &QFutureWatcher<LoadedSession>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const LoadedSession loaded = watcher->result();
        m_transcript->setSession(loaded.session, loaded.transcript);
        m_transcript->append(std::exchange(m_pendingLines, {}));
        m_pendingSession = 0;
        m_transcriptView->scrollToTop();
        m_tabs->setCurrentIndex(TranscriptTab);
        updateTabTitles();
        Q_EMIT sessionShown(loaded.id);
    });
    watcher->setFuture(QtConcurrent::run(&loadSession, m_databasePath, id));
}

void MessageView::display(const LoadedMessage &loaded)
{
    m_loadingDelay.stop();
    m_stack->setCurrentWidget(m_splitter);
    auto message = std::make_shared<const LoadedMessage>(loaded);
    m_message = message->found ? message : nullptr;
    if (!message->found) {
        clear();
        Q_EMIT messageShown(loaded.id);
        return;
    }
    rawView()->setData(message->raw, message->lineStarts);
    m_preview->show(message);
    m_headers->show(*message);
    m_parts->show(message);
    m_lint->setDiagnostics(message->parsed.diagnostics, message->defects);
    m_compatibility->show(message);
    m_links->show(message);
    if (message->session) {
        m_transcript->setSession(*message->session, message->transcript);
        m_transcript->setSelectedMessage(message->id);
        m_transcript->append(std::exchange(m_pendingLines, {}));
        const int row = m_transcript->rowOfMessage(message->id);
        if (row >= 0) {
            m_transcriptView->setCurrentIndex(m_transcript->index(row, 0));
            m_transcriptView->scrollTo(m_transcript->index(row, 0), QAbstractItemView::PositionAtCenter);
        }
    } else {
        m_transcript->clear();
    }
    m_pendingSession = 0;
    m_pendingLines.clear();
    updateTabTitles();
    Q_EMIT messageShown(message->id);
}

void MessageView::appendTranscript(const QList<Records::TranscriptLine> &lines)
{
    if (m_pendingSession != 0) {
        m_pendingLines += lines; // applied once the load lands; duplicates are filtered by id
        return;
    }
    QScrollBar *bar = m_transcriptView->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    const int before = m_transcript->rowCount();
    m_pager->append(lines);
    if (m_transcript->rowCount() == before)
        return;
    if (atEnd)
        m_transcriptView->scrollToBottom();
    updateTabTitles();
}

void MessageView::highlight(qint64 begin, qint64 end)
{
    if (begin >= 0 && end >= begin)
        rawView()->setHighlight({begin, end});
}

void MessageView::updateTabTitles()
{
    const int parts = m_message ? int(m_message->parsed.leaves().size()) : 0;
    m_tabs->setTabText(PartsTab, parts ? tr("P&arts (%1)").arg(parts) : tr("P&arts"));
    const int problems = m_lint->problemCount();
    m_tabs->setTabText(LintTab, problems ? tr("&Lint (%1)").arg(problems) : tr("&Lint"));
    const int lines = m_transcript->lineCount();
    const bool more = m_transcript->hasGap(TranscriptModel::Gap::Earlier) || m_transcript->hasGap(TranscriptModel::Gap::Later);
    m_tabs->setTabText(TranscriptTab, !lines ? tr("&Transcript")
                                      : more ? tr("&Transcript (%1 shown)").arg(lines)
                                             : tr("&Transcript (%1)").arg(lines));
}

} // namespace Ui
