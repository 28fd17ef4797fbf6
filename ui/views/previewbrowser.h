#pragma once

#include "appsettings.h"
#include "previewcontent.h"

#include <QWidget>

class QHBoxLayout;
class QWebEnginePage;
class QWebEngineProfile;
class QWebEngineView;

namespace Ui {

class PreviewPage;
class PreviewRequestFilter;

// Renders a message's HTML with Qt WebEngine, in an off-the-record profile of its own with
// JavaScript, plugins and local storage off. The page loads only the message itself and its
// cid: and data: URLs; every other request is blocked and counted until the user allows
// remote content for this message. The page never navigates: a clicked link is reported.
// The view can be narrowed to a phone's or a tablet's width and zoomed. WebEngine starts
// with the first HTML message, so a window that shows none never pays for it.
class PreviewBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewBrowser)

public:
    using CidLookup = PreviewContent::CidLookup;
    using ViewWidth = PreviewWidth;

    explicit PreviewBrowser(QWidget *parent = nullptr);
    ~PreviewBrowser() override;

    void showHtml(const QString &html, CidLookup cid);
    void clear();
    void setRemoteAllowed(bool allowed); // for the message shown now; reloads it
    bool remoteAllowed() const;
    QStringList blockedUrls() const;
    int fetchCount() const; // remote requests sent for the message shown now
    bool isLoading() const { return m_loading; }

    void setViewWidth(ViewWidth width);
    ViewWidth viewWidth() const { return m_viewWidth; }
    void setZoom(qreal factor); // 1.0 is 100 %
    qreal zoom() const { return m_zoom; }
    static int cssWidth(ViewWidth width); // in CSS pixels; 0 for the full width

    QWebEngineView *view() const { return m_view; } // null until the first HTML message
    QWebEnginePage *page() const;

Q_SIGNALS:
    void remoteContentBlocked(int count);
    void linkActivated(const QUrl &url);
    void loadFinished(bool ok);

private:
    void start();
    void applyGeometry();

    ViewWidth m_viewWidth = ViewWidth::Full;
    qreal m_zoom = 1.0;
    bool m_loading = false;
    QHBoxLayout *m_layout;
    QWebEngineProfile *m_profile = nullptr;
    PreviewContent *m_content = nullptr;
    PreviewRequestFilter *m_filter = nullptr;
    PreviewPage *m_page = nullptr;
    QWebEngineView *m_view = nullptr;
};

} // namespace Ui
