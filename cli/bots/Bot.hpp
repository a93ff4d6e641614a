#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <random>
#include <unordered_map>

#include "cli/bots/BotStats.hpp"
#include "common/gameclient/GameClient.hpp"
#include "common/gameproto/ErrorCode.hpp"

namespace mmo::cli {

// How one bot plays.
struct BotPlan {
    gameclient::ClientOptions target;
    std::string name;             // guest name
    double actionsPerSecond = 1;  // place or break, alternating, at random cells of the area
    std::int32_t areaX = 0;       // the subscribed square (shared by every bot, so regions see each other)
    std::int32_t areaY = 0;
    std::uint32_t areaSide = 64;
    std::chrono::milliseconds moveEvery{100};  // UDP position updates
    std::uint32_t seed = 1;
};

// A simulated player: connects as a guest, subscribes to the area, then moves (UDP) and places or breaks
// blocks at its rate until stop(); counts what it sees into the region's BotStats.
class Bot : public std::enable_shared_from_this<Bot> {
  public:
    Bot(boost::asio::any_io_executor executor, BotPlan plan, BotStats& stats);

    // Connects and starts playing once the area's snapshot arrived.
    void start();
    // Stops acting, says goodbye and closes.
    void stop();

  private:
    void onEvent(gameclient::ServerEvent&& event);
    void scheduleAction();
    void scheduleMove();
    void act();

    boost::asio::strand<boost::asio::any_io_executor> strand_;
    BotPlan plan_;
    BotStats& stats_;
    std::shared_ptr<gameclient::GameClient> client_;
    boost::asio::steady_timer actionTimer_;
    boost::asio::steady_timer moveTimer_;
    std::mt19937 random_;
    std::string region_;
    std::uint64_t nextRequest_ = 1;
    std::unordered_map<std::uint64_t, std::chrono::steady_clock::time_point> pending_;
    bool playing_ = false;
    bool stopped_ = false;
    float x_ = 0;
    float y_ = 0;
};

}  // namespace mmo::cli
