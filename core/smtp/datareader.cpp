#include "datareader.h"

#include <cstring>
#include <utility>

namespace Smtp {

DataReader::DataReader(qint64 maxSize, ContentSink *sink)
    : m_maxSize(maxSize), m_sink(sink)
{
}

void DataReader::append(const char *data, qsizetype size)
{
    m_contentSize += size;
    if (m_overflowed)
        return;
    if (m_contentSize > m_maxSize) {
        // Keep reading to the end, but hold nothing more in memory.
        m_overflowed = true;
        m_content = QByteArray();
        if (m_sink)
            m_sink->clear();
        return;
    }
    if (m_sink)
        m_sink->append(QByteArrayView(data, size));
    else
        m_content.append(data, size);
}

void DataReader::bareLf()
{
    if (m_bareLf++ == 0)
        m_firstBareLf = m_contentSize - 1;
    m_lastBare = "LF";
}

void DataReader::bareCr()
{
    if (m_bareCr++ == 0)
        m_firstBareCr = m_contentSize - 1;
    m_lastBare = "CR";
}

void DataReader::pattern(const char *name)
{
    if (m_patterns++ == 0)
        m_firstPattern = m_contentSize;
    const QByteArray n(name);
    if (!m_patternNames.split(',').contains(n))
        m_patternNames += (m_patternNames.isEmpty() ? "" : ",") + n;
}

// The end of the run of ordinary lines from `from`: lines ending in CRLF, with no other CR or
// LF, none but the first (when the run starts mid-line) beginning with a dot. Most data is
// such a run, taken in one step; the byte-wise states below handle everything else.
qsizetype DataReader::ordinaryRun(const char *data, qsizetype from, qsizetype size, bool atLineStart, qint64 *lines)
{
    qsizetype end = from;
    for (qsizetype start = from; start < size;) {
        if (atLineStart && data[start] == '.')
            break;
        const auto *lf = static_cast<const char *>(memchr(data + start, '\n', size_t(size - start)));
        if (!lf)
            break;
        const qsizetype cr = lf - data - 1;
        if (cr < start || data[cr] != '\r' || memchr(data + start, '\r', size_t(cr - start)))
            break;
        end = start = cr + 2;
        atLineStart = true;
        ++*lines;
    }
    return end;
}

qsizetype DataReader::feed(const char *data, qsizetype size)
{
    qsizetype i = 0;
    while (i < size && m_state != State::Finished) {
        if (m_state == State::LineStart || m_state == State::Mid) {
            qint64 lines = 0;
            const qsizetype end = ordinaryRun(data, i, size, m_state == State::LineStart, &lines);
            if (end > i) {
                append(data + i, end - i);
                m_lines += lines;
                m_state = State::LineStart;
                i = end;
                continue;
            }
        }
        const char c = data[i];
        switch (m_state) {
        case State::LineStart:
            if (c == '.') {
                m_state = State::Dot;
                ++i;
                continue;
            }
            m_state = State::Mid;
            continue;
        case State::Dot:
            // The leading dot of a line is stuffing (RFC 5321 4.5.2) and is dropped.
            if (c == '\r') {
                m_state = State::DotCr;
                ++i;
                continue;
            }
            if (c == '\n')
                pattern("CRLF.LF");
            m_state = State::Mid;
            continue;
        case State::DotCr:
            if (c == '\n') {
                m_state = State::Finished;
                ++i;
                continue;
            }
            pattern("CRLF.CR");
            appendByte('\r');
            bareCr();
            m_state = State::AfterBareEol;
            continue;
        case State::Mid:
        case State::AfterBareEol: {
            if (m_state == State::AfterBareEol && c == '.') {
                appendByte('.');
                m_state = State::BareDot;
                ++i;
                continue;
            }
            qsizetype j = i;
            while (j < size && data[j] != '\r' && data[j] != '\n')
                ++j;
            if (j > i) {
                append(data + i, j - i);
                m_state = State::Mid;
                i = j;
                continue;
            }
            if (c == '\r') {
                m_state = State::Cr;
            } else {
                appendByte('\n');
                ++m_lines;
                bareLf();
                m_state = State::AfterBareEol;
            }
            ++i;
            continue;
        }
        case State::Cr:
            if (c == '\n') {
                append("\r\n", 2);
                ++m_lines;
                m_state = State::LineStart;
                ++i;
                continue;
            }
            appendByte('\r');
            bareCr();
            m_state = State::AfterBareEol;
            continue;
        case State::BareDot:
            if (c == '\r') {
                m_state = State::BareDotCr;
                ++i;
                continue;
            }
            if (c == '\n')
                pattern(m_lastBare[0] == 'L' ? "LF.LF" : "CR.LF");
            m_state = State::Mid;
            continue;
        case State::BareDotCr:
            if (c == '\n') {
                pattern(m_lastBare[0] == 'L' ? "LF.CRLF" : "CR.CRLF");
                append("\r\n", 2);
                ++m_lines;
                m_state = State::LineStart;
                ++i;
                continue;
            }
            pattern(m_lastBare[0] == 'L' ? "LF.CR" : "CR.CR");
            appendByte('\r');
            bareCr();
            m_state = State::AfterBareEol;
            continue;
        case State::Finished:
            break;
        }
    }
    return i;
}

Records::Defects DataReader::defects() const
{
    Records::Defects out;
    if (m_bareLf)
        out.append({"data-bare-lf",
                    QStringLiteral("Message data has %1 line(s) ending in a bare LF; RFC 5321 2.3.8 requires CRLF")
                        .arg(m_bareLf),
                    m_bareLf, m_firstBareLf});
    if (m_bareCr)
        out.append({"data-bare-cr",
                    QStringLiteral("Message data has %1 bare CR(s) not followed by LF; RFC 5321 2.3.8 requires CRLF")
                        .arg(m_bareCr),
                    m_bareCr, m_firstBareCr});
    if (m_patterns)
        out.append({"smtp-smuggling",
                    QStringLiteral("Message data contains end-of-data lookalikes (%1) that a lenient server "
                                   "could take as the end of the message (SMTP smuggling); not treated as the end")
                        .arg(QString::fromLatin1(m_patternNames)),
                    m_patterns, m_firstPattern});
    return out;
}

} // namespace Smtp
