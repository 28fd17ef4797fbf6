#include "contentsink.h"

#include "records/privatefiles.h"

#include <QFile>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace Smtp {

namespace {
// Written to the file in pieces of about this size: few system calls, little memory.
constexpr qsizetype kWriteOctets = 256 * 1024;
} // namespace

SpoolSink::SpoolSink(QString folder, qint64 threshold, SpoolProgress progress)
    : m_folder(std::move(folder)), m_threshold(threshold), m_progress(std::move(progress))
{
}

SpoolSink::~SpoolSink()
{
    closeFile();
}

ContentSinkFactory SpoolSink::factory(const QString &folder, const SpoolProgress &progress)
{
    if (folder.isEmpty())
        return [] { return std::make_unique<MemorySink>(); };
    return [folder, progress] { return std::make_unique<SpoolSink>(folder, kDefaultThreshold, progress); };
}

void SpoolSink::append(QByteArrayView data)
{
    m_size += data.size();
    if (!m_error.isEmpty())
        return; // counted, not kept: the message will be refused
    m_bytes.append(data);
    if (!m_file && m_size <= m_threshold)
        return;
    if (!m_file && !openFile())
        return;
    if (m_bytes.size() >= kWriteOctets)
        flush();
}

bool SpoolSink::openFile()
{
    if (!Records::PrivateFiles::makeFolder(m_folder)) {
        m_error = QStringLiteral("cannot create the spool folder");
        m_bytes = QByteArray();
        return false;
    }
    QByteArray name = QFile::encodeName(m_folder) + "/message-XXXXXX";
    m_fd = ::mkostemp(name.data(), O_CLOEXEC); // mode 0600
    if (m_fd < 0) {
        m_error = QStringLiteral("cannot create a spool file: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        m_bytes = QByteArray();
        return false;
    }
    m_file = Records::SpoolFile(QFile::decodeName(name), 0);
    return true;
}

bool SpoolSink::flush()
{
    for (qsizetype done = 0; done < m_bytes.size();) {
        const ssize_t n = ::write(m_fd, m_bytes.constData() + done, size_t(m_bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            m_error = QStringLiteral("cannot write the spool file: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            closeFile();
            m_file = {};
            m_bytes = QByteArray();
            return false;
        }
        done += n;
    }
    const qint64 before = m_written;
    m_written += m_bytes.size();
    m_bytes.clear(); // keeps its capacity for the next piece
    if (m_progress && m_written / kProgressOctets > before / kProgressOctets)
        m_progress(m_file.path(), m_written);
    return true;
}

void SpoolSink::closeFile()
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
}

void SpoolSink::clear()
{
    closeFile();
    m_file = {};
    m_bytes = QByteArray();
    m_written = 0;
}

Content SpoolSink::take()
{
    Content content;
    if (!m_file) {
        content.bytes = std::exchange(m_bytes, {});
    } else if (flush()) {
        closeFile();
        m_file.setSize(m_size);
        content.spool = std::exchange(m_file, {});
        m_bytes = QByteArray();
    }
    m_size = 0;
    m_written = 0;
    return content;
}

} // namespace Smtp
