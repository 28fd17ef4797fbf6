#include "previewrequestfilter.h"

#include "previewengine.h"

namespace Ui {

namespace {

enum class Kind { Own, Remote, Other };

Kind kindOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("data") || scheme == QLatin1String(PreviewEngine::kCidScheme.data())
        || scheme == QLatin1String(PreviewEngine::kDocumentScheme.data()))
        return Kind::Own;
    if (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
        return Kind::Remote;
    return Kind::Other;
}

} // namespace

PreviewRequestFilter::PreviewRequestFilter(QObject *parent)
    : QWebEngineUrlRequestInterceptor(parent)
{
}

void PreviewRequestFilter::reset(bool remoteAllowed)
{
    m_remoteAllowed = remoteAllowed;
    m_blocked.clear();
    m_fetchCount = 0;
    Q_EMIT blockedChanged(0);
}

QStringList PreviewRequestFilter::blockedUrls() const
{
    QStringList out;
    for (const QUrl &url : m_blocked)
        out.append(url.toString());
    out.sort();
    return out;
}

void PreviewRequestFilter::interceptRequest(QWebEngineUrlRequestInfo &info)
{
    const QUrl url = info.requestUrl();
    const Kind kind = kindOf(url);
    if (kind == Kind::Own)
        return;
    if (kind == Kind::Remote && m_remoteAllowed) {
        ++m_fetchCount;
        return;
    }
    info.block(true);
    const auto before = m_blocked.size();
    m_blocked.insert(url);
    if (m_blocked.size() != before)
        Q_EMIT blockedChanged(int(m_blocked.size()));
}

} // namespace Ui
