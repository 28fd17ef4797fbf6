#pragma once

#include "mime/parsedmessage.h"
#include "records/defect.h"

#include <QJsonObject>

// Mailscope's own JSON for a message's MIME tree and its findings (GET /api/v1/message/{ID}/tree
// and /lint). Byte ranges are {"Start", "End"}, half-open octet offsets into the raw message.
// Pure, any thread.
namespace Api {

// {"Size", "Root"}: each node has Path (IMAP section numbers, "" for a top-level multipart),
// ContentType, Charset, Disposition, Filename, ContentID, TransferEncoding, Attachment,
// DecodedSize, Header and Body ranges and Children.
QJsonObject mimeTreeJson(const Mime::ParsedMessage &message);

// {"Findings": [...]}: the stored SMTP defects of the message (Source "smtp", severity
// "warning"), then what Mime::parse and Mime::lint found (Source "mime"); each with Code,
// Severity, Text, RFC, Offset and Path where known.
QJsonObject lintJson(const Mime::ParsedMessage &message, const Records::Defects &smtpDefects);

} // namespace Api
