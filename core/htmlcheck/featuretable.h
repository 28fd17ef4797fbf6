#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

// Which Can I Email feature (by slug) a piece of HTML or CSS is, for the features Mailpit's
// html-check tests: elements and attributes, CSS properties and some of their values,
// functions, units, at-rules, pseudo-classes and pseudo-elements, image formats. Names are
// given in lower case; an empty slug means the thing is not tested. Pure.
namespace HtmlCheck::FeatureTable {

QByteArrayView elementSlug(QByteArrayView tag);                          // <video>, <form>, ...
QByteArrayView inputTypeSlug(QByteArrayView inputType);                  // <input type=...>
QByteArrayView buttonTypeSlug(QByteArrayView buttonType);                // <button type=...>
QByteArrayView attributeSlug(QByteArrayView attribute);                  // srcset, required, ...
QByteArrayView presentationalSlug(QByteArrayView attribute);            // bgcolor, width, ... (CSS features)
QByteArrayView propertySlug(QByteArrayView property);                    // border-radius, ...
QByteArrayView displaySlug(QByteArrayView value);                        // flex, grid, none
QByteArrayView functionSlug(QByteArrayView function);                    // rgb(, calc(, ...
QByteArrayView unitSlug(QByteArrayView unit);                            // rem, vw, ...
QByteArrayView keywordSlug(QByteArrayView ident);                        // initial
QByteArrayView atRuleSlug(QByteArrayView name);                          // media, import, ...
QByteArrayView pseudoClassSlug(QByteArrayView name);                     // hover, nth-child, ...
QByteArrayView pseudoElementSlug(QByteArrayView name, bool doubleColon); // before, ::marker, ...
QByteArrayView imageSlug(QByteArrayView source);                         // by extension, or data:image/

// The number of features these functions can name (Total.Tests), the script check included.
int testCount();

} // namespace HtmlCheck::FeatureTable
