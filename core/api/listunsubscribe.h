#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace Api {

// What Mailpit makes of a List-Unsubscribe header (RFC 2369, RFC 8058): the links it accepts
// (at most one mailto: and one http(s) link) and its complaints joined by ", ".
struct ListUnsubscribe
{
    QString header;             // List-Unsubscribe as decoded; empty when absent
    QStringList links;
    QString errors;
    QString headerPost;         // List-Unsubscribe-Post; empty when absent
};

ListUnsubscribe parseListUnsubscribe(const QString &header, const QString &headerPost);

// {"Header", "Links", "Errors", "HeaderPost"}, Links always an array.
QJsonObject toJson(const ListUnsubscribe &value);

} // namespace Api
