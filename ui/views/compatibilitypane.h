#pragma once

#include <QWidget>

#include <memory>

class QLabel;
class QTextBrowser;
class QTreeView;

namespace Ui {

class CompatibilityModel;
struct LoadedMessage;

// The Compatibility tab: the HTML compatibility check of the message's HTML part (Can I Email
// data), the features found grouped with their places, the selected feature's support per
// client family with its notes, and totals per platform. Selecting a feature or a place
// highlights its bytes. The check runs off the GUI thread; only the newest message is shown.
class CompatibilityPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompatibilityPane)

public:
    explicit CompatibilityPane(QWidget *parent = nullptr);
    ~CompatibilityPane() override;

    void show(const std::shared_ptr<const LoadedMessage> &message);
    void clear();
    CompatibilityModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QLabel *summary() const { return m_summary; }
    QTextBrowser *details() const { return m_details; }

Q_SIGNALS:
    void rangeSelected(qint64 begin, qint64 end);
    void checked();             // a message's check is on screen

private:
    void showDetails(const QModelIndex &index);

    quint64 m_generation = 0;
    CompatibilityModel *m_model;
    QLabel *m_summary;
    QLabel *m_platforms;
    QTreeView *m_view;
    QTextBrowser *m_details;
};

} // namespace Ui
