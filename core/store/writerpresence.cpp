#include "writerpresence.h"

#include <QFile>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace Store {

WriterPresence::~WriterPresence()
{
    leave();
}

bool WriterPresence::arrive(const QString &databasePath)
{
    leave();
    const QByteArray path = QFile::encodeName(databasePath + QStringLiteral(".writers"));
    m_fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        return false;
    if (::flock(m_fd, LOCK_EX | LOCK_NB) == 0)
        return true;
    ::flock(m_fd, LOCK_SH);
    return false;
}

void WriterPresence::share()
{
    if (m_fd >= 0)
        ::flock(m_fd, LOCK_SH);
}

void WriterPresence::leave()
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1)); // closing drops the lock
}

} // namespace Store
