#pragma once

#include "records/spoolfile.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>

namespace Smtp {

// A message's content as received: in memory, or in a spool file (then bytes is empty).
struct Content
{
    QByteArray bytes;
    Records::SpoolFile spool;

    qint64 size() const { return spool ? spool.size() : bytes.size(); }
    // The start of the content, up to max octets: what fault rules read headers from.
    QByteArray head(qint64 max) const { return spool ? spool.head(max) : bytes.first(qMin<qint64>(max, bytes.size())); }
};

// Where the octets of the message being received go. The protocol asks its config's factory
// for one per message and does no I/O of its own; the default keeps everything in memory.
class ContentSink
{
public:
    virtual ~ContentSink() = default;
    virtual void append(QByteArrayView data) = 0;
    virtual void clear() = 0;               // over the size limit: keep nothing
    virtual Content take() = 0;             // what was appended; the sink is empty afterwards
    virtual QString error() const { return {}; } // not empty: the content could not be kept
};

using ContentSinkFactory = std::function<std::unique_ptr<ContentSink>()>;
// Told, on the network thread, that the spool file at path now holds `written` octets; called
// each time another kProgressOctets are on file, so the store can take them in while the rest
// arrives. The file may still be refused (then removed) or never finished.
using SpoolProgress = std::function<void(const QString &path, qint64 written)>;

class MemorySink final : public ContentSink
{
public:
    void append(QByteArrayView data) override { m_bytes.append(data); }
    void clear() override { m_bytes = QByteArray(); }
    Content take() override { return {std::exchange(m_bytes, {}), {}}; }

private:
    QByteArray m_bytes;
};

// Memory up to `threshold` octets, then a new file in `folder` (0600 from the first byte,
// close-on-exec) for all of it, so a session holds at most about that much of a message.
// A file not taken is removed with the sink. On the network thread, one per message.
class SpoolSink final : public ContentSink
{
public:
    static constexpr qint64 kDefaultThreshold = 1024 * 1024;
    static constexpr qint64 kProgressOctets = 4 * 1024 * 1024;

    SpoolSink(QString folder, qint64 threshold = kDefaultThreshold, SpoolProgress progress = {});
    ~SpoolSink() override;
    Q_DISABLE_COPY_MOVE(SpoolSink)

    void append(QByteArrayView data) override;
    void clear() override;
    Content take() override;
    QString error() const override { return m_error; }

    // No folder: the memory sink.
    static ContentSinkFactory factory(const QString &folder, const SpoolProgress &progress = {});

private:
    bool openFile();
    bool flush();
    void closeFile();

    QString m_folder;
    qint64 m_threshold;
    QByteArray m_bytes;         // all of it before the file exists; then what is not yet written
    Records::SpoolFile m_file;
    int m_fd = -1;
    qint64 m_size = 0;
    qint64 m_written = 0;       // octets on file
    SpoolProgress m_progress;
    QString m_error;
};

} // namespace Smtp
