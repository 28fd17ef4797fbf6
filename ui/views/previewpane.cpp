#include "previewpane.h"

#include "counted.h"
#include "messageloader.h"
#include "previewbrowser.h"
#include "widgets/infobar.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

const Mime::Part *firstLeaf(const Mime::ParsedMessage &parsed, const QString &type)
{
    for (const Mime::Part *part : parsed.leaves()) {
        if (part->contentType == type && !part->isAttachment)
            return part;
    }
    return nullptr;
}

QString normalisedCid(QString id)
{
    id = id.trimmed();
    if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
        id = id.mid(1, id.size() - 2);
    return id;
}

} // namespace

PreviewPane::PreviewPane(QWidget *parent)
    : QWidget(parent), m_remoteBar(new InfoBar(this)), m_html(new QToolButton(this)), m_plain(new QToolButton(this)),
      m_browser(new PreviewBrowser(this))
{
    m_browser->setObjectName(QStringLiteral("previewBrowser"));
    QPushButton *allow = m_remoteBar->addButton(tr("Load remote content"));
    allow->setToolTip(tr("Fetch the remote images and styles of this message only. The sender learns that, when "
                         "and from where the message was opened."));
    connect(allow, &QPushButton::clicked, this, [this] { m_browser->setRemoteAllowed(true); });
    m_remoteBar->hide();
    connect(m_browser, &PreviewBrowser::remoteContentBlocked, this, [this](int count) {
        m_remoteBar->setText(tr("Remote content blocked: %1 from the network would tell the sender this message was opened.")
                                .arg(counted(count, "item", "items")));
        m_remoteBar->setVisible(count > 0);
    });
    connect(m_browser, &QTextBrowser::anchorClicked, this, &PreviewPane::linkActivated);

    m_html->setText(tr("HTML"));
    m_plain->setText(tr("Plain text"));
    auto *group = new QButtonGroup(this);
    for (QToolButton *b : {m_html, m_plain}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
        group->addButton(b);
    }
    connect(m_html, &QToolButton::clicked, this, &PreviewPane::render);
    connect(m_plain, &QToolButton::clicked, this, &PreviewPane::render);

    auto *switcher = new QHBoxLayout;
    switcher->addWidget(new QLabel(tr("Show:"), this));
    switcher->addWidget(m_html);
    switcher->addWidget(m_plain);
    switcher->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_remoteBar);
    layout->addLayout(switcher);
    layout->addWidget(m_browser, 1);
    clear();
}

void PreviewPane::clear()
{
    m_message.reset();
    m_html->setEnabled(false);
    m_plain->setEnabled(false);
    m_browser->showPlainText({});
}

void PreviewPane::show(const std::shared_ptr<const LoadedMessage> &message)
{
    m_message = message;
    const bool hasHtml = firstLeaf(message->parsed, QStringLiteral("text/html"));
    const bool hasPlain = firstLeaf(message->parsed, QStringLiteral("text/plain"));
    m_html->setEnabled(hasHtml);
    m_plain->setEnabled(hasPlain || !hasHtml);
    (hasHtml ? m_html : m_plain)->setChecked(true);
    render();
}

bool PreviewPane::showingHtml() const
{
    return m_html->isChecked() && m_html->isEnabled();
}

void PreviewPane::setShowHtml(bool html)
{
    (html ? m_html : m_plain)->setChecked(true);
    render();
}

void PreviewPane::render()
{
    if (!m_message)
        return;
    const LoadedMessage &m = *m_message;
    if (showingHtml()) {
        const Mime::Part *html = firstLeaf(m.parsed, QStringLiteral("text/html"));
        // cid: URLs name parts by Content-ID; the lookup keeps a copy of the message alive.
        auto message = m_message;
        m_browser->showHtml(Mime::decodedText(m.raw, *html), [message](const QString &cid) {
            for (const Mime::Part *part : message->parsed.leaves()) {
                if (normalisedCid(part->contentId) == normalisedCid(cid))
                    return Mime::decodedContent(message->raw, *part);
            }
            return QByteArray();
        });
        return;
    }
    const Mime::Part *plain = firstLeaf(m.parsed, QStringLiteral("text/plain"));
    if (plain)
        m_browser->showPlainText(Mime::decodedText(m.raw, *plain));
    else
        m_browser->showPlainText(tr("This message has no text part. See the Parts tab."));
}

} // namespace Ui
