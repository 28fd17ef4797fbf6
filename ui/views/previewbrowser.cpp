#include "previewbrowser.h"

#include "previewengine.h"
#include "previewpage.h"
#include "previewrequestfilter.h"

#include <QHBoxLayout>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

namespace Ui {

namespace {

constexpr qreal kMinZoom = 0.25;
constexpr qreal kMaxZoom = 5.0;

void restrict(QWebEngineSettings *settings)
{
    using S = QWebEngineSettings;
    for (S::WebAttribute off :
         {S::JavascriptEnabled, S::JavascriptCanOpenWindows, S::JavascriptCanAccessClipboard, S::JavascriptCanPaste,
          S::PluginsEnabled, S::PdfViewerEnabled, S::LocalStorageEnabled, S::LocalContentCanAccessRemoteUrls,
          S::LocalContentCanAccessFileUrls, S::HyperlinkAuditingEnabled, S::DnsPrefetchEnabled, S::ErrorPageEnabled,
          S::FullScreenSupportEnabled, S::ScreenCaptureEnabled, S::WebGLEnabled, S::Accelerated2dCanvasEnabled,
          S::AutoLoadIconsForPage, S::TouchIconsEnabled, S::FocusOnNavigationEnabled, S::AllowRunningInsecureContent,
          S::AllowGeolocationOnInsecureOrigins, S::AllowWindowActivationFromJavaScript, S::NavigateOnDropEnabled})
        settings->setAttribute(off, false);
    for (S::WebAttribute on : {S::AutoLoadImages, S::PlaybackRequiresUserGesture, S::WebRTCPublicInterfacesOnly})
        settings->setAttribute(on, true);
}

} // namespace

PreviewBrowser::PreviewBrowser(QWidget *parent)
    : QWidget(parent), m_layout(new QHBoxLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(0);
}

PreviewBrowser::~PreviewBrowser()
{
    // The page must go before its profile.
    delete m_view;
    delete m_page;
    delete m_profile;
}

int PreviewBrowser::cssWidth(ViewWidth width)
{
    switch (width) {
    case ViewWidth::Phone:
        return 375;
    case ViewWidth::Tablet:
        return 768;
    case ViewWidth::Full:
        break;
    }
    return 0;
}

void PreviewBrowser::start()
{
    if (m_view)
        return;
    if (!PreviewEngine::isPrepared())
        qFatal("Ui::PreviewEngine::prepare() must run before the QApplication is created");
    m_profile = new QWebEngineProfile(this); // no name: off the record, nothing written to disk
    m_profile->setHttpCacheType(QWebEngineProfile::MemoryHttpCache);
    m_profile->setPersistentCookiesPolicy(QWebEngineProfile::NoPersistentCookies);
    m_profile->setSpellCheckEnabled(false);
    restrict(m_profile->settings());
    m_content = new PreviewContent(this);
    m_profile->installUrlSchemeHandler(PreviewEngine::kDocumentScheme.toByteArray(), m_content);
    m_profile->installUrlSchemeHandler(PreviewEngine::kCidScheme.toByteArray(), m_content);
    m_filter = new PreviewRequestFilter(this);
    connect(m_filter, &PreviewRequestFilter::blockedChanged, this, &PreviewBrowser::remoteContentBlocked);

    m_page = new PreviewPage(m_profile, this);
    m_page->setUrlRequestInterceptor(m_filter);
    // The mail's own colours: what the sender did not style is white, as in a mail client,
    // whatever the window's palette.
    m_page->setBackgroundColor(Qt::white);
    connect(m_page, &PreviewPage::linkClicked, this, &PreviewBrowser::linkActivated);
    connect(m_page, &QWebEnginePage::loadStarted, this, [this] { m_loading = true; });
    connect(m_page, &QWebEnginePage::loadFinished, this, [this](bool ok) {
        m_loading = false;
        Q_EMIT loadFinished(ok);
    });

    m_view = new QWebEngineView(this);
    m_view->setObjectName(QStringLiteral("previewView"));
    m_view->setPage(m_page);
    m_view->setContextMenuPolicy(Qt::NoContextMenu);
    m_layout->addWidget(m_view);
    applyGeometry();
}

QWebEnginePage *PreviewBrowser::page() const
{
    return m_page;
}

void PreviewBrowser::showHtml(const QString &html, CidLookup cid)
{
    start();
    m_filter->reset(false);
    m_loading = true;
    m_page->load(m_content->setDocument(html.toUtf8(), std::move(cid)));
}

void PreviewBrowser::clear()
{
    if (!m_view)
        return;
    m_filter->reset(false);
    m_loading = true;
    m_page->load(m_content->setDocument({}, nullptr));
}

void PreviewBrowser::setRemoteAllowed(bool allowed)
{
    if (!m_view || allowed == m_filter->remoteAllowed())
        return;
    m_filter->reset(allowed);
    m_loading = true;
    m_page->load(m_content->documentUrl());
}

bool PreviewBrowser::remoteAllowed() const
{
    return m_filter && m_filter->remoteAllowed();
}

QStringList PreviewBrowser::blockedUrls() const
{
    return m_filter ? m_filter->blockedUrls() : QStringList();
}

int PreviewBrowser::fetchCount() const
{
    return m_filter ? m_filter->fetchCount() : 0;
}

void PreviewBrowser::setViewWidth(ViewWidth width)
{
    m_viewWidth = width;
    applyGeometry();
}

void PreviewBrowser::setZoom(qreal factor)
{
    m_zoom = qBound(kMinZoom, factor, kMaxZoom);
    applyGeometry();
}

void PreviewBrowser::applyGeometry()
{
    if (!m_view)
        return;
    m_view->setZoomFactor(m_zoom);
    const int css = cssWidth(m_viewWidth);
    if (css > 0) {
        m_view->setFixedWidth(qRound(css * m_zoom));
    } else {
        m_view->setMinimumWidth(0);
        m_view->setMaximumWidth(QWIDGETSIZE_MAX);
    }
    m_layout->setAlignment(m_view, css > 0 ? Qt::AlignHCenter : Qt::Alignment());
}

} // namespace Ui
