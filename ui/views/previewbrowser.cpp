#include "previewbrowser.h"

#include <QImage>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextDocument>

namespace Ui {

namespace {

constexpr qint64 kMaxRemoteBytes = 10 * 1024 * 1024;

bool isRemote(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return !scheme.isEmpty() && scheme != QLatin1String("cid") && scheme != QLatin1String("data")
        && scheme != QLatin1String("file") && scheme != QLatin1String("qrc");
}

// "data:[type][;base64],payload"
QByteArray decodeDataUrl(const QUrl &url)
{
    const QString text = url.toString(QUrl::FullyEncoded);
    const qsizetype comma = text.indexOf(QLatin1Char(','));
    if (comma < 0)
        return {};
    const QByteArray payload = QByteArray::fromPercentEncoding(text.mid(comma + 1).toLatin1());
    return text.left(comma).endsWith(QLatin1String(";base64")) ? QByteArray::fromBase64(payload) : payload;
}

QVariant asResource(int type, const QByteArray &bytes)
{
    if (bytes.isEmpty())
        return {};
    if (type == QTextDocument::ImageResource) {
        const QImage image = QImage::fromData(bytes);
        return image.isNull() ? QVariant() : QVariant(image);
    }
    return QString::fromUtf8(bytes);
}

} // namespace

PreviewBrowser::PreviewBrowser(QWidget *parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);          // the window decides, on an explicit click
    setOpenExternalLinks(false);
    m_relayout.setSingleShot(true);
    m_relayout.setInterval(150);
    connect(&m_relayout, &QTimer::timeout, this, &PreviewBrowser::relayout);
}

QString PreviewBrowser::withoutScripts(const QString &html)
{
    static const QRegularExpression script(QStringLiteral("<script\\b[^>]*>.*?(</script\\s*>|$)"),
                                           QRegularExpression::CaseInsensitiveOption
                                               | QRegularExpression::DotMatchesEverythingOption);
    QString out = html;
    out.remove(script);
    return out;
}

void PreviewBrowser::showHtml(const QString &html, CidLookup cid)
{
    ++m_generation;
    m_html = withoutScripts(html);
    m_cid = std::move(cid);
    m_remoteAllowed = false;
    m_blocked.clear();
    m_pending.clear();
    m_fetched.clear();
    m_fetchCount = 0;
    document()->clear();
    setHtml(m_html);
    // Layout asks for resources lazily; force it now so the blocked count is known at once.
    document()->adjustSize();
    Q_EMIT remoteContentBlocked(int(m_blocked.size()));
}

void PreviewBrowser::showPlainText(const QString &text)
{
    ++m_generation;
    m_html.clear();
    m_cid = nullptr;
    m_blocked.clear();
    m_pending.clear();
    setPlainText(text);
    Q_EMIT remoteContentBlocked(0);
}

void PreviewBrowser::setRemoteAllowed(bool allowed)
{
    if (allowed == m_remoteAllowed)
        return;
    m_remoteAllowed = allowed;
    if (allowed) {
        const QSet<QUrl> blocked = std::exchange(m_blocked, {});
        for (const QUrl &url : blocked)
            fetch(url);
    }
    Q_EMIT remoteContentBlocked(int(m_blocked.size()));
}

QStringList PreviewBrowser::blockedUrls() const
{
    QStringList out;
    for (const QUrl &url : m_blocked)
        out.append(url.toString());
    out.sort();
    return out;
}

QVariant PreviewBrowser::loadResource(int type, const QUrl &name)
{
    // QTextDocument reads a local file itself when this returns a null QVariant, so every
    // refusal is an empty value instead.
    const QVariant nothing = QVariant(QByteArray());
    const QString scheme = name.scheme().toLower();
    QVariant found;
    if (scheme == QLatin1String("cid"))
        found = m_cid ? asResource(type, m_cid(name.path())) : QVariant();
    else if (scheme == QLatin1String("data"))
        found = asResource(type, decodeDataUrl(name));
    else if (!isRemote(name))
        return nothing; // never local files, never paths relative to anything on this machine
    else if (m_fetched.contains(name))
        found = asResource(type, m_fetched.value(name));
    else if (m_remoteAllowed)
        fetch(name);
    else
        m_blocked.insert(name);
    return found.isNull() ? nothing : found;
}

void PreviewBrowser::fetch(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (m_pending.contains(url) || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    m_pending.insert(url);
    ++m_fetchCount;
    QNetworkRequest request(url);
    request.setTransferTimeout(15000);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply *reply = m_network->get(request);
    const int generation = m_generation;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxRemoteBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply, url, generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return; // another message is shown now
        m_pending.remove(url);
        m_fetched.insert(url, reply->error() == QNetworkReply::NoError ? reply->readAll() : QByteArray(" "));
        m_relayout.start();
    });
}

void PreviewBrowser::relayout()
{
    if (m_html.isEmpty())
        return;
    const int scroll = verticalScrollBar()->value();
    setHtml(m_html);
    verticalScrollBar()->setValue(scroll);
}

} // namespace Ui
