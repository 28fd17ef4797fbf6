#include "importedmessage.h"

#include "mime/listsummary.h"
#include "records/clock.h"

namespace Store {

Records::MessageRecord importedMessage(const QByteArray &raw)
{
    Records::MessageRecord m;
    m.token = Records::newToken();
    m.raw = raw;
    m.source = QStringLiteral("import");
    m.summary = Mime::summarize(raw);
    return m;
}

} // namespace Store
