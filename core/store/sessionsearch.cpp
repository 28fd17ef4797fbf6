#include "sessionsearch.h"

#include "records/session.h"
#include "search.h"
#include "searchtokens.h"

#include <QDateTime>

namespace Store {

namespace {

// What a session's words are found in, lower-cased for instr().
const QString kClient = QStringLiteral("lower(client_addr)");
const QString kHelo = QStringLiteral("lower(COALESCE(CAST(helo AS TEXT), ''))");
const QString kUser = QStringLiteral("lower(COALESCE(auth_user, ''))");

std::optional<Records::Outcome> outcomeNamed(QString value)
{
    value = value.toLower().replace(QLatin1Char('-'), QLatin1Char('_'));
    if (value == QLatin1String("open") || value == QLatin1String("running"))
        return Records::Outcome::InProgress;
    if (value == QLatin1String("timedout"))
        return Records::Outcome::TimedOut;
    for (int i = 0; i <= int(Records::Outcome::Interrupted); ++i) {
        const auto outcome = static_cast<Records::Outcome>(i);
        if (Records::outcomeName(outcome) == value)
            return outcome;
    }
    return std::nullopt;
}

// A has: flag's condition, or empty for an unknown flag.
QString hasCondition(const QString &value)
{
    const QString v = value.toLower();
    if (v == QLatin1String("tls"))
        return QStringLiteral("(tls IS NOT NULL AND json_extract(tls, '$.error') IS NULL)");
    if (v == QLatin1String("auth"))
        return QStringLiteral("COALESCE(auth_user, '') != ''");
    if (v == QLatin1String("defect") || v == QLatin1String("defects"))
        return QStringLiteral("json_array_length(defects) > 0");
    if (v == QLatin1String("fault") || v == QLatin1String("faults"))
        return QStringLiteral("json_array_length(fault_rules) > 0");
    if (v == QLatin1String("mail") || v == QLatin1String("messages") || v == QLatin1String("message"))
        return QStringLiteral("message_count > 0");
    return {};
}

QString contains(const QStringList &columns)
{
    QStringList any;
    for (const QString &column : columns)
        any.append(QStringLiteral("instr(") + column + QStringLiteral(", ?) > 0"));
    return any.size() == 1 ? any.first() : QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
}

} // namespace

SessionQuery SessionQuery::parse(const QString &text, const QTimeZone &zone)
{
    SessionQuery q;
    const auto add = [&q](const SearchToken &t, const QString &condition, const QVariantList &binds = {}) {
        q.conditions.append(t.negated ? QStringLiteral("NOT (") + condition + QLatin1Char(')') : condition);
        q.binds += binds;
    };
    for (const SearchToken &t : tokenizeSearch(text)) {
        const QString value = t.value.toLower();
        if (t.key == QLatin1String("is") || t.key == QLatin1String("outcome")) {
            if (const auto outcome = outcomeNamed(value)) {
                add(t, QStringLiteral("outcome = ?"), {Records::outcomeName(*outcome)});
                continue;
            }
            if (const QString has = hasCondition(value); !has.isEmpty()) { // is:tls reads as well
                add(t, has);
                continue;
            }
        }
        if (t.key == QLatin1String("has")) {
            if (const QString has = hasCondition(value); !has.isEmpty())
                add(t, has);
            continue;
        }
        if (t.key == QLatin1String("before") || t.key == QLatin1String("after")) {
            if (const std::optional<QDateTime> when = parseSearchDate(t.value, zone)) {
                const QString op = t.key == QLatin1String("before") ? QStringLiteral("<") : QStringLiteral(">");
                add(t, QStringLiteral("started_us ") + op + QStringLiteral(" ?"), {when->toMSecsSinceEpoch() * 1000});
            }
            continue;
        }
        if (value.isEmpty())
            continue;
        if (t.key == QLatin1String("client")) {
            add(t, contains({kClient}), {value});
        } else if (t.key == QLatin1String("helo") || t.key == QLatin1String("ehlo")) {
            add(t, contains({kHelo}), {value});
        } else if (t.key == QLatin1String("user") || t.key == QLatin1String("auth")) {
            add(t, contains({kUser}), {value});
        } else if (t.key == QLatin1String("defect")) {
            add(t, QStringLiteral("EXISTS (SELECT 1 FROM json_each(defects) WHERE"
                                  " instr(lower(json_extract(value, '$.code')), ?) = 1)"),
                {value});
        } else if (t.key == QLatin1String("fault")) {
            add(t, QStringLiteral("EXISTS (SELECT 1 FROM json_each(fault_rules) WHERE"
                                  " instr(lower(json_extract(value, '$.rule')), ?) = 1)"),
                {value});
        } else {
            // A plain word, or an unknown key typed as text (an IPv6 address has colons).
            const QString word = t.key.isEmpty() ? value : t.text.toLower();
            add(t, contains({kClient, kHelo, kUser}), {word, word, word});
        }
    }
    return q;
}

QString SessionQuery::where() const
{
    return conditions.isEmpty() ? QStringLiteral("1") : conditions.join(QStringLiteral(" AND "));
}

} // namespace Store
