#pragma once

#include "appsettings.h"

#include <QWidget>

#include <memory>

class QAbstractButton;
class QCheckBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QStackedWidget;
class QToolButton;

namespace Ui {

class InfoBar;
class MessageGlance;
class PreviewBrowser;
struct LoadedMessage;

// The Preview tab: the message at a glance above the HTML part rendered by a browser engine (remote content blocked until
// allowed for this message, with a bar saying what was blocked), at a phone's, a tablet's or
// the full width and zoomed, or the plain-text part, with a switch between them.
class PreviewPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewPane)

public:
    explicit PreviewPane(QWidget *parent = nullptr);
    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();
    PreviewBrowser *browser() const { return m_browser; }
    MessageGlance *glance() const { return m_glance; }
    QPlainTextEdit *plainView() const { return m_plainView; }
    InfoBar *remoteBar() const { return m_remoteBar; }
    QListWidget *blockedList() const { return m_blockedList; }
    bool showingHtml() const;
    void setShowHtml(bool html);

    void setSettings(const PreviewSettings &settings);
    PreviewSettings settings() const { return m_settings; }

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void settingsChanged(const PreviewSettings &settings); // by the user

private:
    void render();
    void showBlocked(int count);
    void applySettings();
    void changeSettings(const PreviewSettings &settings);

    std::shared_ptr<const LoadedMessage> m_message;
    PreviewSettings m_settings;
    MessageGlance *m_glance;
    InfoBar *m_remoteBar;
    QListWidget *m_blockedList;
    QToolButton *m_html;
    QToolButton *m_plain;
    QList<QToolButton *> m_widths; // phone, tablet, full
    QToolButton *m_zoomOut;
    QToolButton *m_zoomIn;
    QLabel *m_zoom;
    QCheckBox *m_monospace;
    QStackedWidget *m_stack;
    PreviewBrowser *m_browser;
    QPlainTextEdit *m_plainView;
};

} // namespace Ui
