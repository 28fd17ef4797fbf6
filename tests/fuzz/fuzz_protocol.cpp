// The protocol state machine: a byte stream in, cut into chunks where the input says, replies
// out. Every ready message is stored at once, TLS "starts" when asked, and the server's
// invariants are checked: replies are whole CRLF lines with a three-digit code.
#include "smtp/protocol.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

void drain(Smtp::Protocol &protocol)
{
    for (int rounds = 0; rounds < 1000; ++rounds) {
        const Smtp::ProtocolEvents events = protocol.takeEvents();
        if (events.isEmpty())
            return;
        for (const Smtp::ProtocolEvent &e : events) {
            switch (e.kind) {
            case Smtp::ProtocolEvent::Kind::Sent:
                check(e.bytes.size() >= 5 && e.bytes.endsWith("\r\n"));
                check(e.bytes.at(0) >= '2' && e.bytes.at(0) <= '5');
                break;
            case Smtp::ProtocolEvent::Kind::MessageReady:
                protocol.messageStored("FUZZ");
                break;
            case Smtp::ProtocolEvent::Kind::StartTls:
                protocol.tlsStarted();
                break;
            case Smtp::ProtocolEvent::Kind::Pace:
                protocol.resume();
                break;
            default:
                break;
            }
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Smtp::ProtocolConfig config;
    config.tlsAvailable = size > 0 && (data[0] & 1);
    config.requireAuth = size > 0 && (data[0] & 2);
    config.limits.maxMessageSize = 64 * 1024;
    if (size > 0 && (data[0] & 4))
        config.users.add("user", "secret");
    Smtp::Protocol protocol(config);
    protocol.start();
    drain(protocol);
    // The rest is fed in chunks; a byte 0xff ends a chunk (and is not fed), so the fuzzer
    // explores where reads split commands, dot lines and BDAT chunks.
    const char *bytes = reinterpret_cast<const char *>(data) + (size > 0 ? 1 : 0);
    const size_t length = size > 0 ? size - 1 : 0;
    size_t start = 0;
    for (size_t i = 0; i <= length && !protocol.isClosed(); ++i) {
        if (i == length || uint8_t(bytes[i]) == 0xff) {
            protocol.receive(QByteArrayView(bytes + start, qsizetype(i - start)));
            drain(protocol);
            start = i + 1;
        }
    }
    if (!protocol.isClosed()) {
        protocol.idleTimeout();
        drain(protocol);
    }
    return 0;
}
