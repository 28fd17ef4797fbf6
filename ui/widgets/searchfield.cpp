#include "searchfield.h"

#include <QKeyEvent>

namespace Ui {

SearchField::SearchField(QWidget *parent)
    : QLineEdit(parent)
{
    setObjectName(QStringLiteral("searchField"));
    setClearButtonEnabled(true);
    setPlaceholderText(tr("Search (Ctrl+F): words, \"phrases\", from:, to:, subject:, has:attachment, is:unread"));
    setToolTip(tr("<p>Words match the sender, recipients, subject and body text, as you type.</p>"
                  "<table>"
                  "<tr><td><code>\"exact phrase\"</code></td><td>words in this order</td></tr>"
                  "<tr><td><code>from:alice</code></td><td>envelope sender or From header</td></tr>"
                  "<tr><td><code>to:bob@example.com</code></td><td>envelope recipients or To header</td></tr>"
                  "<tr><td><code>subject:invoice</code></td><td>subject only</td></tr>"
                  "<tr><td><code>has:attachment</code>, <code>has:html</code></td><td>message structure</td></tr>"
                  "<tr><td><code>is:unread</code>, <code>is:read</code></td><td>read state</td></tr>"
                  "<tr><td><code>-word</code></td><td>leave out messages with the word</td></tr>"
                  "</table>"));
    m_delay.setSingleShot(true);
    m_delay.setInterval(kDelayMs);
    connect(this, &QLineEdit::textEdited, &m_delay, qOverload<>(&QTimer::start));
    connect(this, &QLineEdit::returnPressed, &m_delay, [this] {
        m_delay.stop();
        Q_EMIT searchRequested(text());
    });
    connect(this, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (text.isEmpty()) { // the clear button
            m_delay.stop();
            Q_EMIT searchRequested({});
        }
    });
    connect(&m_delay, &QTimer::timeout, this, [this] { Q_EMIT searchRequested(text()); });
}

void SearchField::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape && !text().isEmpty()) {
        clear();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

} // namespace Ui
