#include "previewcontent.h"

#include "previewengine.h"

#include <QBuffer>
#include <QWebEngineUrlRequestJob>

namespace Ui {

PreviewContent::PreviewContent(QObject *parent)
    : QWebEngineUrlSchemeHandler(parent)
{
}

QUrl PreviewContent::setDocument(const QByteArray &utf8Html, CidLookup cid)
{
    m_html = utf8Html;
    m_cid = std::move(cid);
    m_url = QUrl(QLatin1String(PreviewEngine::kDocumentScheme.data()) + QLatin1String("://message/")
                 + QString::number(++m_generation));
    return m_url;
}

void PreviewContent::requestStarted(QWebEngineUrlRequestJob *job)
{
    const QUrl url = job->requestUrl();
    QByteArray bytes;
    QByteArray type;
    if (url.scheme() == QLatin1String(PreviewEngine::kDocumentScheme.data())) {
        if (url.adjusted(QUrl::RemoveFragment | QUrl::RemoveQuery) != m_url) {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        bytes = m_html;
        // The transport's charset wins over a <meta charset> in the mail, which described the
        // bytes before they were decoded.
        type = "text/html;charset=utf-8";
    } else {
        const Resource found = m_cid ? m_cid(QUrl::fromPercentEncoding(url.path().toUtf8())) : Resource();
        if (found.bytes.isEmpty()) {
            job->fail(QWebEngineUrlRequestJob::UrlNotFound);
            return;
        }
        bytes = found.bytes;
        type = found.contentType.isEmpty() ? QByteArray("application/octet-stream") : found.contentType;
    }
    auto *buffer = new QBuffer(job);
    buffer->setData(bytes);
    buffer->open(QIODevice::ReadOnly);
    job->reply(type, buffer);
}

} // namespace Ui
