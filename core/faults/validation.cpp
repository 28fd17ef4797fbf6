#include "validation.h"

#include "pattern.h"

#include <QHostAddress>

#include <QRegularExpression>

#include <cmath>

namespace Faults {

namespace {

constexpr int kMaxReplyLine = 512;              // octets, CRLF included (RFC 5321 4.5.3.1.5)
constexpr qint64 kMaxDelayMs = 3600 * 1000;     // an hour: longer is a hang
constexpr qint64 kMaxBytesPerSecond = 1LL << 30;

// The success (2xx) and intermediate (3xx) replies that mean at a stage what its normal
// success means, per RFC 5321 4.3.2, RFC 3207 4, RFC 4954 6, RFC 3030 2.
QList<int> positiveCodes(Stage stage)
{
    switch (stage) {
    case Stage::Connect:
    case Stage::Greeting:
    case Stage::StartTls:
        return {220};
    case Stage::Auth:
        return {235};
    case Stage::Rcpt:
        return {250, 251};
    case Stage::Data:
        return {354};
    case Stage::Vrfy:
        return {250, 251, 252};
    case Stage::Quit:
        return {221};
    case Stage::Helo:
    case Stage::Mail:
    case Stage::EndOfData:
    case Stage::Bdat:
    case Stage::Rset:
    case Stage::Noop:
        return {250};
    case Stage::Any:
        break;
    }
    return {};
}

QString codeList(const QList<int> &codes)
{
    QStringList names;
    for (int code : codes)
        names.append(QString::number(code));
    if (names.size() > 1)
        return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + names.last();
    return names.value(0);
}

QString checkWellFormed(const Records::Reply &reply)
{
    const int code = reply.code;
    if (code < 200 || code > 599)
        return QStringLiteral("%1 is not a reply code: the first digit must be 2 to 5 (RFC 5321 4.2.1)").arg(code);
    if ((code / 10) % 10 > 5)
        return QStringLiteral("%1 is not a reply code: the second digit must be 0 to 5 (RFC 5321 4.2.1)").arg(code);
    if (!reply.enhanced.isEmpty()) {
        static const QRegularExpression format(QStringLiteral("^([245])\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})$"));
        const auto match = format.match(QString::fromLatin1(reply.enhanced));
        if (!match.hasMatch())
            return QStringLiteral("\"%1\" is not an enhanced status code class.subject.detail with class 2, 4 or 5 "
                                  "(RFC 3463 2)")
                .arg(QString::fromLatin1(reply.enhanced));
        if (match.captured(1).toInt() != code / 100)
            return QStringLiteral("enhanced code %1 does not match reply %2: its class must equal the reply's first "
                                  "digit (RFC 3463 2)")
                .arg(QString::fromLatin1(reply.enhanced))
                .arg(code);
    }
    if (reply.lines.isEmpty())
        return QStringLiteral("a reply needs at least one line");
    for (const QByteArray &line : reply.lines) {
        for (const char c : line) {
            if (c != '\t' && (c < 0x20 || c > 0x7e))
                return QStringLiteral("reply text may hold only printable US-ASCII and tabs, no line breaks "
                                      "(RFC 5321 4.2); use a list of strings for several lines");
        }
        const qsizetype length = 4 + (reply.enhanced.isEmpty() ? 0 : reply.enhanced.size() + 1) + line.size() + 2;
        if (length > kMaxReplyLine)
            return QStringLiteral("a reply line may be at most %1 octets with its CRLF, this one has %2 (RFC 5321 "
                                  "4.5.3.1.5)")
                .arg(kMaxReplyLine)
                .arg(length);
    }
    return {};
}

QString checkAtStage(Stage stage, int code)
{
    if (stage == Stage::Connect || stage == Stage::Greeting) {
        if (code == 220 || code == 421 || code == 554)
            return {};
        return QStringLiteral("a client can receive only 220, 421 or 554 as the greeting (RFC 5321 3.1, 4.3.2), not "
                              "%1")
            .arg(code);
    }
    if (code == 421)
        return {}; // any command may get 421 (RFC 5321 3.8)
    const QList<int> positive = positiveCodes(stage);
    if (code < 400) {
        if (positive.contains(code))
            return {};
        if (code / 100 == 3)
            return QStringLiteral("%1 asks the client to go on sending what %2 does not take (RFC 5321 4.2.1); at %2 "
                                  "a success is %3")
                .arg(code)
                .arg(stageLabel(stage), codeList(positive));
        return QStringLiteral("%1 is not the success reply to %2; a client expects %3 (RFC 5321 4.3.2)")
            .arg(code)
            .arg(stageLabel(stage), codeList(positive));
    }
    // RSET, NOOP and QUIT cannot fail in RFC 5321 4.3.2, beyond what any command may get.
    if ((stage == Stage::Rset || stage == Stage::Noop || stage == Stage::Quit) && code != 500 && code != 501)
        return QStringLiteral("RFC 5321 4.3.2 lets %1 be answered only with %2, or 421, 500 or 501 as any command")
            .arg(stageLabel(stage), codeList(positive));
    return {};
}

QString nameProblem(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (!pattern.match(name).hasMatch())
        return QStringLiteral("a rule name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or "
                              "digit; \"%1\" is not")
            .arg(name);
    return {};
}

void checkRegex(const QString &what, const QString &pattern, QStringList *problems)
{
    if (pattern.isEmpty())
        return;
    const QString error = Pattern(pattern).error();
    if (!error.isEmpty())
        problems->append(QStringLiteral("%1 \"%2\" is not a valid regular expression (RE2 syntax, matched in linear "
                                        "time: no backreferences or lookaround): %3")
                             .arg(what, pattern, error));
}

void checkConditions(const Rule &rule, QStringList *problems)
{
    const Conditions &c = rule.when;
    const Stage s = rule.stage;
    const bool beforeCommands = s == Stage::Connect || s == Stage::Greeting;
    const QString at = stageLabel(s);
    if (!c.argument.isEmpty() && (beforeCommands || s == Stage::EndOfData))
        problems->append(QStringLiteral("there is no command argument at %1").arg(at));
    if (!c.helo.isEmpty() && beforeCommands)
        problems->append(QStringLiteral("the client has not sent EHLO/HELO yet at %1").arg(at));
    if (!c.authUser.isEmpty() && (beforeCommands || s == Stage::Helo || s == Stage::StartTls))
        problems->append(QStringLiteral("the client cannot have authenticated yet at %1").arg(at));
    if ((c.size || !c.headerName.isEmpty()) && s != Stage::EndOfData)
        problems->append(QStringLiteral("message size and header conditions need stage end-of-data, the only stage "
                                        "where the message is known"));
    checkRegex(QStringLiteral("argument"), c.argument, problems);
    checkRegex(QStringLiteral("helo"), c.helo, problems);
    checkRegex(QStringLiteral("authUser"), c.authUser, problems);
    checkRegex(QStringLiteral("header"), c.headerRegex, problems);
    for (const QString &client : c.clients) {
        const bool ok = client.contains(QLatin1Char('/'))
                            ? QHostAddress::parseSubnet(client).first.protocol() != QAbstractSocket::UnknownNetworkLayerProtocol
                            : !QHostAddress(client).isNull();
        if (!ok)
            problems->append(QStringLiteral("client \"%1\" is neither an address nor a CIDR range such as "
                                            "10.0.0.0/8")
                                 .arg(client));
    }
    if (c.size && c.size->min > c.size->max)
        problems->append(QStringLiteral("size min %1 is above max %2").arg(c.size->min).arg(c.size->max));
    for (int n : c.nth) {
        if (n < 1)
            problems->append(QStringLiteral("nth counts from 1, not %1").arg(n));
    }
    if (!std::isfinite(c.probability) || c.probability < 0 || c.probability > 100)
        problems->append(QStringLiteral("probability is a percentage from 0 to 100, not %1").arg(c.probability));
}

void checkDelay(const Range &r, const char *what, qint64 low, qint64 high, QStringList *problems)
{
    if (r.min < low || r.max > high || r.min > r.max)
        problems->append(QStringLiteral("%1 must be from %2 to %3, with min at most max")
                             .arg(QLatin1String(what))
                             .arg(low)
                             .arg(high));
}

void checkAction(const Rule &rule, QStringList *problems)
{
    const Action &a = rule.action;
    const Stage s = rule.stage;
    const auto needStage = [&](Stage wanted, const char *why) {
        if (s != wanted)
            problems->append(QStringLiteral("action %1 works at stage %2 only (%3)")
                                 .arg(actionTypeName(a.type), stageName(wanted), QLatin1String(why)));
    };
    switch (a.type) {
    case ActionType::Reply:
        if (!a.reply)
            problems->append(QStringLiteral("action reply needs a code"));
        break;
    case ActionType::Delay:
        checkDelay(a.delayMs, "delayMs", 0, kMaxDelayMs, problems);
        break;
    case ActionType::Throttle:
        checkDelay(a.bytesPerSecond, "bytesPerSecond", 1, kMaxBytesPerSecond, problems);
        break;
    case ActionType::Disconnect:
        if (a.reply && a.reply->code != 421)
            problems->append(QStringLiteral("action disconnect replies 421 before it closes (RFC 5321 3.8), not %1")
                                 .arg(a.reply->code));
        break;
    case ActionType::Close:
    case ActionType::Hang:
        if (a.reply)
            problems->append(QStringLiteral("action %1 sends no reply, so it takes no code").arg(actionTypeName(a.type)));
        break;
    case ActionType::Drop:
        needStage(Stage::EndOfData, "a message must have been received to be dropped");
        if (a.reply && a.reply->code != 250)
            problems->append(QStringLiteral("action drop pretends the message was accepted, so it replies 250"));
        break;
    case ActionType::Hold:
        if (a.holdTimeoutMs < 1 || a.holdTimeoutMs > kMaxDelayMs)
            problems->append(QStringLiteral("timeoutMs must be from 1 to %1").arg(kMaxDelayMs));
        break;
    case ActionType::Greylist:
        needStage(Stage::Rcpt, "the client/sender/recipient triple is known at RCPT");
        break;
    case ActionType::RateLimit:
        needStage(Stage::Mail, "each MAIL starts a message");
        if (a.limit < 0 || a.windowSeconds < 1)
            problems->append(QStringLiteral("rate-limit needs limit of at least 0 and windowSeconds of at least 1"));
        break;
    case ActionType::Quota:
        needStage(Stage::Rcpt, "a recipient is refused when its mailbox is full");
        if (a.quotaMessages <= 0 && a.quotaBytes <= 0)
            problems->append(QStringLiteral("quota needs messages or bytes above 0"));
        break;
    }
    const Records::Reply reply = a.reply.value_or(defaultReply(a.type));
    if (a.reply || a.isScenario() || a.type == ActionType::Hold || a.type == ActionType::Disconnect) {
        const QString why = checkReply(s, reply);
        if (!why.isEmpty())
            problems->append(why);
    }
}

} // namespace

QString checkReply(Stage stage, const Records::Reply &reply)
{
    const QString malformed = checkWellFormed(reply);
    if (!malformed.isEmpty())
        return malformed;
    if (stage != Stage::Any)
        return checkAtStage(stage, reply.code);
    for (Stage covered : allStages()) {
        if (covered == Stage::Any || !stageCovers(Stage::Any, covered))
            continue;
        const QString why = checkAtStage(covered, reply.code);
        if (!why.isEmpty())
            return QStringLiteral("stage any covers every command, and %1").arg(why);
    }
    return {};
}

QStringList checkRule(const Rule &rule)
{
    QStringList problems;
    const QString badName = nameProblem(rule.name);
    if (!badName.isEmpty())
        problems.append(badName);
    checkConditions(rule, &problems);
    checkAction(rule, &problems);
    const QString who = QStringLiteral("rule \"%1\": ").arg(rule.name);
    for (QString &p : problems)
        p.prepend(who);
    return problems;
}

} // namespace Faults
