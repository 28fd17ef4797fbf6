#pragma once

#include "rule.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Faults {

// An ordered list of rules: at each stage the first enabled rule that matches decides.
// Saved as JSON with a version field (see docs/faults.md).
struct Plan
{
    static constexpr int kVersion = 1;

    QString description;            // free text for people
    std::optional<quint64> seed;    // makes probabilities repeatable; the command line may override
    QList<Rule> rules;

    const Rule *rule(const QString &name) const;
    bool isEmpty() const { return rules.isEmpty(); }

    // Every reason the plan cannot be used (invalid rules, duplicate names); empty when valid.
    QStringList problems() const;

    QByteArray toJson() const;                                   // indented, stable key order
    static std::optional<Plan> fromJson(const QByteArray &json, QString *error); // parsed and valid
    static std::optional<Plan> load(const QString &path, QString *error);
    bool save(const QString &path, QString *error) const;

    bool operator==(const Plan &) const = default;
};

} // namespace Faults

Q_DECLARE_METATYPE(Faults::Plan)
