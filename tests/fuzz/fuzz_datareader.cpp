// The DATA reader alone: dot-stuffed lines in, the message content out, fed in chunks of the
// sizes the first bytes choose. Whatever the cut, the content must be the same.
#include "smtp/datareader.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

struct Result
{
    QByteArray content;
    qsizetype consumed = 0;
    bool finished = false;
};

Result read(const char *data, qsizetype size, qsizetype chunk)
{
    Smtp::DataReader reader(1 << 20);
    Result result;
    while (result.consumed < size && !reader.finished()) {
        const qsizetype n = std::min(chunk, size - result.consumed);
        result.consumed += reader.feed(data + result.consumed, n);
    }
    result.finished = reader.finished();
    result.content = reader.takeContent();
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype chunk = qsizetype(data[0] % 16) + 1;
    const char *bytes = reinterpret_cast<const char *>(data) + 1;
    const qsizetype length = qsizetype(size) - 1;
    const Result whole = read(bytes, length, length > 0 ? length : 1);
    const Result pieces = read(bytes, length, chunk);
    if (whole.finished != pieces.finished || whole.content != pieces.content || whole.consumed != pieces.consumed)
        std::abort();
    return 0;
}
