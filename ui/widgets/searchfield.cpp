#include "searchfield.h"

#include <QKeyEvent>

namespace Ui {

SearchField::SearchField(QWidget *parent)
    : QLineEdit(parent)
{
    setObjectName(QStringLiteral("searchField"));
    setClearButtonEnabled(true);
    setSyntax(Syntax::Messages);
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

void SearchField::setSyntax(Syntax syntax)
{
    m_syntax = syntax;
    m_delay.stop();
    if (syntax == Syntax::Sessions) {
        setPlaceholderText(tr("Search sessions (Ctrl+F): client:, helo:, user:, is:rejected, has:tls, has:defect, has:fault"));
        setToolTip(tr("<p>Words match the client address, HELO name and authenticated user, as you type.</p>"
                      "<table>"
                      "<tr><td><code>client:192.0.2.</code></td><td>client address</td></tr>"
                      "<tr><td><code>helo:mail.example.com</code></td><td>HELO or EHLO name</td></tr>"
                      "<tr><td><code>user:alice</code></td><td>authenticated user</td></tr>"
                      "<tr><td><code>is:delivered</code>, <code>is:rejected</code>, <code>is:quit</code>, "
                      "<code>is:timed-out</code>, <code>is:aborted</code>, <code>is:open</code></td><td>outcome</td></tr>"
                      "<tr><td><code>has:tls</code>, <code>has:auth</code>, <code>has:mail</code></td><td>what the session did</td></tr>"
                      "<tr><td><code>has:defect</code>, <code>defect:data-bare-lf</code></td><td>protocol defects</td></tr>"
                      "<tr><td><code>has:fault</code>, <code>fault:\"rule name\"</code></td><td>fault rules that fired</td></tr>"
                      "<tr><td><code>before:2024-01-31</code>, <code>after:</code></td><td>when it started</td></tr>"
                      "<tr><td><code>-word</code></td><td>leave out sessions that match</td></tr>"
                      "</table>"));
        return;
    }
    setPlaceholderText(tr("Search (Ctrl+F): words, \"phrases\", from:, to:, subject:, has:attachment, is:unread"));
    setToolTip(tr("<p>Words match the sender, recipients, subject and body text (text and HTML parts), as you type.</p>"
                  "<table>"
                  "<tr><td><code>\"exact phrase\"</code></td><td>words in this order</td></tr>"
                  "<tr><td><code>from:alice</code></td><td>envelope sender or From header</td></tr>"
                  "<tr><td><code>to:bob@example.com</code></td><td>envelope recipients or To header</td></tr>"
                  "<tr><td><code>subject:invoice</code></td><td>subject only</td></tr>"
                  "<tr><td><code>has:attachment</code>, <code>has:html</code></td><td>message structure</td></tr>"
                  "<tr><td><code>is:unread</code>, <code>is:read</code></td><td>read state</td></tr>"
                  "<tr><td><code>-word</code></td><td>leave out messages with the word</td></tr>"
                  "</table>"));
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
