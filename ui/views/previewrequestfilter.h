#pragma once

#include <QSet>
#include <QUrl>
#include <QWebEngineUrlRequestInterceptor>

namespace Ui {

// Decides every request the preview's page makes, before Chromium sends it: the message's own
// document and its cid: and data: URLs pass; anything else (http, https, ftp, ws, file, other
// schemes) is blocked and recorded, unless the user allowed remote content for this message,
// which lets http and https through. Runs on the GUI thread.
class PreviewRequestFilter final : public QWebEngineUrlRequestInterceptor
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewRequestFilter)

public:
    explicit PreviewRequestFilter(QObject *parent = nullptr);

    void reset(bool remoteAllowed); // a new document: nothing blocked or fetched yet
    bool remoteAllowed() const { return m_remoteAllowed; }
    QStringList blockedUrls() const; // sorted, each once
    int blockedCount() const { return int(m_blocked.size()); }
    int fetchCount() const { return m_fetchCount; } // remote requests let through

    void interceptRequest(QWebEngineUrlRequestInfo &info) override;

Q_SIGNALS:
    void blockedChanged(int count);

private:
    bool m_remoteAllowed = false;
    QSet<QUrl> m_blocked;
    int m_fetchCount = 0;
};

} // namespace Ui
