#include "previewpane.h"

#include "counted.h"
#include "messageglance.h"
#include "messageloader.h"
#include "previewbrowser.h"
#include "widgets/infobar.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr int kZoomSteps[] = {25, 33, 50, 67, 75, 80, 90, 100, 110, 125, 150, 175, 200, 250, 300, 400, 500};

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

int nextZoom(int percent, int direction)
{
    if (direction > 0) {
        for (int step : kZoomSteps) {
            if (step > percent)
                return step;
        }
        return kZoomSteps[std::size(kZoomSteps) - 1];
    }
    for (auto it = std::rbegin(kZoomSteps); it != std::rend(kZoomSteps); ++it) {
        if (*it < percent)
            return *it;
    }
    return kZoomSteps[0];
}

QToolButton *toolButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setText(text);
    b->setObjectName(name);
    b->setAutoRaise(true);
    return b;
}

} // namespace

PreviewPane::PreviewPane(QWidget *parent)
    : QWidget(parent), m_glance(new MessageGlance(this)), m_remoteBar(new InfoBar(this)), m_blockedList(new QListWidget(this)),
      m_html(toolButton(tr("HTML"), QStringLiteral("previewHtml"), this)),
      m_plain(toolButton(tr("Plain text"), QStringLiteral("previewPlain"), this)),
      m_zoomOut(toolButton(QStringLiteral("−"), QStringLiteral("previewZoomOut"), this)),
      m_zoomIn(toolButton(QStringLiteral("+"), QStringLiteral("previewZoomIn"), this)), m_zoom(new QLabel(this)),
      m_monospace(new QCheckBox(tr("&Monospace"), this)), m_stack(new QStackedWidget(this)),
      m_browser(new PreviewBrowser(this)), m_plainView(new QPlainTextEdit(this))
{
    m_browser->setObjectName(QStringLiteral("previewBrowser"));
    QPushButton *list = m_remoteBar->addButton(tr("Show list"));
    list->setObjectName(QStringLiteral("showBlocked"));
    list->setCheckable(true);
    connect(list, &QPushButton::toggled, m_blockedList, &QWidget::setVisible);
    QPushButton *allow = m_remoteBar->addButton(tr("Load remote content"));
    allow->setObjectName(QStringLiteral("loadRemote"));
    allow->setToolTip(tr("Fetch the remote images and styles of this message only. The sender learns that, when "
                         "and from where the message was opened."));
    connect(allow, &QPushButton::clicked, this, [this, list] {
        list->setChecked(false);
        m_browser->setRemoteAllowed(true);
    });
    m_remoteBar->hide();
    m_blockedList->setObjectName(QStringLiteral("blockedList"));
    m_blockedList->setMaximumHeight(120);
    m_blockedList->hide();
    connect(m_browser, &PreviewBrowser::remoteContentBlocked, this, &PreviewPane::showBlocked);
    connect(m_browser, &PreviewBrowser::linkActivated, this, &PreviewPane::linkActivated);

    auto *kind = new QButtonGroup(this);
    for (QToolButton *b : {m_html, m_plain}) {
        b->setCheckable(true);
        kind->addButton(b);
        connect(b, &QToolButton::clicked, this, &PreviewPane::render);
    }
    auto *widths = new QButtonGroup(this);
    const QList<QPair<QString, QString>> widthNames{{tr("Phone"), QStringLiteral("previewPhone")},
                                                   {tr("Tablet"), QStringLiteral("previewTablet")},
                                                   {tr("Full width"), QStringLiteral("previewFull")}};
    for (int i = 0; i < widthNames.size(); ++i) {
        QToolButton *b = toolButton(widthNames.at(i).first, widthNames.at(i).second, this);
        const auto width = PreviewWidth(i);
        const int css = PreviewBrowser::cssWidth(width);
        b->setToolTip(css ? tr("Lay the message out %1 pixels wide").arg(css) : tr("Lay the message out as wide as the pane"));
        b->setCheckable(true);
        widths->addButton(b);
        m_widths.append(b);
        connect(b, &QToolButton::clicked, this, [this, width] {
            PreviewSettings s = m_settings;
            s.width = width;
            changeSettings(s);
        });
    }
    m_zoomOut->setToolTip(tr("Zoom out"));
    m_zoomIn->setToolTip(tr("Zoom in"));
    m_zoom->setObjectName(QStringLiteral("previewZoom"));
    for (QToolButton *b : {m_zoomOut, m_zoomIn}) {
        const int direction = b == m_zoomIn ? 1 : -1;
        connect(b, &QToolButton::clicked, this, [this, direction] {
            PreviewSettings s = m_settings;
            s.zoomPercent = nextZoom(s.zoomPercent, direction);
            changeSettings(s);
        });
    }
    m_monospace->setObjectName(QStringLiteral("plainMonospace"));
    connect(m_monospace, &QCheckBox::toggled, this, [this](bool on) {
        PreviewSettings s = m_settings;
        s.monospace = on;
        changeSettings(s);
    });

    m_plainView->setObjectName(QStringLiteral("plainView"));
    m_plainView->setReadOnly(true);
    m_plainView->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_plainView->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_stack->addWidget(m_browser);
    m_stack->addWidget(m_plainView);

    auto *switcher = new QHBoxLayout;
    switcher->addWidget(new QLabel(tr("Show:"), this));
    switcher->addWidget(m_html);
    switcher->addWidget(m_plain);
    switcher->addSpacing(16);
    for (QToolButton *b : std::as_const(m_widths))
        switcher->addWidget(b);
    switcher->addSpacing(16);
    switcher->addWidget(m_zoomOut);
    switcher->addWidget(m_zoom);
    switcher->addWidget(m_zoomIn);
    switcher->addWidget(m_monospace);
    switcher->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_glance);
    layout->addWidget(m_remoteBar);
    layout->addWidget(m_blockedList);
    layout->addLayout(switcher);
    layout->addWidget(m_stack, 1);
    applySettings();
    clear();
}

void PreviewPane::setSettings(const PreviewSettings &settings)
{
    m_settings = settings;
    applySettings();
}

void PreviewPane::changeSettings(const PreviewSettings &settings)
{
    if (settings == m_settings)
        return;
    setSettings(settings);
    Q_EMIT settingsChanged(m_settings);
}

void PreviewPane::applySettings()
{
    m_widths.at(int(m_settings.width))->setChecked(true);
    m_browser->setViewWidth(m_settings.width);
    m_browser->setZoom(m_settings.zoomPercent / 100.0);
    m_zoom->setText(tr("%1 %").arg(m_settings.zoomPercent));
    m_zoomOut->setEnabled(m_settings.zoomPercent > kZoomSteps[0]);
    m_zoomIn->setEnabled(m_settings.zoomPercent < kZoomSteps[std::size(kZoomSteps) - 1]);
    const QSignalBlocker block(m_monospace);
    m_monospace->setChecked(m_settings.monospace);
    m_plainView->setFont(m_settings.monospace ? QFontDatabase::systemFont(QFontDatabase::FixedFont) : font());
}

void PreviewPane::showBlocked(int count)
{
    m_remoteBar->setText(tr("Remote content blocked: %1 from the network would tell the sender this message was opened.")
                            .arg(counted(count, "request", "requests")));
    m_remoteBar->setVisible(count > 0);
    m_blockedList->clear();
    m_blockedList->addItems(m_browser->blockedUrls());
    if (count == 0)
        m_blockedList->hide();
}

void PreviewPane::clear()
{
    m_message.reset();
    m_glance->clear();
    m_html->setEnabled(false);
    m_plain->setEnabled(false);
    m_browser->clear();
    m_plainView->clear();
    m_stack->setCurrentWidget(m_plainView);
    showBlocked(0);
}

void PreviewPane::show(const std::shared_ptr<const LoadedMessage> &message)
{
    m_message = message;
    m_glance->show(message);
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
    const bool html = showingHtml();
    for (QWidget *w : std::initializer_list<QWidget *>{m_widths.at(0), m_widths.at(1), m_widths.at(2), m_zoomOut, m_zoom, m_zoomIn})
        w->setVisible(html);
    m_monospace->setVisible(!html);
    if (html) {
        const Mime::Part *part = firstLeaf(m.parsed, QStringLiteral("text/html"));
        // cid: URLs name parts by Content-ID; the lookup keeps a copy of the message alive.
        auto message = m_message;
        m_browser->showHtml(Mime::decodedText(m.raw, *part), [message](const QString &cid) {
            for (const Mime::Part *leaf : message->parsed.leaves()) {
                if (!leaf->contentId.isEmpty() && normalisedCid(leaf->contentId) == normalisedCid(cid))
                    return PreviewContent::Resource{Mime::decodedContent(message->raw, *leaf), leaf->contentType.toLatin1()};
            }
            return PreviewContent::Resource{};
        });
        m_stack->setCurrentWidget(m_browser);
        return;
    }
    m_browser->clear();
    showBlocked(0);
    const Mime::Part *plain = firstLeaf(m.parsed, QStringLiteral("text/plain"));
    // The document's own setPlainText starts from default formats, whatever the view held.
    m_plainView->document()->setPlainText(plain ? Mime::decodedText(m.raw, *plain)
                                                : tr("This message has no text part. See the Parts tab."));
    m_stack->setCurrentWidget(m_plainView);
}

} // namespace Ui
