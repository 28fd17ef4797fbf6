#include "compatibilitypane.h"

#include "messageloader.h"
#include "models/compatibilitymodel.h"

#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <optional>

namespace Ui {

namespace {

using Report = std::optional<HtmlCheck::CompatibilityReport>;

QString percent(double value)
{
    return QString::number(value, 'f', 0) + QLatin1Char('%');
}

// Per platform: the share of the found features' client results that are supported.
QString platformLine(const HtmlCheck::CompatibilityReport &report)
{
    const HtmlCheck::CanIEmail &data = HtmlCheck::CanIEmail::data();
    QStringList parts;
    for (const HtmlCheck::PlatformTotal &t : HtmlCheck::platformTotals(report)) {
        const int all = t.yes + t.partial + t.no;
        if (all == 0)
            continue;
        parts.append(QStringLiteral("<b>%1</b> %2 <span style='color:#a60'>%3</span> <span style='color:#b22'>%4</span>")
                         .arg(data.platformName(t.platform).toHtmlEscaped(), percent(100.0 * t.yes / all),
                              percent(100.0 * t.partial / all), percent(100.0 * t.no / all)));
    }
    return parts.join(QStringLiteral(" &nbsp; "));
}

QString supportCell(int count, const char *colour)
{
    return count ? QStringLiteral("<td style='color:%1' align='right'>%2</td>").arg(QLatin1String(colour)).arg(count)
                 : QStringLiteral("<td></td>");
}

// The feature's description, support per client family (versions supported, partly, not)
// and its notes.
QString detailsHtml(const HtmlCheck::Feature &f)
{
    const HtmlCheck::CanIEmail &data = HtmlCheck::CanIEmail::data();
    QString html = QStringLiteral("<h3>%1</h3>").arg(f.title.toHtmlEscaped());
    if (!f.description.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(f.description.toHtmlEscaped());
    struct Counts
    {
        int yes = 0, partial = 0, no = 0;
        QStringList notes;
    };
    QMap<QString, Counts> families;
    for (const HtmlCheck::ClientSupport &r : f.results) {
        Counts &c = families[data.familyName(r.family)];
        switch (r.support) {
        case HtmlCheck::Support::Yes: ++c.yes; break;
        case HtmlCheck::Support::Partial: ++c.partial; break;
        case HtmlCheck::Support::No: ++c.no; break;
        }
        if (!r.noteNumber.isEmpty() && !c.notes.contains(r.noteNumber))
            c.notes.append(r.noteNumber);
    }
    if (!families.isEmpty()) {
        html += QStringLiteral("<table cellspacing='0' cellpadding='2'><tr><th align='left'>%1</th><th>%2</th><th>%3</th>"
                               "<th>%4</th><th>%5</th></tr>")
                    .arg(QObject::tr("Client"), QObject::tr("Full"), QObject::tr("Partial"), QObject::tr("None"),
                         QObject::tr("Notes"));
        for (auto it = families.cbegin(); it != families.cend(); ++it) {
            html += QStringLiteral("<tr><td>%1</td>").arg(it.key().toHtmlEscaped()) + supportCell(it->yes, "#1a7f37")
                    + supportCell(it->partial, "#a60") + supportCell(it->no, "#b22")
                    + QStringLiteral("<td>%1</td></tr>").arg(it->notes.join(QStringLiteral(", ")));
        }
        html += QStringLiteral("</table>");
    }
    for (auto it = f.notesByNumber.cbegin(); it != f.notesByNumber.cend(); ++it)
        html += QStringLiteral("<p><b>%1.</b> %2</p>").arg(it.key(), it.value().toHtmlEscaped());
    if (!f.url.isEmpty())
        html += QStringLiteral("<p><a href='%1'>%1</a></p>").arg(f.url.toHtmlEscaped());
    return html;
}

} // namespace

CompatibilityPane::CompatibilityPane(QWidget *parent)
    : QWidget(parent), m_model(new CompatibilityModel(this)), m_summary(new QLabel(this)), m_platforms(new QLabel(this)),
      m_view(new QTreeView(this)), m_details(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("compatibilityPane"));
    m_summary->setObjectName(QStringLiteral("compatibilitySummary"));
    m_summary->setWordWrap(true);
    m_platforms->setWordWrap(true);
    m_platforms->setTextFormat(Qt::RichText);
    m_view->setObjectName(QStringLiteral("compatibilityView"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(CompatibilityModel::Feature, QHeaderView::Stretch);
    m_details->setObjectName(QStringLiteral("compatibilityDetails"));
    m_details->setOpenExternalLinks(true);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        showDetails(current);
        const qint64 begin = current.data(CompatibilityModel::RangeBeginRole).toLongLong();
        const qint64 end = current.data(CompatibilityModel::RangeEndRole).toLongLong();
        if (current.isValid() && begin >= 0)
            Q_EMIT rangeSelected(begin, end);
    });

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_platforms);
    layout->addWidget(splitter, 1);
    clear();
}

CompatibilityPane::~CompatibilityPane()
{
    ++m_generation;
}

void CompatibilityPane::clear()
{
    ++m_generation;
    m_model->clear();
    m_summary->setText(tr("No HTML part."));
    m_platforms->clear();
    m_details->clear();
}

void CompatibilityPane::show(const std::shared_ptr<const LoadedMessage> &message)
{
    clear();
    if (!message)
        return;
    m_summary->setText(tr("Checking the HTML…"));
    const quint64 generation = m_generation;
    auto *watcher = new QFutureWatcher<Report>(this);
    connect(watcher, &QFutureWatcher<Report>::finished, this, [this, watcher, generation, message] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        const Report report = watcher->result();
        if (!report) {
            m_summary->setText(tr("No HTML part."));
            Q_EMIT checked();
            return;
        }
        m_model->setReport(*report, message->raw);
        m_summary->setText(tr("%n feature(s) of %1 tested, in %2 elements of part %3. Overall: supported %4, partial %5, "
                              "unsupported %6 (Can I Email %7).", nullptr, int(report->findings.size()))
                               .arg(report->tests)
                               .arg(report->nodes)
                               .arg(report->partPath, percent(report->supported), percent(report->partial),
                                    percent(report->unsupported), HtmlCheck::CanIEmail::data().packageVersion()));
        m_platforms->setText(platformLine(*report));
        showDetails(m_model->index(0, 0)); // the worst feature, without selecting (which would highlight)
        Q_EMIT checked();
    });
    watcher->setFuture(QtConcurrent::run([message] { return HtmlCheck::checkMessage(message->raw, message->parsed); }));
}

void CompatibilityPane::showDetails(const QModelIndex &index)
{
    const HtmlCheck::Finding *f = m_model->findingAt(index);
    m_details->setHtml(f ? detailsHtml(*f->feature) : QString());
}

} // namespace Ui
