#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/bench/LatencySummary.hpp"
#include "cli/bench/players/PlayersSettings.hpp"

namespace mmo::cli::bench::players {

// The targets of issue 19 a region is checked against (meets_targets). The fan-out target is checked
// against the delay after the node's tick: a position sent between two ticks waits for the next one
// (0..100 ms at 10 Hz) whatever the node does, so send-to-receive p99 is at least about one tick.
struct PlayerTargets {
    double fanOutP99Ms = 50;
    double placeAckP99Ms = 20;
    double metricsP99Ms = 100;
    double rssKbPerPlayer = 16;
};

// What one region's node and players did in the measured window.
struct RegionFigures {
    std::string region;
    int requested = 0;
    int held = 0;  // welcomed and subscribed at the end of the window
    int refused = 0;
    std::uint64_t disconnects = 0;
    std::uint64_t errors = 0;
    std::uint32_t positionHz = 0;  // the node's, from its WELCOME
    std::uint64_t positionsSent = 0;
    std::uint64_t positionsDatagrams = 0;
    std::uint64_t placesSent = 0;
    std::uint64_t placesAcked = 0;
    std::uint64_t remoteUpdates = 0;
    LatencySummary fanOut;     // includes the wait for the node's next tick (up to 1 / position_hz)
    LatencySummary tickDelay;  // the node's tick (its first datagram seen) -> each datagram of the tick
    LatencySummary placeAck;
    std::optional<LatencySummary> remoteUpdate;  // only with two regions or more
    LatencySummary metricsScrape;
    std::uint64_t metricsFailures = 0;
    std::optional<double> nodeCpuPercent;  // 100 = one core, over the window
    std::optional<std::uint64_t> rssIdleKb;
    std::optional<std::uint64_t> rssHeldKb;

    std::optional<double> cpuMicrosPerPlayerSecond() const;
    std::optional<double> rssKbPerPlayer() const;
    bool meets(const PlayerTargets& targets) const;
};

struct PlayersResult {
    PlayersSettings settings;
    std::string set;  // "own" or "running"
    double windowSeconds = 0;
    std::optional<double> driverCpuPercent;  // mmoctl itself over the window
    std::vector<RegionFigures> regions;
};

boost::json::value toJson(const PlayersResult& result);
void printReport(const PlayersResult& result, std::ostream& out);

}  // namespace mmo::cli::bench::players
