#pragma once

#include <QDir>
#include <QString>

// Where the shared real-mail corpus lives: MAILSCOPE_CORPUS_DIR, else the path CMake passed
// (../shared/corpus beside the source tree). Empty when neither exists.
inline QString corpusDir()
{
    const QString fromEnv = qEnvironmentVariable("MAILSCOPE_CORPUS_DIR");
    const QString dir = fromEnv.isEmpty() ? QStringLiteral(MAILSCOPE_DEFAULT_CORPUS_DIR) : fromEnv;
    return QDir(dir).exists(QStringLiteral("oracle.jsonl")) ? QDir(dir).absolutePath() : QString();
}
