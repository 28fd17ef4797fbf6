#pragma once

#include "contentsink.h"
#include "records/defect.h"

#include <QByteArray>

namespace Smtp {

// Reads DATA content (RFC 5321 4.5.2): removes dot-stuffing and stops after exactly
// CRLF.CRLF. Bare CR and LF are kept as sent and reported; dot lines next to them
// (LF.LF, CR.CR, LF.CRLF, ...) are SMTP-smuggling patterns, reported and never taken as
// the end. Content past maxSize is counted, not buffered. Pure; works on any split of input.
// The content goes to sink when one is given (not owned), else into takeContent().
class DataReader
{
public:
    explicit DataReader(qint64 maxSize, ContentSink *sink = nullptr);

    // Consumes input up to and including the terminator; returns how many octets it used.
    qsizetype feed(const char *data, qsizetype size);

    bool finished() const { return m_state == State::Finished; }
    bool overflowed() const { return m_overflowed; }
    qint64 contentSize() const { return m_contentSize; }  // after unstuffing, kept or not
    qint64 lineCount() const { return m_lines; }
    QByteArray takeContent() { return std::exchange(m_content, {}); }
    Records::Defects defects() const;

private:
    enum class State { LineStart, Dot, DotCr, Mid, Cr, AfterBareEol, BareDot, BareDotCr, Finished };

    static qsizetype ordinaryRun(const char *data, qsizetype from, qsizetype size, bool atLineStart, qint64 *lines);
    void append(const char *data, qsizetype size);
    void appendByte(char c) { append(&c, 1); }
    void bareLf();
    void bareCr();
    void pattern(const char *name);

    qint64 m_maxSize;
    State m_state = State::LineStart;
    const char *m_lastBare = "LF";  // the bare line end seen last, for naming patterns
    QByteArray m_content;
    ContentSink *m_sink;
    qint64 m_contentSize = 0;
    qint64 m_lines = 0;
    bool m_overflowed = false;
    qint64 m_bareLf = 0, m_bareCr = 0, m_patterns = 0;
    qint64 m_firstBareLf = -1, m_firstBareCr = -1, m_firstPattern = -1;
    QByteArray m_patternNames;
};

} // namespace Smtp
