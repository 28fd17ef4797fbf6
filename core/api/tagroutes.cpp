#include "messagelookup.h"
#include "routes.h"

#include "records/tags.h"
#include "store/maintenance.h"

#include <QJsonArray>

// Mailpit's tag routes: the tags in use, setting a message's tags, renaming and deleting a
// tag. Every change is a writer task; its commit's tagsChanged makes the "update" frames.
namespace Api {

namespace {

// A string member of a body; nullopt with Mailpit's kind of error when it is not a string.
std::optional<QString> stringOf(const QJsonObject &body, const QString &name, QString *error)
{
    const QJsonValue value = body.value(name);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString()) {
        *error = QStringLiteral("%1 must be a string").arg(name);
        return std::nullopt;
    }
    return value.toString();
}

std::optional<QStringList> tagsOf(const QJsonObject &body, QString *error)
{
    const QJsonValue value = body.value(QStringLiteral("Tags"));
    QStringList tags;
    if (value.isUndefined() || value.isNull())
        return tags;
    if (!value.isArray()) {
        *error = QStringLiteral("Tags must be an array of tag names");
        return std::nullopt;
    }
    for (const QJsonValue &tag : value.toArray()) {
        if (!tag.isString()) {
            *error = QStringLiteral("Tags must be an array of tag names as strings");
            return std::nullopt;
        }
        tags.append(tag.toString());
    }
    return tags;
}

// The tag in use whose name is this one without regard to case (as the store compares them).
QString tagInUse(const Store::Reader &reader, const QString &name)
{
    for (const QString &tag : reader.tags()) {
        if (tag.compare(name, Qt::CaseInsensitive) == 0)
            return tag;
    }
    return {};
}

void setTags(Context &context, const Request &request, const Reply &reply)
{
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    const std::optional<QList<qint64>> ids = body ? idsOf(*body, &error) : std::nullopt;
    const std::optional<QStringList> tags = ids ? tagsOf(*body, &error) : std::nullopt;
    if (!tags)
        return reply(Response::error(400, error));
    if (!ids->isEmpty() && !performNow(context, Store::Maintenance::setTags(*ids, *tags), &error))
        return reply(Response::error(400, error));
    reply(Response::ok());
}

void renameTag(Context &context, const Request &request, const Reply &reply)
{
    QString error;
    const std::optional<QJsonObject> body = objectBody(request, &error);
    const std::optional<QString> name = body ? stringOf(*body, QStringLiteral("Name"), &error) : std::nullopt;
    if (!name)
        return reply(Response::error(400, error));
    const QString from = request.param(QStringLiteral("Tag"));
    const QString to = Records::Tags::clean(*name);
    if (to.isEmpty())
        return reply(Response::error(400, QStringLiteral("invalid tag name: %1").arg(to)));
    if (from == to)
        return reply(Response::ok());
    const QString existing = tagInUse(*context.reader, from);
    if (existing.isEmpty())
        return reply(Response::error(400, QStringLiteral("tag not found: %1").arg(from)));
    // Mailpit renames, it does not merge: a name another tag has is refused.
    const QString other = tagInUse(*context.reader, to);
    if (!other.isEmpty() && other != existing)
        return reply(Response::error(400, QStringLiteral("tag already exists: %1").arg(to)));
    if (!performNow(context, Store::Maintenance::renameTag(existing, to), &error))
        return reply(Response::error(400, error));
    reply(Response::ok());
}

void deleteTag(Context &context, const Request &request, const Reply &reply)
{
    const QString name = request.param(QStringLiteral("Tag"));
    const QString existing = tagInUse(*context.reader, name);
    if (existing.isEmpty())
        return reply(Response::error(400, QStringLiteral("tag not found: %1").arg(name)));
    QString error;
    if (!performNow(context, Store::Maintenance::deleteTag(existing), &error))
        return reply(Response::error(400, error));
    reply(Response::ok());
}

} // namespace

void addTagRoutes(Router &router, Context &context)
{
    router.add("GET", QStringLiteral("/api/v1/tags"), [&context](const Request &, Reply reply) {
        reply(Response::json(QJsonArray::fromStringList(context.reader->tags())));
    });
    router.add("PUT", QStringLiteral("/api/v1/tags"), [&context](const Request &request, Reply reply) {
        setTags(context, request, reply);
    });
    router.add("PUT", QStringLiteral("/api/v1/tags/{Tag}"), [&context](const Request &request, Reply reply) {
        renameTag(context, request, reply);
    });
    router.add("DELETE", QStringLiteral("/api/v1/tags/{Tag}"), [&context](const Request &request, Reply reply) {
        deleteTag(context, request, reply);
    });
}

} // namespace Api
