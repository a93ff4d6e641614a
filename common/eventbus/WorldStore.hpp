#pragma once

#include <spdlog/logger.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/eventbus/BusSettings.hpp"
#include "common/eventbus/NatsConnection.hpp"

namespace mmo::eventbus {

// Where the world store's subjects point: <stream>_WORLD.chunk.<region>.<cx>.<cy> and
// <stream>_WORLD.round.<region>.
struct WorldStoreSubjects {
    std::string store;  // the stream's name, <stream>_WORLD

    explicit WorldStoreSubjects(const std::string& eventStream) : store(eventStream + "_WORLD") {}
    std::string chunk(const std::string& region, std::int32_t cx, std::int32_t cy) const;
    std::string chunksOf(const std::string& region) const { return store + ".chunk." + region + ".>"; }
    std::string round(const std::string& region) const { return store + ".round." + region; }
    std::string allRounds() const { return store + ".round.*"; }
};

// The world store on JetStream: a stream beside the event stream, with no max age, that keeps only the
// newest message of every subject (max_msgs_per_subject 1), so it stays as large as the world and no
// larger. Regions keep their chunk checkpoints and round records in it (docs/sync.md, "Checkpoints").
class WorldStore {
  public:
    // `connection` must outlive the store.
    WorldStore(NatsConnection& connection, const BusSettings& settings);

    const WorldStoreSubjects& subjects() const { return subjects_; }
    // Creates the store when it does not exist (true: created now). Throws BusError.
    bool ensure(spdlog::logger& logger);
    // Stores one message and waits for the PubAck. Throws BusError.
    void put(const std::string& subject, std::span<const std::uint8_t> bytes);
    // The message on `subject`, if the store holds one. Throws BusError (a missing store is nullopt).
    std::optional<std::vector<std::uint8_t>> get(const std::string& subject);
    // Subjects matching `filter` that hold a message (0 when the store does not exist).
    std::uint64_t count(const std::string& filter);
    // Hands every message matching `filter` to visit(subject, bytes), in stream order, over one ordered
    // consumer; returns how many there were. Throws BusError (also when delivery stalls for `idle`).
    using Visitor = std::function<void(const std::string& subject, std::span<const std::uint8_t> bytes)>;
    std::uint64_t readAll(const std::string& filter, const Visitor& visit,
                          std::chrono::milliseconds idle = std::chrono::seconds(5));

  private:
    NatsConnection& connection_;
    const BusSettings& settings_;
    WorldStoreSubjects subjects_;
};

}  // namespace mmo::eventbus
