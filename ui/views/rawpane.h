#pragma once

#include "rawbytesview.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace Ui {

// The raw bytes beside the message tabs, as Wireshark keeps its bytes pane beside the tree:
// a text/hex switch, visible whitespace, go to offset, and where the cursor is.
class RawPane final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RawPane)

public:
    explicit RawPane(QWidget *parent = nullptr);
    RawBytesView *view() const { return m_view; }

private:
    void updateStatus(qint64 cursor, Ui::RawBytesView::Range selection);

    RawBytesView *m_view;
    QToolButton *m_hex;
    QToolButton *m_whitespace;
    QLineEdit *m_goTo;
    QLabel *m_status;
};

} // namespace Ui
