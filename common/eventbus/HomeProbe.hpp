#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "common/eventbus/BusSettings.hpp"

namespace mmo::eventbus {

// Asks the node's home server (settings.servers.front()) alone whether it could serve the node now: a
// fresh connection to it (bounded by timeout) and the stream's info through it (the stream has a leader
// the server can reach). Returns nullopt when it answered, else why not ("nats connect: connection
// refused", "stream info GLOBAL_EVENTS: Timeout"). The probe's connection is closed before returning.
std::optional<std::string> probeHomeServer(const BusSettings& settings, std::chrono::milliseconds timeout,
                                           std::shared_ptr<spdlog::logger> logger);

}  // namespace mmo::eventbus
