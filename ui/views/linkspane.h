#pragma once

#include <QWidget>

#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;
class QTreeView;

namespace HtmlCheck {
class LinkChecker;
}

namespace Ui {

class LinksModel;
struct LoadedMessage;

// The Links tab: every link and image source of the message with where it is (selecting one
// highlights its bytes), the form of its List-Unsubscribe header, and "Check links", which
// asks each http(s) URL (HEAD, then GET) only when the user presses it.
class LinksPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LinksPane)

public:
    explicit LinksPane(QWidget *parent = nullptr);
    ~LinksPane() override;

    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();
    void checkLinks();

    LinksModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPushButton *checkButton() const { return m_check; }
    QCheckBox *followRedirects() const { return m_follow; }
    QLabel *status() const { return m_status; }
    QLabel *unsubscribe() const { return m_unsubscribe; }
    int timeoutMs() const { return m_timeoutMs; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

Q_SIGNALS:
    void rangeSelected(qint64 begin, qint64 end);
    void linksListed();         // a message's links are on screen
    void checkFinished();

private:
    void stopCheck();

    quint64 m_generation = 0;
    int m_timeoutMs = 10'000;
    LinksModel *m_model;
    QTreeView *m_view;
    QPushButton *m_check;
    QCheckBox *m_follow;
    QLabel *m_status;
    QLabel *m_unsubscribe;
    HtmlCheck::LinkChecker *m_checker = nullptr;
};

} // namespace Ui
