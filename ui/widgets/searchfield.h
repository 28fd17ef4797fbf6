#pragma once

#include <QLineEdit>
#include <QTimer>

namespace Ui {

// The search box: waits for a pause in typing before asking, Escape clears it, and its
// tooltip teaches the operators.
class SearchField final : public QLineEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SearchField)

public:
    static constexpr int kDelayMs = 250;
    explicit SearchField(QWidget *parent = nullptr);

Q_SIGNALS:
    void searchRequested(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QTimer m_delay;
};

} // namespace Ui
