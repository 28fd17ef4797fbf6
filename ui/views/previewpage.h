#pragma once

#include <QWebEnginePage>

namespace Ui {

// The preview's page: it shows the one document it was given and navigates nowhere else. A
// link the user clicks (in this frame or meant for a new window) is reported, not followed.
class PreviewPage final : public QWebEnginePage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewPage)

public:
    explicit PreviewPage(QWebEngineProfile *profile, QObject *parent = nullptr);

Q_SIGNALS:
    void linkClicked(const QUrl &url);

protected:
    bool acceptNavigationRequest(const QUrl &url, NavigationType type, bool isMainFrame) override;
    QWebEnginePage *createWindow(WebWindowType type) override;
};

} // namespace Ui
