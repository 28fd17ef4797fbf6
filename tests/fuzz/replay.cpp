// Runs a fuzz target's entry point over files, without libFuzzer: how the regression inputs
// under tests/data/fuzz/ and the seed corpus run in the ordinary test suite, built by the
// usual compiler. Usage: <target>_replay FILE|FOLDER...
#include <QCoreApplication>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

int runFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QByteArray bytes = file.readAll();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int files = 0;
    int failures = 0;
    for (const QString &argument : app.arguments().mid(1)) {
        if (QFileInfo(argument).isDir()) {
            QDirIterator it(argument, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                failures += runFile(it.next());
                ++files;
            }
        } else {
            failures += runFile(argument);
            ++files;
        }
    }
    std::printf("%d inputs run\n", files);
    return failures == 0 && files > 0 ? 0 : 1;
}
