#include "oldpasswords.h"

#include "chunkrewrite.h"

#include "records/authsecret.h"


namespace Store::OldPasswords {

namespace {

QByteArray withoutLineEnd(QByteArray line)
{
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return line;
}

} // namespace

bool Masker::maskResponse(Exchange &exchange, Records::TranscriptLine &line, const QByteArray &text,
                          const QByteArray &command)
{
    using Response = Records::AuthSecret::Response;
    exchange.awaitingResponse = false;
    if (text == "*" || text.isEmpty())
        return false;
    const int index = exchange.responses++;
    const Response response = exchange.mechanism == "CRAM-MD5" ? Response::CramMd5
                            : exchange.mechanism == "LOGIN"    ? (index == 0 ? Response::LoginUser : Response::LoginPassword)
                                                               : Response::Plain;
    Records::AuthSecret secret = Records::AuthSecret::of(exchange.mechanism, response, text, exchange.loginUser);
    if (response == Response::LoginUser)
        exchange.loginUser = secret.user;
    secret.command = command;
    line.kind = Records::LineKind::AuthSecret;
    line.data = secret.masked().encode();
    return true;
}

bool Masker::mask(Records::TranscriptLine &line)
{
    Exchange &exchange = m_sessions[line.sessionId];
    switch (line.kind) {
    case Records::LineKind::AuthStep: {
        const QByteArray masked = maskedNote(line.data);
        if (masked == line.data)
            return false;
        line.data = masked;
        return true;
    }
    case Records::LineKind::Reply:
    case Records::LineKind::AuthChallenge:
        exchange.awaitingResponse = !exchange.mechanism.isEmpty() && line.data.startsWith("334");
        if (!exchange.awaitingResponse)
            exchange = {};
        return false;
    case Records::LineKind::Command:
    case Records::LineKind::AuthResponse: {
        const QByteArray text = withoutLineEnd(line.data);
        if (exchange.awaitingResponse)
            return maskResponse(exchange, line, text, {});
        exchange = {};
        const QByteArrayList words = text.split(' ');
        if (words.size() < 2 || words.size() > 3 || words[0].toUpper() != "AUTH")
            return false;
        exchange.mechanism = words[1].toUpper();
        if (words.size() == 3 && words[2] != "=")
            return maskResponse(exchange, line, words[2], text.left(text.lastIndexOf(' ')));
        return false;
    }
    default:
        return false;
    }
}

QByteArray maskedNote(const QByteArray &note)
{
    if (!note.startsWith("AUTH ") || !note.contains(" decoded: user \""))
        return note;
    const QByteArray password = ", password \"";
    if (const qsizetype start = note.indexOf(password); start > 0) {
        const qsizetype end = note.lastIndexOf('"');
        if (end >= start + password.size()) {
            const qsizetype length = end - start - password.size();
            return note.left(start) + ", password of " + QByteArray::number(length) + " octets, masked";
        }
    }
    const QByteArray digest = ", digest ";
    if (const qsizetype start = note.indexOf(digest); start > 0 && !note.endsWith(", masked")) {
        const qsizetype length = note.size() - start - digest.size();
        return note.left(start) + ", digest of " + QByteArray::number(length) + " octets, masked";
    }
    return note;
}

bool maskAll(QSqlDatabase &db, QString *error)
{
    Masker masker; // chunks in id order are each session's lines in order
    return TranscriptChunk::rewriteAll(
        db,
        [&masker](QList<Records::TranscriptLine> &lines) {
            bool any = false;
            for (Records::TranscriptLine &line : lines)
                any = masker.mask(line) || any;
            return any;
        },
        QStringLiteral("masking stored AUTH passwords"), error);
}

} // namespace Store::OldPasswords
