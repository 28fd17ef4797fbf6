#include "messagebodies.h"

namespace HtmlCheck {

namespace {

QList<const Mime::Part *> bodiesOf(const Mime::ParsedMessage &message, QLatin1StringView type)
{
    QList<const Mime::Part *> out;
    for (const Mime::Part *part : message.leaves()) {
        if (part->contentType == type && !part->isAttachment && part->disposition != QLatin1String("attachment"))
            out.append(part);
    }
    return out;
}

} // namespace

const Mime::Part *htmlPart(const Mime::ParsedMessage &message)
{
    const QList<const Mime::Part *> parts = bodiesOf(message, QLatin1StringView("text/html"));
    return parts.isEmpty() ? nullptr : parts.first();
}

QList<const Mime::Part *> textParts(const Mime::ParsedMessage &message)
{
    return bodiesOf(message, QLatin1StringView("text/plain"));
}

} // namespace HtmlCheck
