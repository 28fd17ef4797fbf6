#pragma once

#include <QWidget>

class QLabel;
class QTreeView;
class QTreeWidget;

namespace Ui {

class HeaderModel;
struct LoadedMessage;

// The Headers tab: the header fields in original order (name, decoded, as written) beside
// the SMTP envelope, with envelope recipients that appear in no header marked as Bcc.
class HeadersPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadersPane)

public:
    explicit HeadersPane(QWidget *parent = nullptr);
    void show(const LoadedMessage &message);
    void clear();
    HeaderModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QTreeWidget *envelopeView() const { return m_envelope; }
    QStringList bccRecipients() const { return m_bcc; }

Q_SIGNALS:
    void rangeSelected(qint64 begin, qint64 end);

private:
    HeaderModel *m_model;
    QTreeView *m_view;
    QTreeWidget *m_envelope;
    QLabel *m_bccNote;
    QStringList m_bcc;
};

} // namespace Ui
