#include "rawpane.h"

#include "rawbytesview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace Ui {

RawPane::RawPane(QWidget *parent)
    : QWidget(parent), m_view(new RawBytesView(this)), m_hex(new QToolButton(this)),
      m_whitespace(new QToolButton(this)), m_goTo(new QLineEdit(this)), m_status(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("rawView"));
    m_hex->setText(tr("Hex"));
    m_hex->setToolTip(tr("Show 16 octets a row in hexadecimal"));
    m_hex->setCheckable(true);
    m_hex->setAutoRaise(true);
    connect(m_hex, &QToolButton::toggled, this, [this](bool on) {
        m_view->setMode(on ? RawBytesView::Mode::Hex : RawBytesView::Mode::Text);
    });
    m_whitespace->setText(tr("CR LF"));
    m_whitespace->setToolTip(tr("Show CR, LF and tab characters"));
    m_whitespace->setCheckable(true);
    m_whitespace->setAutoRaise(true);
    connect(m_whitespace, &QToolButton::toggled, m_view, &RawBytesView::setShowWhitespace);
    m_goTo->setPlaceholderText(tr("Go to offset"));
    m_goTo->setToolTip(tr("An octet offset, decimal or hex with 0x; Enter to jump"));
    m_goTo->setMaximumWidth(130);
    m_goTo->setClearButtonEnabled(true);
    connect(m_goTo, &QLineEdit::returnPressed, this, [this] {
        bool ok = false;
        const qint64 offset = m_goTo->text().trimmed().toLongLong(&ok, 0);
        if (ok)
            m_view->goToOffset(offset);
    });
    connect(m_view, &RawBytesView::cursorMoved, this, &RawPane::updateStatus);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(new QLabel(tr("Raw"), this));
    bar->addWidget(m_hex);
    bar->addWidget(m_whitespace);
    bar->addStretch(1);
    bar->addWidget(m_goTo);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    updateStatus(-1, {});
}

void RawPane::updateStatus(qint64 cursor, RawBytesView::Range sel)
{
    QString text = tr("%L1 octets, %L2 lines").arg(m_view->bytes().size()).arg(m_view->lineCount());
    if (cursor >= 0) {
        text += tr(" · offset %L1 (0x%2), line %L3").arg(cursor).arg(cursor, 0, 16).arg(m_view->lineOf(cursor) + 1);
        if (!sel.isEmpty())
            text += tr(" · %L1 selected").arg(sel.end - sel.begin);
    }
    m_status->setText(text);
}

} // namespace Ui
