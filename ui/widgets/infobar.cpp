#include "infobar.h"

#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

namespace Ui {

InfoBar::InfoBar(QWidget *parent)
    : QFrame(parent), m_layout(new QHBoxLayout(this)), m_label(new QLabel(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_layout->setContentsMargins(8, 4, 4, 4);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_layout->addWidget(m_label, 1);
    auto *close = new QToolButton(this);
    close->setAutoRaise(true);
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Hide"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    m_layout->addWidget(close);
    updateColours();
}

void InfoBar::setText(const QString &text)
{
    m_label->setText(text);
}

QString InfoBar::text() const
{
    return m_label->text();
}

QPushButton *InfoBar::addButton(const QString &text)
{
    auto *button = new QPushButton(text, this);
    m_layout->insertWidget(m_layout->count() - 1, button);
    return button;
}

void InfoBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateColours();
}

void InfoBar::updateColours()
{
    const bool dark = Theme::isDark(parentWidget() ? parentWidget()->palette() : palette());
    QPalette p = palette();
    p.setColor(QPalette::Window, dark ? QColor(0x4a, 0x3f, 0x14) : QColor(0xff, 0xf4, 0xce));
    p.setColor(QPalette::WindowText, dark ? QColor(0xf5, 0xe6, 0xb0) : QColor(0x4a, 0x3b, 0x00));
    if (p != palette())
        setPalette(p);
}

} // namespace Ui
