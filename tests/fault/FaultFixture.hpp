#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/ChaosProxyProcess.hpp"
#include "tests/support/GameBot.hpp"
#include "tests/support/NatsServerProcess.hpp"
#include "tests/support/RegionNode.hpp"
#include "tests/support/TempDir.hpp"
#include "tests/support/TmpfsMount.hpp"

// The fault suite's common ground: a real `nats-server -js`, three real mmo-node regions (eu, us, ap) and
// game-protocol bots playing in every region, then the end every scenario shares: every acknowledged
// change in every region and equal world digests within 10 s of the last fault healing.
namespace mmo::test::fault {

using Clock = std::chrono::steady_clock;
using Env = std::map<std::string, std::string>;

inline constexpr int kRegions = 3;
inline constexpr int kBotsPerRegion = 2;
inline constexpr const char* kRegionIds[kRegions] = {"eu-west-1", "us-east-1", "ap-south-1"};
inline constexpr auto kConvergenceBound = std::chrono::seconds(10);
// 2 bots x ~15 writes/s per region (under the 20 actions/s a player may do): thousands of changes per
// scenario, light enough for CI next to others.
inline constexpr auto kBotPace = std::chrono::milliseconds(60);

class FaultFixture : public ::testing::Test {
  protected:
    // Starts nats-server -js on <dir>/nats (OS-picked ports, kept across restarts).
    void startNats();
    // Starts the three regions on `natsUrl(i)` (default: the test's nats-server) with `extraEnv[i]` on top
    // of the suite's defaults (RegionNode's, plus a snapshot every second, so kills land around them).
    void startRegions(const std::function<std::string(int)>& natsUrl = {},
                      const std::map<int, Env>& extraEnv = {});
    // Starts `mmoctl chaos serve` in front of the nats-server (a link per region, shaped by `wan`), then
    // the three regions, each on its own link.
    void startProxiedRegions(const ChaosProxyOptions& wan = {}, const std::map<int, Env>& extraEnv = {});
    // Runs `mmoctl chaos <args>` against the proxy; a failure to run or a non-zero exit fails the test.
    ::testing::AssertionResult chaos(const std::vector<std::string>& args);
    void startBots(std::chrono::milliseconds pace = kBotPace);

    RegionNode& region(int i) { return *regions_.at(static_cast<std::size_t>(i)); }
    // The bots playing in region i.
    std::vector<const GameBot*> botsIn(int i) const;
    // Writes acknowledged to, refused to, and connections cut under the bots of region i so far.
    int ackedIn(int i) const { return sumIn(i, &GameBot::acked); }
    int refusedIn(int i) const { return sumIn(i, &GameBot::refused); }
    int disconnectsIn(int i) const { return sumIn(i, &GameBot::disconnects); }
    // Waits until the bots of region i (every region) got `count` more acks than when called.
    ::testing::AssertionResult regionPlays(int i, int count, std::chrono::milliseconds timeout);
    ::testing::AssertionResult allPlay(int count, std::chrono::milliseconds timeout);
    // Send-to-ack latency of the bots of these regions for writes started in [from, to).
    LatencySummary latencyIn(const std::vector<int>& regions,
                             Clock::time_point from = Clock::time_point::min(),
                             Clock::time_point to = Clock::time_point::max()) const;
    // Stops every bot; returns every change acknowledged to any of them.
    std::vector<AckedChange> stopBots();

    // After the last fault healed at `healedAt` (and the bots stopped): waits until every region answers
    // with the same digest and holds every change of `acked`. Returns the seconds from `healedAt` until
    // that held; fails the test when it did not hold within 10 s of `healedAt`.
    double expectConvergence(Clock::time_point healedAt, const std::vector<AckedChange>& acked);
    // Prints the scenario's one-line summary (for docs/reliability.md) to stdout.
    void report(const std::string& scenario, int faults, std::size_t changes, double convergenceSeconds,
                const std::string& extra = {});

    // The logs of every region (for failure messages).
    std::string logs() const;

    TempDir dir_{"fault"};
    std::unique_ptr<NatsServerProcess> nats_;
    std::unique_ptr<ChaosProxyProcess> chaos_;
    // Before regions_: destroyed after the nodes that write there.
    std::vector<std::unique_ptr<TmpfsMount>> mounts_;
    std::vector<std::unique_ptr<RegionNode>> regions_;
    // After regions_: stopped before the nodes they play against go away.
    std::vector<std::unique_ptr<GameBot>> bots_;

  private:
    int sumIn(int i, int (GameBot::*count)() const) const;
};

}  // namespace mmo::test::fault
