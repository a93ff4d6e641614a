#pragma once

#include <spdlog/logger.h>

#include <array>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/chaos/LinkPeer.hpp"
#include "cli/chaos/LinkShape.hpp"
#include "cli/chaos/RateLimiter.hpp"

namespace mmo::cli::chaos {

enum class PartitionMode { None, Blackhole, Reset };

// "blackhole", "reset" (and "none").
const char* partitionModeName(PartitionMode mode);

// The live state of one region's link: its shape, its two shared rate limiters, its partition (and the
// timer that heals it), its counters and its open connections (owned here while open; each holds the link
// in turn, a cycle its close breaks). Everything runs on the proxy's one thread.
class LinkState {
  public:
    LinkState(std::string region, LinkShape shape, const boost::asio::any_io_executor& executor,
              std::shared_ptr<spdlog::logger> logger);

    const std::string& region() const { return region_; }
    const LinkShape& shape() const { return shape_; }
    RateLimiter& limiter(Direction direction) { return limiters_[index(direction)]; }

    // Applies a new shape to data read from now on; the rate applies at once.
    void setShape(const LinkShape& shape);

    // Cuts the link: blackhole holds everything, reset drops every connection and refuses new ones.
    // `duration` heals it by itself after that long. A second partition replaces the first.
    void partition(PartitionMode mode, std::optional<std::chrono::milliseconds> duration);

    // Ends a partition (no-op when there is none); held data flows again.
    void heal();

    // Cancels the heal timer, so the proxy's io_context can run out at shutdown.
    void stop() { healTimer_.cancel(); }

    PartitionMode partitionMode() const { return mode_; }
    bool blackholed() const { return mode_ == PartitionMode::Blackhole; }
    bool refusing() const { return mode_ == PartitionMode::Reset; }
    // When the partition heals by itself (wall clock); nullopt when it does not (or there is none).
    std::optional<std::chrono::system_clock::time_point> healsAt() const { return healsAt_; }

    // Connection bookkeeping: the link owns every open connection (a held one has no operation pending
    // that would keep it alive); a connection is attached when accepted and detaches itself when closed.
    void attach(std::shared_ptr<LinkPeer> peer);
    void detach(const LinkPeer* peer);
    void connectionRefused() { ++refused_; }
    std::size_t openConnections() const { return peers_.size(); }
    std::uint64_t acceptedConnections() const { return accepted_; }
    std::uint64_t refusedConnections() const { return refused_; }

    // Resets every open connection (a reset partition, and shutdown).
    void resetAll();

    void addForwarded(Direction direction, std::size_t bytes) { forwarded_[index(direction)] += bytes; }
    std::uint64_t forwarded(Direction direction) const { return forwarded_[index(direction)]; }
    std::size_t queued(Direction direction) const;

  private:
    static std::size_t index(Direction d) { return static_cast<std::size_t>(d); }

    std::string region_;
    LinkShape shape_;
    std::array<RateLimiter, 2> limiters_;
    PartitionMode mode_ = PartitionMode::None;
    std::optional<std::chrono::system_clock::time_point> healsAt_;
    boost::asio::steady_timer healTimer_;
    std::uint64_t partitionGeneration_ = 0;  // a stale heal timer leaves a newer partition alone
    std::shared_ptr<spdlog::logger> logger_;
    std::vector<std::shared_ptr<LinkPeer>> peers_;
    std::uint64_t accepted_ = 0;
    std::uint64_t refused_ = 0;
    std::array<std::uint64_t, 2> forwarded_{};
};

}  // namespace mmo::cli::chaos
