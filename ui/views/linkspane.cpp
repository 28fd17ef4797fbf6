#include "linkspane.h"

#include "htmlcheck/linkchecker.h"
#include "messageloader.h"
#include "models/linksmodel.h"

#include <QCheckBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Ui {

namespace {

QString unsubscribeText(const HtmlCheck::LinksReport &report)
{
    if (report.unsubscribe.isEmpty()) {
        const bool listed = std::any_of(report.links.cbegin(), report.links.cend(), [](const HtmlCheck::Link &l) {
            return l.source == HtmlCheck::LinkSource::ListUnsubscribe;
        });
        if (!listed)
            return QObject::tr("No List-Unsubscribe header.");
        return report.oneClick ? QObject::tr("List-Unsubscribe: well formed, with one-click unsubscribe (RFC 8058).")
                               : QObject::tr("List-Unsubscribe: well formed (no one-click List-Unsubscribe-Post).");
    }
    QStringList lines;
    for (const HtmlCheck::UnsubscribeFinding &f : report.unsubscribe)
        lines.append(QStringLiteral("<span style='color:#b22'>&#9888;</span> ") + HtmlCheck::describe(f).toHtmlEscaped());
    return lines.join(QStringLiteral("<br>"));
}

} // namespace

LinksPane::LinksPane(QWidget *parent)
    : QWidget(parent), m_model(new LinksModel(this)), m_view(new QTreeView(this)),
      m_check(new QPushButton(tr("&Check links"), this)), m_follow(new QCheckBox(tr("&Follow redirects"), this)),
      m_status(new QLabel(this)), m_unsubscribe(new QLabel(this))
{
    setObjectName(QStringLiteral("linksPane"));
    m_view->setObjectName(QStringLiteral("linksView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(LinksModel::Url, QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(LinksModel::Where, QHeaderView::ResizeToContents);
    m_view->setColumnWidth(LinksModel::Status, 200);
    m_check->setObjectName(QStringLiteral("checkLinksButton"));
    m_check->setToolTip(tr("Ask every http(s) link once (HEAD, then GET if refused), 5 at a time. Nothing is "
                           "fetched until you press this."));
    m_follow->setChecked(true);
    m_unsubscribe->setObjectName(QStringLiteral("unsubscribeStatus"));
    m_unsubscribe->setTextFormat(Qt::RichText);
    m_unsubscribe->setWordWrap(true);

    connect(m_check, &QPushButton::clicked, this, &LinksPane::checkLinks);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        const qint64 begin = current.data(LinksModel::RangeBeginRole).toLongLong();
        if (current.isValid() && begin >= 0)
            Q_EMIT rangeSelected(begin, current.data(LinksModel::RangeEndRole).toLongLong());
    });

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_check);
    bar->addWidget(m_follow);
    bar->addWidget(m_status, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(bar);
    layout->addWidget(m_unsubscribe);
    layout->addWidget(m_view, 1);
    clear();
}

LinksPane::~LinksPane()
{
    ++m_generation;
}

void LinksPane::stopCheck()
{
    if (m_checker) {
        m_checker->disconnect(this);
        m_checker->deleteLater();
        m_checker = nullptr;
    }
}

void LinksPane::clear()
{
    ++m_generation;
    stopCheck();
    m_model->clear();
    m_check->setEnabled(false);
    m_status->clear();
    m_unsubscribe->clear();
}

void LinksPane::show(const std::shared_ptr<const LoadedMessage> &message)
{
    clear();
    if (!message)
        return;
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<HtmlCheck::LinksReport>(this);
    connect(watcher, &QFutureWatcher<HtmlCheck::LinksReport>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const HtmlCheck::LinksReport report = watcher->result();
        m_model->setLinks(report);
        const int checkable = int(HtmlCheck::httpUrls(report).size());
        m_check->setEnabled(checkable > 0);
        m_status->setText(tr("%n link(s), %1 to check over HTTP.", nullptr, int(report.links.size())).arg(checkable));
        m_unsubscribe->setText(unsubscribeText(report));
        Q_EMIT linksListed();
    });
    watcher->setFuture(QtConcurrent::run([message] { return HtmlCheck::collectLinks(message->raw, message->parsed); }));
}

void LinksPane::checkLinks()
{
    stopCheck();
    const QStringList urls = HtmlCheck::httpUrls(m_model->report());
    if (urls.isEmpty())
        return;
    HtmlCheck::LinkCheckOptions options;
    options.followRedirects = m_follow->isChecked();
    options.timeoutMs = m_timeoutMs;
    m_checker = new HtmlCheck::LinkChecker(urls, options, this);
    m_model->setPending(urls);
    m_check->setEnabled(false);
    m_status->setText(tr("Checking %n link(s)…", nullptr, int(urls.size())));
    connect(m_checker, &HtmlCheck::LinkChecker::linkChecked, this,
            [this](int, const HtmlCheck::LinkStatus &status) { m_model->setStatus(status); });
    connect(m_checker, &HtmlCheck::LinkChecker::finished, this, [this] {
        const int errors = m_checker->errors();
        m_status->setText(tr("%n link(s) checked, %1 with errors.", nullptr, int(m_checker->results().size())).arg(errors));
        m_check->setEnabled(true);
        Q_EMIT checkFinished();
    });
    m_checker->start();
}

} // namespace Ui
