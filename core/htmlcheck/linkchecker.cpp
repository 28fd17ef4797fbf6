#include "linkchecker.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

namespace HtmlCheck {

namespace {

const char *const kIndex = "mailscopeLinkIndex";
const char *const kGet = "mailscopeLinkGet";

} // namespace

LinkChecker::LinkChecker(const QStringList &urls, const LinkCheckOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_network(new QNetworkAccessManager(this))
{
    m_options.concurrency = std::max(1, m_options.concurrency);
    for (const QString &url : urls) {
        LinkStatus s;
        s.url = url;
        s.finalUrl = url;
        m_results.append(s);
        m_triedGet.append(false);
    }
    // Redirects are followed here, not by Qt, so each is counted and the limit is ours.
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    connect(m_network, &QNetworkAccessManager::finished, this, &LinkChecker::onReply);
}

LinkChecker::~LinkChecker() = default;

int LinkChecker::errors() const
{
    return int(std::count_if(m_results.cbegin(), m_results.cend(), [](const LinkStatus &s) { return s.isError(); }));
}

void LinkChecker::start()
{
    if (m_results.isEmpty()) {
        QMetaObject::invokeMethod(this, &LinkChecker::finished, Qt::QueuedConnection);
        return;
    }
    launch();
}

void LinkChecker::launch()
{
    while (m_running < m_options.concurrency && m_next < m_results.size()) {
        const int index = m_next++;
        const QUrl url(m_results[index].url);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
            m_results[index].status = QStringLiteral("not an http(s) URL");
            ++m_running;
            complete(index);
            continue;
        }
        ++m_running;
        send(index, m_results[index].url, false);
    }
}

void LinkChecker::send(int index, const QString &url, bool get)
{
    QNetworkRequest request{QUrl(url)};
    request.setTransferTimeout(m_options.timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, m_options.userAgent);
    QNetworkReply *reply = get ? m_network->get(request) : m_network->head(request);
    reply->setProperty(kIndex, index);
    reply->setProperty(kGet, get);
}

void LinkChecker::onReply(QNetworkReply *reply)
{
    reply->deleteLater();
    const int index = reply->property(kIndex).toInt();
    const bool get = reply->property(kGet).toBool();
    LinkStatus &s = m_results[index];
    const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool timedOut = reply->error() == QNetworkReply::OperationCanceledError || reply->error() == QNetworkReply::TimeoutError;

    if (code >= 300 && code < 400 && m_options.followRedirects && s.redirects < m_options.maxRedirects) {
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        if (location.isValid()) {
            ++s.redirects;
            s.finalUrl = reply->url().resolved(location).toString();
            send(index, s.finalUrl, get);
            return;
        }
    }
    const bool failed = code == 0 ? !timedOut : code >= 400;
    if (!get && failed && !m_triedGet[index]) {
        // Some servers refuse or mishandle HEAD: ask again with GET from the same place.
        m_triedGet[index] = true;
        send(index, s.finalUrl, true);
        return;
    }
    s.usedGet = get;
    s.statusCode = code;
    if (code > 0)
        s.status = statusText(code);
    else if (timedOut)
        s.status = QStringLiteral("timeout after %1 s").arg(m_options.timeoutMs / 1000.0);
    else
        s.status = reply->errorString();
    complete(index);
}

void LinkChecker::complete(int index)
{
    --m_running;
    ++m_done;
    Q_EMIT linkChecked(index, m_results[index]);
    if (m_done == m_results.size()) {
        Q_EMIT finished();
        return;
    }
    launch();
}

QString statusText(int code)
{
    static const QHash<int, const char *> kTexts = {
        {100, "Continue"}, {101, "Switching Protocols"}, {102, "Processing"}, {103, "Early Hints"},
        {200, "OK"}, {201, "Created"}, {202, "Accepted"}, {203, "Non-Authoritative Information"},
        {204, "No Content"}, {205, "Reset Content"}, {206, "Partial Content"}, {207, "Multi-Status"},
        {208, "Already Reported"}, {226, "IM Used"},
        {300, "Multiple Choices"}, {301, "Moved Permanently"}, {302, "Found"}, {303, "See Other"},
        {304, "Not Modified"}, {305, "Use Proxy"}, {307, "Temporary Redirect"}, {308, "Permanent Redirect"},
        {400, "Bad Request"}, {401, "Unauthorized"}, {402, "Payment Required"}, {403, "Forbidden"},
        {404, "Not Found"}, {405, "Method Not Allowed"}, {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"}, {408, "Request Timeout"}, {409, "Conflict"}, {410, "Gone"},
        {411, "Length Required"}, {412, "Precondition Failed"}, {413, "Request Entity Too Large"},
        {414, "Request URI Too Long"}, {415, "Unsupported Media Type"}, {416, "Requested Range Not Satisfiable"},
        {417, "Expectation Failed"}, {418, "I'm a teapot"}, {421, "Misdirected Request"},
        {422, "Unprocessable Entity"}, {423, "Locked"}, {424, "Failed Dependency"}, {425, "Too Early"},
        {426, "Upgrade Required"}, {428, "Precondition Required"}, {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"}, {451, "Unavailable For Legal Reasons"},
        {500, "Internal Server Error"}, {501, "Not Implemented"}, {502, "Bad Gateway"},
        {503, "Service Unavailable"}, {504, "Gateway Timeout"}, {505, "HTTP Version Not Supported"},
        {506, "Variant Also Negotiates"}, {507, "Insufficient Storage"}, {508, "Loop Detected"},
        {510, "Not Extended"}, {511, "Network Authentication Required"},
    };
    return QString::fromLatin1(kTexts.value(code, ""));
}

} // namespace HtmlCheck
