#pragma once

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;

namespace Ui {

// A thin bar above a view that says something and offers one action, like a browser's
// "remote content blocked" bar. Colours follow the palette.
class InfoBar final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InfoBar)

public:
    explicit InfoBar(QWidget *parent = nullptr);
    void setText(const QString &text);
    QString text() const;
    QPushButton *addButton(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateColours();

    QHBoxLayout *m_layout;
    QLabel *m_label;
};

} // namespace Ui
