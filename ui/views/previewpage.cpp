#include "previewpage.h"

#include "previewengine.h"

namespace Ui {

namespace {

// Stands in for a new window a link asked for: it reports where that window would have gone
// and then goes away, having loaded nothing.
class LinkCatcher final : public QWebEnginePage
{
public:
    LinkCatcher(QWebEngineProfile *profile, PreviewPage *owner)
        : QWebEnginePage(profile, owner), m_owner(owner)
    {
    }

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType, bool) override
    {
        if (!url.isEmpty() && url != QUrl(QStringLiteral("about:blank")))
            Q_EMIT m_owner->linkClicked(url);
        deleteLater();
        return false;
    }

private:
    PreviewPage *m_owner;
};

} // namespace

PreviewPage::PreviewPage(QWebEngineProfile *profile, QObject *parent)
    : QWebEnginePage(profile, parent)
{
}

bool PreviewPage::acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame)
{
    if (type == NavigationTypeLinkClicked) {
        // An anchor inside the message scrolls; anything else is the user's to open.
        if (isMainFrame && url.adjusted(QUrl::RemoveFragment) == this->url().adjusted(QUrl::RemoveFragment))
            return true;
        Q_EMIT linkClicked(url);
        return false;
    }
    // The document the preview loads itself, and frames with content of their own (their
    // requests still pass the filter); never a redirect, a form or a refresh elsewhere.
    if (url.scheme() == QLatin1String(PreviewEngine::kDocumentScheme.data()))
        return type != NavigationTypeFormSubmitted;
    if (!isMainFrame)
        return url.scheme() == QLatin1String("data") || url == QUrl(QStringLiteral("about:blank"));
    return false;
}

QWebEnginePage *PreviewPage::createWindow(WebWindowType)
{
    return new LinkCatcher(profile(), this);
}

} // namespace Ui
