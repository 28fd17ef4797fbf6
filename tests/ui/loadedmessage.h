#pragma once

#include "views/messageloader.h"

#include <memory>

// A message as the message view's loader hands it to the panes, made from raw bytes.
inline std::shared_ptr<const Ui::LoadedMessage> loadedMessage(const QByteArray &raw)
{
    auto message = std::make_shared<Ui::LoadedMessage>();
    message->id = 1;
    message->found = true;
    message->raw = raw;
    message->parsed = Mime::parse(raw);
    return message;
}
