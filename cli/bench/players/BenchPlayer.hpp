#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <random>
#include <unordered_map>
#include <vector>

#include "cli/bench/players/PlaceLedger.hpp"
#include "cli/bench/players/RegionLoad.hpp"
#include "common/gameclient/GameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"

namespace mmo::cli::bench::players {

// How one simulated player plays.
struct PlayerPlan {
    gameclient::ClientOptions target;
    std::string name;
    std::size_t regionIndex = 0;
    std::size_t slot = 0;  // its index in the region (PositionLedger slot)
    double homeX = 0;
    double homeY = 0;
    std::int32_t viewX = 0;
    std::int32_t viewY = 0;
    std::uint32_t view = 32;
    double moveHz = 0;      // 0: the node's position rate (WELCOME)
    double placeEvery = 5;  // seconds; 0: never
    std::uint32_t seed = 1;
};

// A player of `mmoctl bench players`: connects as a guest, subscribes to its view, then sends its
// position at the move rate (a random walk near its home) and places a block in its view every
// placeEvery seconds, both with a random phase; measures what it sees into the region's RegionLoad and
// the PlaceLedger. Everything runs on the client's strand.
class BenchPlayer : public std::enable_shared_from_this<BenchPlayer> {
  public:
    using Clock = std::chrono::steady_clock;

    BenchPlayer(boost::asio::any_io_executor executor, PlayerPlan plan, RegionLoad& load,
                std::vector<RegionLoad*> regions, PlaceLedger& places, const MeasureWindow& window);

    void start();
    // Stops moving and placing, says goodbye.
    void stop();

  private:
    void onEvent(gameclient::ServerEvent&& event);
    void onPositions(const game::PositionsDatagram& datagram);
    void startPlaying();
    void scheduleMove(Clock::time_point at);
    void schedulePlace(Clock::time_point at);
    void place();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    PlayerPlan plan_;
    RegionLoad& load_;
    std::vector<RegionLoad*> regions_;
    PlaceLedger& places_;
    const MeasureWindow& window_;
    std::shared_ptr<gameclient::GameClient> client_;
    boost::asio::steady_timer moveTimer_;
    boost::asio::steady_timer placeTimer_;
    std::mt19937 random_;
    std::string region_;
    Clock::duration moveEvery_{};
    std::uint64_t nextRequest_ = 1;
    std::unordered_map<std::uint64_t, Clock::time_point> pending_;
    std::unordered_map<std::uint64_t, std::uint32_t> lastSeen_;  // sender id -> last matched send seq
    bool welcomed_ = false;
    bool held_ = false;
    bool stopped_ = false;
    bool settled_ = false;  // counted as held or refused (no longer connecting)
    float x_ = 0;
    float y_ = 0;
};

}  // namespace mmo::cli::bench::players
