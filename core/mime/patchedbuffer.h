#pragma once

#include <QByteArray>
#include <QList>

// The bytes handed to GMime: the raw message with header sections mended the way most readers
// see them (GMime skips a line that is no header field and keeps reading fields; Python, mail
// clients and RFC 5322 2.1 start the body there), and the map from those bytes' offsets back
// to the raw message. Without edits the bytes are the raw message itself.
namespace Mime {

class PatchedBuffer
{
public:
    enum class Edit { InsertBlankLine, Drop };
    struct Change
    {
        qint64 pos = 0;         // in the raw message
        Edit edit = Edit::InsertBlankLine;
        qint64 length = 0;      // dropped octets
    };

    explicit PatchedBuffer(const QByteArray &raw) : m_raw(raw), m_bytes(raw) {}

    bool add(const Change &change);                 // false when it is already there
    const QList<Change> &changes() const { return m_changes; }
    const QByteArray &bytes() const;
    qint64 toRaw(qint64 offset) const;              // -1 stays -1

private:
    struct Segment
    {
        qint64 bufferStart;
        qint64 rawStart;
        bool advances;          // false for an inserted line break: it stands at one raw offset
    };
    void rebuild() const;

    const QByteArray &m_raw;
    QList<Change> m_changes;    // sorted by pos
    // Built when first asked for after a change: a round of mending adds many changes at once.
    mutable QByteArray m_bytes;
    mutable QList<Segment> m_segments;
    mutable bool m_stale = false;
};

} // namespace Mime
