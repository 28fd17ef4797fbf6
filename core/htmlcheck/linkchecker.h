#pragma once

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;

// The explicit link check: each URL is asked with HEAD, then with GET when HEAD fails or is
// refused (a network error other than a timeout, or a status of 400 and above); redirects are
// followed when asked (and counted), each request has a timeout, and at most `concurrency`
// run at once. Lives on the thread that created it (an event loop is needed); never starts by
// itself.
namespace HtmlCheck {

struct LinkCheckOptions
{
    bool followRedirects = false;
    int timeoutMs = 10'000;     // per request
    int concurrency = 5;
    int maxRedirects = 10;
    QByteArray userAgent = "Mailscope";
};

struct LinkStatus
{
    QString url;
    int statusCode = 0;         // 0 when no HTTP answer came
    QString status;             // the code's name ("Not Found"), or what went wrong ("timeout")
    int redirects = 0;          // redirects followed
    QString finalUrl;           // after the redirects
    bool usedGet = false;       // HEAD did not do, GET answered
    bool isError() const { return statusCode == 0 || statusCode >= 400; }
};

class LinkChecker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinkChecker)

public:
    LinkChecker(const QStringList &urls, const LinkCheckOptions &options, QObject *parent = nullptr);
    ~LinkChecker() override;

    void start();
    bool isFinished() const { return m_done == m_results.size(); }
    const QList<LinkStatus> &results() const { return m_results; }
    int errors() const;

Q_SIGNALS:
    void linkChecked(int index, const HtmlCheck::LinkStatus &status);
    void finished();

private:
    struct Running;
    void launch();
    void send(int index, const QString &url, bool get);
    void onReply(QNetworkReply *reply);
    void complete(int index);

    LinkCheckOptions m_options;
    QNetworkAccessManager *m_network;
    QList<LinkStatus> m_results;
    QList<bool> m_triedGet;
    int m_next = 0;
    int m_running = 0;
    int m_done = 0;
};

// The name of an HTTP status code as Go's http.StatusText gives it (what Mailpit reports).
QString statusText(int code);

} // namespace HtmlCheck
