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
    enum class Syntax { Messages, Sessions };
    explicit SearchField(QWidget *parent = nullptr);
    // Which list it searches: its hint and tooltip follow; a search still waiting is dropped.
    void setSyntax(Syntax syntax);
    Syntax syntax() const { return m_syntax; }

Q_SIGNALS:
    void searchRequested(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QTimer m_delay;
    Syntax m_syntax = Syntax::Messages;
};

} // namespace Ui
