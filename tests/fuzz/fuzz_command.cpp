// The command parser: a command line, then its argument as a MAIL and a RCPT path, and the
// HELO-name and mailbox checks.
#include "smtp/commandparser.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray line(reinterpret_cast<const char *>(data), qsizetype(size));
    const Smtp::Command command = Smtp::CommandParser::parseCommand(line);
    Smtp::CommandParser::parsePath(command.argument, "FROM", true);
    Smtp::CommandParser::parsePath(command.argument, "TO", false);
    Smtp::CommandParser::isValidDomain(command.argument);
    Smtp::CommandParser::isValidMailbox(command.argument);
    Smtp::CommandParser::isValidXtext(command.argument);
    return 0;
}
