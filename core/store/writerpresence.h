#pragma once

#include <QString>

namespace Store {

// Which writers have one database open, across processes (the window and `mailscope serve`
// may share one): each holds a shared lock on "<database>.writers" for as long as it runs. A
// writer that can take the lock alone at start knows that every session still marked open was
// left so by a process that ended without closing it. The kernel drops a dead process's lock.
class WriterPresence
{
public:
    WriterPresence() = default;
    ~WriterPresence();
    WriterPresence(const WriterPresence &) = delete;
    WriterPresence &operator=(const WriterPresence &) = delete;

    // Takes the lock alone if it can (true), else shares it (false; also when there is no file).
    bool arrive(const QString &databasePath);
    void share();                 // after the work done alone
    void leave();

private:
    int m_fd = -1;
};

} // namespace Store
