#pragma once

#include "htmlcheck/compatibility.h"
#include "htmlcheck/linkchecker.h"

#include <QJsonObject>
#include <QList>

// Mailpit's HTMLCheckResponse and LinkCheckResponse (its API v1 swagger) from the checks in
// core/htmlcheck. Mailscope adds one field to each warning: "Places", the raw byte ranges
// ({"Start", "End"}, half-open) where the feature is used.
namespace Api {

QJsonObject htmlCheckJson(const HtmlCheck::CompatibilityReport &report);
QJsonObject linkCheckJson(const QList<HtmlCheck::LinkStatus> &links);

// Can I Email's markdown (code spans, links, emphasis) as the HTML Mailpit sends.
QString markdownToHtml(const QString &markdown);

} // namespace Api
