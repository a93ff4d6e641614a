#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/LatencyRecorder.hpp"
#include "tests/support/RegionNode.hpp"

namespace mmo::test {

// Where a bot builds: write i goes to cell (x0 + i % width, y0 + i / width), so every write takes a new
// cell and no one else's write can hide it (give every bot its own lane).
struct BotLane {
    int x0 = 0;
    int y0 = 0;
    int width = 256;
};

// How a bot plays.
struct GameBotOptions {
    std::string name = "bot";                     // guest name
    BotLane lane;                                 //
    std::chrono::milliseconds pace{100};          // pause after each answered write (10 writes/s at most)
    std::chrono::milliseconds ackTimeout{10000};  // a write unanswered this long: the connection is given up
};

// A player over the real game protocol (common/gameclient) against one region node: joins as a guest and
// places blocks one at a time (send, wait for the answer, pause), each on a new cell of its lane. A write
// counts as acknowledged only when its BLOCK_ACK came (the change is durable in the node's outbox); its
// send-to-ack latency is recorded. When the node goes away (killed) the bot reconnects as soon as it is
// back; the write in flight then is not counted. Runs on its own thread until stop().
class GameBot {
  public:
    // The node's game TCP port now; 0 while it is down.
    using PortSource = std::function<std::uint16_t()>;

    GameBot(PortSource port, GameBotOptions options);
    // Plays against `region` (follows its restarts).
    GameBot(const RegionNode& region, GameBotOptions options);
    ~GameBot();
    GameBot(const GameBot&) = delete;
    GameBot& operator=(const GameBot&) = delete;

    void stop();

    // Writes answered with BLOCK_ACK.
    int acked() const { return acked_.load(); }
    // Writes answered with an ERROR (write_failed, rate_limited, ...): not done.
    int refused() const { return refused_.load(); }
    // Connections that ended under the bot (the node was killed, or a write went unanswered).
    int disconnects() const { return disconnects_.load(); }
    // Every acknowledged change, in the shape RegionNode::hasAll checks.
    std::vector<AckedChange> ackedChanges() const;
    // Every write answered with an ERROR: it did not happen, so its cell must stay empty everywhere.
    std::vector<AckedChange> refusedChanges() const;
    // How many writes were refused with each error code, and the last refusal's message.
    std::map<std::uint16_t, int> refusalsByCode() const;
    std::string lastRefusal() const;
    // Send-to-ack latency of every acknowledged write.
    const LatencyRecorder& latency() const { return latency_; }

  private:
    void run();

    PortSource port_;
    GameBotOptions options_;
    std::atomic<bool> stop_{false};
    std::atomic<int> acked_{0};
    std::atomic<int> refused_{0};
    std::atomic<int> disconnects_{0};
    mutable std::mutex mutex_;
    std::vector<AckedChange> ackedChanges_;
    std::vector<AckedChange> refusedChanges_;
    std::map<std::uint16_t, int> refusals_;
    std::string lastRefusal_;
    LatencyRecorder latency_;
    std::thread thread_;
};

}  // namespace mmo::test
