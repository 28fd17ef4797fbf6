#include "presets.h"

namespace Faults {

namespace {

struct PresetSource
{
    const char *name;
    const char *json;           // a plan file, read by the same code as the user's
};

// The descriptions are the summaries `mailscope faults presets` prints.
const PresetSource kPresets[] = {
    {"temp-fail-rcpt", R"json({"version": 1,
        "description": "Every recipient is temporarily refused: 450 4.2.1 mailbox busy",
        "rules": [{"name": "temp-fail-rcpt", "stage": "rcpt",
                   "action": {"type": "reply", "code": 450, "enhanced": "4.2.1",
                              "text": "Mailbox busy, try again later"}}]})json"},
    {"unknown-user", R"json({"version": 1,
        "description": "Recipients do not exist: 550 5.1.1 (add \"when\": {\"argument\": REGEX} to pick addresses)",
        "rules": [{"name": "unknown-user", "stage": "rcpt",
                   "action": {"type": "reply", "code": 550, "enhanced": "5.1.1",
                              "text": "No such user here"}}]})json"},
    {"mailbox-full", R"json({"version": 1,
        "description": "Every mailbox is full: 552 5.2.2 on RCPT",
        "rules": [{"name": "mailbox-full", "stage": "rcpt",
                   "action": {"type": "reply", "code": 552, "enhanced": "5.2.2", "text": "Mailbox full"}}]})json"},
    {"relay-denied", R"json({"version": 1,
        "description": "Relaying is refused: 554 5.7.1 on RCPT",
        "rules": [{"name": "relay-denied", "stage": "rcpt",
                   "action": {"type": "reply", "code": 554, "enhanced": "5.7.1",
                              "text": "Relay access denied"}}]})json"},
    {"unavailable", R"json({"version": 1,
        "description": "The service is unavailable: 421 4.3.2 instead of the greeting, then close",
        "rules": [{"name": "unavailable", "stage": "connect",
                   "action": {"type": "disconnect", "code": 421, "enhanced": "4.3.2",
                              "text": "Service not available, try again later"}}]})json"},
    {"greylisting", R"json({"version": 1,
        "description": "Greylisting: the first attempt of each client/sender/recipient gets 450 4.7.1, a retry after 60 s passes",
        "rules": [{"name": "greylisting", "stage": "rcpt",
                   "action": {"type": "greylist", "retryAfterSeconds": 60, "code": 450, "enhanced": "4.7.1",
                              "text": "Greylisted, please try again later"}}]})json"},
    {"rate-limited", R"json({"version": 1,
        "description": "More than 5 messages a minute from one client get 451 4.7.1",
        "rules": [{"name": "rate-limited", "stage": "mail",
                   "action": {"type": "rate-limit", "limit": 5, "windowSeconds": 60, "per": "client",
                              "code": 451, "enhanced": "4.7.1", "text": "Too many messages, slow down"}}]})json"},
    {"slow", R"json({"version": 1,
        "description": "A slow server: every reply, the greeting included, comes after 0.5 to 2 s",
        "rules": [{"name": "slow-greeting", "stage": "greeting", "action": {"type": "delay", "delayMs": [500, 2000]}},
                  {"name": "slow-replies", "stage": "any", "action": {"type": "delay", "delayMs": [500, 2000]}}]})json"},
    {"flaky", R"json({"version": 1,
        "description": "A flaky network: 5% of commands get the connection closed without a reply",
        "rules": [{"name": "flaky", "stage": "any", "when": {"probability": 5}, "action": {"type": "close"}}]})json"},
    {"reject-after-data", R"json({"version": 1,
        "description": "Every message is refused once received: 554 5.6.0 content rejected",
        "rules": [{"name": "reject-after-data", "stage": "end-of-data",
                   "action": {"type": "reply", "code": 554, "enhanced": "5.6.0", "text": "Content rejected"}}]})json"},
    {"mailpit-chaos", R"json({"version": 1,
        "description": "Mailpit Chaos: sender, recipient and authentication triggers, each 451 with a 10% chance",
        "rules": [{"name": "chaos-sender", "stage": "mail", "when": {"probability": 10},
                   "action": {"type": "reply", "code": 451, "text": "Chaos sender error"}},
                  {"name": "chaos-recipient", "stage": "rcpt", "when": {"probability": 10},
                   "action": {"type": "reply", "code": 451, "text": "Chaos recipient error"}},
                  {"name": "chaos-authentication", "stage": "auth", "when": {"probability": 10},
                   "action": {"type": "reply", "code": 451, "text": "Chaos authentication error"}}]})json"},
    {"mailhog-jim", R"json({"version": 1,
        "description": "MailHog's Jim with its default odds: refused connections, slow links, rejected senders, recipients and AUTH, random disconnects",
        "rules": [{"name": "jim-accept", "stage": "connect", "when": {"probability": 1}, "action": {"type": "close"}},
                  {"name": "jim-linkspeed", "stage": "connect", "when": {"probability": 10},
                   "action": {"type": "throttle", "bytesPerSecond": [1024, 10240]}},
                  {"name": "jim-reject-sender", "stage": "mail", "when": {"probability": 5},
                   "action": {"type": "reply", "code": 550, "text": "Invalid sender"}},
                  {"name": "jim-reject-recipient", "stage": "rcpt", "when": {"probability": 5},
                   "action": {"type": "reply", "code": 550, "text": "Invalid recipient"}},
                  {"name": "jim-reject-auth", "stage": "auth", "when": {"probability": 5},
                   "action": {"type": "reply", "code": 535, "text": "Authentication credentials invalid"}},
                  {"name": "jim-disconnect", "stage": "any", "when": {"probability": 0.5},
                   "action": {"type": "close"}}]})json"},
    {"smtp-sink", R"json({"version": 1,
        "description": "Postfix smtp-sink -w 1 -r . -f VRFY, with -q QUIT and -Q RSET ready to switch on",
        "rules": [{"name": "sink-w", "stage": "data", "action": {"type": "delay", "delayMs": 1000}},
                  {"name": "sink-r", "stage": "end-of-data",
                   "action": {"type": "reply", "code": 450, "enhanced": "4.3.0", "text": "Error: command failed"}},
                  {"name": "sink-f", "stage": "vrfy",
                   "action": {"type": "reply", "code": 500, "enhanced": "5.3.0", "text": "Error: command failed"}},
                  {"name": "sink-q", "enabled": false, "stage": "quit", "action": {"type": "close"}},
                  {"name": "sink-Q", "enabled": false, "stage": "rset",
                   "action": {"type": "disconnect", "code": 421, "enhanced": "4.0.0",
                              "text": "Server closing connection"}}]})json"},
};

} // namespace

QList<PresetInfo> presets()
{
    QList<PresetInfo> out;
    for (const PresetSource &p : kPresets) {
        const auto plan = Plan::fromJson(QByteArray(p.json), nullptr);
        out.append({QString::fromLatin1(p.name), plan ? plan->description : QString()});
    }
    return out;
}

std::optional<Plan> preset(const QString &name)
{
    for (const PresetSource &p : kPresets) {
        if (name == QLatin1String(p.name))
            return Plan::fromJson(QByteArray(p.json), nullptr);
    }
    return std::nullopt;
}

} // namespace Faults
