#pragma once

#include "stage.h"

#include "records/reply.h"

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace Faults {

// A closed range of whole numbers (milliseconds, octets, bytes per second); min == max for
// a fixed value.
struct Range
{
    qint64 min = 0;
    qint64 max = 0;
    bool operator==(const Range &) const = default;
};

enum class Scope { Session, Overall };

// When a rule applies. Every field is optional; those set must all hold (AND). Regular
// expressions search (anchor them with ^ and $) and ignore case.
struct Conditions
{
    QString argument;           // the command argument; for MAIL and RCPT the address alone
    QString helo;               // the name the client gave in EHLO/HELO
    QString authUser;           // the user the client authenticated as
    QStringList clients;        // addresses or CIDR ranges ("10.0.0.0/8", "::1")
    std::optional<Range> size;  // end of data: message size in octets
    QString headerName;         // end of data: a header field (e.g. "Subject") ...
    QString headerRegex;        // ... whose value matches
    QList<int> nth;             // the n-th time (1-based) the rule's stage is reached and matches
    int every = 0;              // every k-th such time
    Scope scope = Scope::Session; // where nth and every count: per session or since the start
    int times = 0;              // only the next N times the rule fires (0: no limit)
    double probability = 100.0; // percent, decimals allowed
    bool newSessionsOnly = false; // only sessions that begin after the rule was loaded

    bool hasCounter() const { return !nth.isEmpty() || every > 0; }
    bool operator==(const Conditions &) const = default;
};

enum class ActionType {
    Reply,      // reply with the given code and text instead of the normal reply
    Delay,      // wait before the (normal or given) reply
    Throttle,   // send the reply at N bytes per second (at connect: the whole session)
    Disconnect, // reply 421 and close
    Close,      // close without a reply
    Hang,       // read, never answer, until the client or the idle timeout gives up
    Drop,       // end of data: reply 250 but do not store the message
    Hold,       // ask a front end which reply to send; the given reply after a timeout
    Greylist,   // scenario: the first attempt of a client/sender/recipient triple is refused
    RateLimit,  // scenario: more than N messages per window per client or sender
    Quota,      // scenario: a recipient with N messages or octets stored is full
};

enum class RatePer { Client, Sender };

struct Action
{
    ActionType type = ActionType::Reply;
    std::optional<Records::Reply> reply; // see ActionType; optional for Delay and Throttle
    Range delayMs;                    // Delay
    Range bytesPerSecond;             // Throttle
    int holdTimeoutMs = 30000;        // Hold
    int retryAfterSeconds = 60;       // Greylist
    int limit = 0;                    // RateLimit: messages allowed per window
    int windowSeconds = 60;           // RateLimit
    RatePer per = RatePer::Client;    // RateLimit
    qint64 quotaMessages = 0;         // Quota: messages per recipient (0: no limit)
    qint64 quotaBytes = 0;            // Quota: octets per recipient (0: no limit)

    bool isScenario() const
    {
        return type == ActionType::Greylist || type == ActionType::RateLimit || type == ActionType::Quota;
    }
    bool operator==(const Action &) const = default;
};

struct Rule
{
    QString name;               // unique in a plan; names the rule in transcripts and counts
    bool enabled = true;
    Stage stage = Stage::Any;
    Conditions when;
    Action action;

    bool operator==(const Rule &) const = default;
};

QString actionTypeName(ActionType type);
std::optional<ActionType> actionTypeFromName(const QString &name);

// The reply an action sends when the plan does not give one.
Records::Reply defaultReply(ActionType type);

// JSON form of one rule (see docs/faults.md). fromJson never throws: it returns
// nullopt and says why in *error.
QJsonObject toJson(const Rule &rule);
std::optional<Rule> ruleFromJson(const QJsonObject &object, QString *error);

QJsonObject replyToJson(const Records::Reply &reply);
std::optional<Records::Reply> replyFromJson(const QJsonObject &object, QString *error);

} // namespace Faults

Q_DECLARE_METATYPE(Faults::Rule)
