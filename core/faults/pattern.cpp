#include "pattern.h"

#include <re2/re2.h>

namespace Faults {

namespace {

RE2::Options caseless()
{
    RE2::Options options;
    options.set_case_sensitive(false);
    options.set_log_errors(false);
    return options;
}

} // namespace

Pattern::Pattern(const QString &pattern)
{
    if (pattern.isEmpty())
        return;
    const QByteArray utf8 = pattern.toUtf8();
    m_re = std::make_shared<const RE2>(re2::StringPiece(utf8.constData(), size_t(utf8.size())), caseless());
}

QString Pattern::error() const
{
    return !m_re || m_re->ok() ? QString() : QString::fromStdString(m_re->error());
}

bool Pattern::matches(QByteArrayView value) const
{
    if (!m_re)
        return true;
    return m_re->ok() && RE2::PartialMatch(re2::StringPiece(value.data(), size_t(value.size())), *m_re);
}

} // namespace Faults
