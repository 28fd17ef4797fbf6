#pragma once

#include <QByteArray>
#include <QUrl>
#include <QWebEngineUrlSchemeHandler>

#include <functional>

namespace Ui {

// Serves the preview's page: the message's HTML at its document URL, and the message's own
// parts at cid: URLs (RFC 2392), through the lookup the pane hands it. Nothing here reads a
// file or the network. GUI thread.
class PreviewContent final : public QWebEngineUrlSchemeHandler
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewContent)

public:
    struct Resource
    {
        QByteArray bytes;
        QByteArray contentType; // lower case type/subtype
    };
    // Returns the decoded part with that Content-ID (without angle brackets); empty when none.
    using CidLookup = std::function<Resource(const QString &contentId)>;

    explicit PreviewContent(QObject *parent = nullptr);

    // Replaces the document; returns the URL to load it from (new for each document, so
    // nothing of the one before is reused).
    QUrl setDocument(const QByteArray &utf8Html, CidLookup cid);
    QUrl documentUrl() const { return m_url; }

    void requestStarted(QWebEngineUrlRequestJob *job) override;

private:
    QUrl m_url;
    QByteArray m_html;
    CidLookup m_cid;
    quint64 m_generation = 0;
};

} // namespace Ui
