#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cli/bench/BenchSettings.hpp"

namespace mmo::cli::bench {

// Where the load of one region goes.
struct DriverTarget {
    std::string region;
    int regionIndex = 0;  // the region's place in --regions (selects its change stream)
    std::uint16_t tcpPort = 0;
};

// What the connections of one region did.
struct DriverCounts {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> acked{0};
    std::atomic<std::uint64_t> refused{0};  // ERROR frames answering a write (rate_limited, write_failed)
    std::atomic<std::uint64_t> disconnects{0};
};

class DriverConnection;

// Drives block writes into every region through the game protocol: `connections` guest connections per
// region, each sending PLACE_BLOCK at random cells of the area (the region's change streams), pipelined
// with at most `inFlight` unacknowledged writes. With a rate (total writes/s over all regions, split
// evenly) the writes are paced on a 2 ms tick; with rate 0 every ack releases the next write. Runs its own
// I/O thread.
class LoadDriver {
  public:
    LoadDriver(const BenchSettings& settings, std::vector<DriverTarget> targets);
    ~LoadDriver();
    LoadDriver(const LoadDriver&) = delete;
    LoadDriver& operator=(const LoadDriver&) = delete;

    // Connects every connection and waits for its WELCOME; throws std::runtime_error naming the region
    // that did not answer within `timeout`.
    void connect(std::chrono::milliseconds timeout);
    // Starts writing at `rate` writes/s in total (0: as fast as acks allow).
    void startWriting(double rate);
    // Stops sending new writes.
    void stopWriting();
    // Waits until every write sent was answered, up to `timeout`; false when some were not.
    bool drain(std::chrono::milliseconds timeout);
    // Closes every connection and joins the I/O thread.
    void close();

    const std::vector<DriverTarget>& targets() const { return targets_; }
    const DriverCounts& counts(std::size_t regionIndex) const { return *counts_[regionIndex]; }
    // Snapshot of the counters, to take differences between passes.
    std::uint64_t totalSent() const;
    std::uint64_t totalAnswered() const;

  private:
    BenchSettings settings_;
    std::vector<DriverTarget> targets_;
    std::vector<std::unique_ptr<DriverCounts>> counts_;
    boost::asio::io_context io_;
    std::vector<std::shared_ptr<DriverConnection>> connections_;
    std::thread thread_;
    // I/O thread only: the pacing timer of the current pass stops when the generation moves on.
    std::uint64_t generation_ = 0;
    std::shared_ptr<std::function<void()>> pacer_;
};

}  // namespace mmo::cli::bench
