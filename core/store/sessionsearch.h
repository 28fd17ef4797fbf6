#pragma once

#include <QString>
#include <QStringList>
#include <QTimeZone>
#include <QVariantList>

namespace Store {

// The search box's language (SearchQuery's tokens, negation and dates) over the session list,
// compiled for SQLite. A word or "phrase" matches the client address, the HELO name or the
// authenticated user, anywhere and in any case; client:, helo: and user: (or auth:) restrict
// it to one of them; is:delivered, is:quit, is:rejected, is:timed-out, is:aborted,
// is:shutdown, is:interrupted and is:open filter on the outcome; has:tls (TLS in use),
// has:auth, has:defect, has:fault and has:mail on what happened; defect:CODE (e.g.
// defect:data-bare-lf) and fault:RULE name one defect or fault rule (a prefix of its code or
// name); before: and after: compare when the session started. '-' or '!' excludes a term.
struct SessionQuery
{
    QStringList conditions;     // SQL over the sessions table, all of which must hold
    QVariantList binds;         // in the order of their placeholders

    static SessionQuery parse(const QString &text, const QTimeZone &zone = QTimeZone::systemTimeZone());
    bool isEmpty() const { return conditions.isEmpty(); }
    QString where() const;      // "1" when there is no condition
};

} // namespace Store
