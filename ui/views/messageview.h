#pragma once

#include "records/commitbatch.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QLabel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTreeView;

namespace Ui {

class CompatibilityPane;
class HeadersPane;
class LinksPane;
class LintModel;
class PartsPane;
class PreviewPane;
class RawBytesView;
class RawPane;
class TranscriptModel;
class TranscriptPager;
struct LoadedMessage;

// The lower half of the window: tabs for Preview, Headers, Parts, Transcript, Lint,
// Compatibility and Links, beside the raw bytes. Selecting a header, a part, a diagnostic, a
// feature or a link highlights its bytes.
// Messages are read and parsed on a worker thread; only the newest request is shown.
class MessageView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MessageView)

public:
    enum Tab { PreviewTab, HeadersTab, PartsTab, TranscriptTab, LintTab, CompatibilityTab, LinksTab };

    explicit MessageView(QWidget *parent = nullptr);
    ~MessageView() override;

    void setDatabase(const QString &path);
    void showMessage(qint64 id);
    void showSession(qint64 id);
    void clear();
    void appendTranscript(const QList<Records::TranscriptLine> &lines);

    qint64 messageId() const;   // of the message shown, 0 for none
    // A message that takes longer than this to load replaces the one before it with a
    // "Loading" page, so nothing on screen belongs to another message; 0: at once.
    void setLoadingDelay(int ms) { m_loadingDelay.setInterval(ms); }
    bool isLoading() const;
    qint64 sessionId() const;
    const LoadedMessage *current() const { return m_message.get(); }

    QTabWidget *tabs() const { return m_tabs; }
    QSplitter *splitter() const { return m_splitter; }
    PreviewPane *preview() const { return m_preview; }
    HeadersPane *headers() const { return m_headers; }
    PartsPane *parts() const { return m_parts; }
    QTreeView *transcriptView() const { return m_transcriptView; }
    TranscriptModel *transcriptModel() const { return m_transcript; }
    TranscriptPager *transcriptPager() const { return m_pager; }
    QTreeView *lintView() const { return m_lintView; }
    LintModel *lintModel() const { return m_lint; }
    RawBytesView *rawView() const;
    CompatibilityPane *compatibility() const { return m_compatibility; }
    LinksPane *links() const { return m_links; }

Q_SIGNALS:
    void messageShown(qint64 id);     // loaded and on screen (found or not)
    void sessionShown(qint64 id);
    void messageRequested(qint64 id); // the user asked for the message a transcript line stored
    void linkActivated(const QUrl &url);

private:
    void display(const LoadedMessage &loaded);
    void highlight(qint64 begin, qint64 end);
    void updateTabTitles();
    void clearPanes();          // every pane but the transcript
    void showLoading();

    QString m_databasePath;
    quint64 m_generation = 0;
    qint64 m_pendingSession = 0;
    QList<Records::TranscriptLine> m_pendingLines; // live lines that arrive while loading
    std::shared_ptr<const LoadedMessage> m_message;

    QTimer m_loadingDelay;
    QStackedWidget *m_stack;
    QLabel *m_loading;
    QSplitter *m_splitter;
    QTabWidget *m_tabs;
    PreviewPane *m_preview;
    HeadersPane *m_headers;
    PartsPane *m_parts;
    TranscriptModel *m_transcript;
    QTreeView *m_transcriptView;
    TranscriptPager *m_pager;
    LintModel *m_lint;
    QTreeView *m_lintView;
    RawPane *m_raw;
    CompatibilityPane *m_compatibility = nullptr;
    LinksPane *m_links = nullptr;
};

} // namespace Ui
