#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mmo::cli::bench {

// Where one probe listens.
struct ProbeTarget {
    std::string region;
    std::uint16_t tcpPort = 0;
};

class ProbeConnection;

// One subscriber per destination region on a square of the load's area. Every BLOCK_UPDATE it receives
// from another region's write gives one convergence sample: the local wall clock (ms) minus the physical
// milliseconds of the write's hybrid-clock stamp (the origin's wall clock when it was written; one machine,
// one clock). The node cuts off a subscriber that reads too slowly with a `resync` error: the probe counts
// it, subscribes again, and the report says so, so a slow probe never silently measures less.
class ConvergenceProbe {
  public:
    ConvergenceProbe(std::vector<ProbeTarget> targets, std::int32_t side);
    ~ConvergenceProbe();
    ConvergenceProbe(const ConvergenceProbe&) = delete;
    ConvergenceProbe& operator=(const ConvergenceProbe&) = delete;

    // Connects, subscribes and waits for every snapshot; throws std::runtime_error on failure.
    void connect(std::chrono::milliseconds timeout);
    // Starts a new recording (samples of the previous one are dropped).
    void startRecording();
    // Stops recording; later updates are ignored.
    void stopRecording();
    // The samples (ms) recorded for (source, destination).
    std::vector<double> samples(const std::string& source, const std::string& destination) const;
    // resync errors and lost connections since connect().
    std::uint64_t resyncs() const { return resyncs_.load(); }
    std::uint64_t disconnects() const { return disconnects_.load(); }
    void close();

  private:
    friend class ProbeConnection;
    void record(const std::string& destination, const std::string& source, double ms);

    std::vector<ProbeTarget> targets_;
    std::int32_t side_;
    boost::asio::io_context io_;
    std::vector<std::shared_ptr<ProbeConnection>> connections_;
    std::thread thread_;
    std::atomic<bool> recording_{false};
    std::atomic<std::uint64_t> resyncs_{0};
    std::atomic<std::uint64_t> disconnects_{0};
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::vector<double>> samples_;  // (source, destination)
};

}  // namespace mmo::cli::bench
