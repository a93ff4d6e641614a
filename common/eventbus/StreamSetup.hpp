#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"

namespace mmo::eventbus {

// What the stream looked like after ensureStream.
struct StreamState {
    bool created = false;
    std::uint64_t firstSeq = 0;
    std::uint64_t lastSeq = 0;
};

// Creates the stream of docs/sync.md (subjects <stream>.>, file storage, max age from
// retention_hours, duplicate window, eventbus.replicas replicas) or accepts an existing one whose subjects
// cover ours. Differences that do not break sync (max age, memory storage, another replica count) are
// logged as warnings and the stream is kept as it is; a too-short duplicate window is raised. Throws
// BusError when the stream cannot be used (subjects do not cover <stream>.sync.*) or cannot be created
// (e.g. more replicas than JetStream servers).
StreamState ensureStream(NatsConnection& connection, const BusSettings& settings, spdlog::logger& logger);

// The event stream's first and last sequence now (created = false). Throws BusError.
StreamState currentStreamState(NatsConnection& connection, const BusSettings& settings);

}  // namespace mmo::eventbus
