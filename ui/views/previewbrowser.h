#pragma once

#include <QHash>
#include <QSet>
#include <QTextBrowser>
#include <QTimer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace Ui {

// Renders a message's HTML with Qt's rich-text engine, which runs no scripts. Every resource
// goes through loadResource: cid: from the message's own parts, data: decoded in place, and
// anything remote (http, https, ftp, ...) blocked and counted until the user allows it for
// this message; local files are never read.
class PreviewBrowser final : public QTextBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewBrowser)

public:
    // Returns the decoded bytes of the part with that Content-ID (without angle brackets).
    using CidLookup = std::function<QByteArray(const QString &contentId)>;

    explicit PreviewBrowser(QWidget *parent = nullptr);

    void showHtml(const QString &html, CidLookup cid);
    void showPlainText(const QString &text);
    void setRemoteAllowed(bool allowed); // for the message shown now
    bool remoteAllowed() const { return m_remoteAllowed; }
    QStringList blockedUrls() const;
    int fetchCount() const { return m_fetchCount; } // requests sent since the last message

    static QString withoutScripts(const QString &html);

Q_SIGNALS:
    void remoteContentBlocked(int count);

protected:
    QVariant loadResource(int type, const QUrl &name) override;

private:
    void fetch(const QUrl &url);
    void relayout();

    QString m_html;
    CidLookup m_cid;
    bool m_remoteAllowed = false;
    QSet<QUrl> m_blocked;
    QSet<QUrl> m_pending;
    QHash<QUrl, QByteArray> m_fetched;
    int m_fetchCount = 0;
    int m_generation = 0;
    QNetworkAccessManager *m_network = nullptr;
    QTimer m_relayout;
};

} // namespace Ui
