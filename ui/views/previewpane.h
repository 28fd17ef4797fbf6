#pragma once

#include <QWidget>

#include <memory>

class QToolButton;

namespace Ui {

class InfoBar;
class PreviewBrowser;
struct LoadedMessage;

// The Preview tab: the HTML part rendered (remote content blocked until allowed for this
// message, with a bar saying so) or the plain-text part, with a switch between them.
class PreviewPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewPane)

public:
    explicit PreviewPane(QWidget *parent = nullptr);
    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();
    PreviewBrowser *browser() const { return m_browser; }
    InfoBar *remoteBar() const { return m_remoteBar; }
    bool showingHtml() const;
    void setShowHtml(bool html);

Q_SIGNALS:
    void linkActivated(const QUrl &url);

private:
    void render();

    std::shared_ptr<const LoadedMessage> m_message;
    InfoBar *m_remoteBar;
    QToolButton *m_html;
    QToolButton *m_plain;
    PreviewBrowser *m_browser;
};

} // namespace Ui
