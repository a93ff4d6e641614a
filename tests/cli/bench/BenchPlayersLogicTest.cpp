// mmoctl bench players in-process: the latency histogram, the ledgers that match a received position or
// update to its send, the layout, /proc parsing, option checks and the JSON report's fields.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cmath>
#include <sstream>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/bench/players/LatencyHistogram.hpp"
#include "cli/bench/players/PlaceLedger.hpp"
#include "cli/bench/players/PlayerLayout.hpp"
#include "cli/bench/players/PlayersReport.hpp"
#include "cli/bench/players/PlayersSettings.hpp"
#include "cli/bench/players/PositionLedger.hpp"
#include "cli/bench/players/ProcStats.hpp"
#include "cli/bench/players/RegionLoad.hpp"

namespace {

using namespace mmo::cli::bench::players;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

TEST(LatencyHistogram, BucketsHoldTheirValuesWithinThreePercent) {
    for (std::uint64_t v :
         {0ull, 1ull, 63ull, 64ull, 65ull, 100ull, 1000ull, 12345ull, 999999ull, 5000000000ull}) {
        const auto b = LatencyHistogram::bucketOf(v);
        EXPECT_GE(LatencyHistogram::upperEdge(b), v) << v;
        if (b > 0) EXPECT_LT(LatencyHistogram::upperEdge(b - 1), v) << v;
        EXPECT_LE(static_cast<double>(LatencyHistogram::upperEdge(b)), v * 1.032 + 1) << v;
    }
}

TEST(LatencyHistogram, PercentilesByNearestRank) {
    LatencyHistogram h;
    EXPECT_EQ(h.summary().samples, 0u);
    EXPECT_EQ(h.summary().p99, 0);
    for (int i = 1; i <= 100; ++i) h.recordMillis(i);  // 1..100 ms
    const auto s = h.summary();
    EXPECT_EQ(s.samples, 100u);
    EXPECT_NEAR(s.p50, 50, 50 * 0.032);
    EXPECT_NEAR(s.p99, 99, 99 * 0.032);
    EXPECT_DOUBLE_EQ(s.max, 100);
    EXPECT_LE(s.p50, s.p99);
    EXPECT_LE(s.p99, s.max);
}

TEST(LatencyHistogram, ThreadsRecordAtOnce) {
    LatencyHistogram h;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&h] {
            for (int i = 0; i < 10000; ++i) h.record(static_cast<std::uint64_t>(i));
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(h.summary().samples, 40000u);
    EXPECT_DOUBLE_EQ(h.summary().max, 9.999);
}

TEST(PositionLedger, MatchesExactCoordinatesOfRecentSendsOnceFrozen) {
    PositionLedger ledger(2);
    ledger.bind(1001, 0);
    ledger.bind(1002, 1);
    const auto t0 = Clock::now();
    ledger.recordSend(0, 10.25f, 20.5f, t0);
    EXPECT_FALSE(ledger.find(1001, 10.25f, 20.5f)) << "nothing is looked up before freeze";
    ledger.freeze();
    ledger.bind(1003, 1);  // too late: ignored
    const auto m = ledger.find(1001, 10.25f, 20.5f);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->sentAt, t0);
    EXPECT_EQ(m->seq, 1u);
    EXPECT_FALSE(ledger.find(1001, 10.25f, 20.25f));
    EXPECT_FALSE(ledger.find(1002, 10.25f, 20.5f)) << "another player's slot";
    EXPECT_FALSE(ledger.find(1003, 10.25f, 20.5f));
    for (int i = 1; i <= static_cast<int>(PositionLedger::kRing); ++i)
        ledger.recordSend(0, 10.25f + i, 20.5f, t0 + std::chrono::milliseconds(i));
    EXPECT_FALSE(ledger.find(1001, 10.25f, 20.5f)) << "pushed out of the ring";
    const auto last = ledger.find(1001, 10.25f + PositionLedger::kRing, 20.5f);
    ASSERT_TRUE(last);
    EXPECT_EQ(last->seq, PositionLedger::kRing + 1);
}

TEST(PlaceLedger, EachOtherRegionSeesAPlaceOnce) {
    PlaceLedger ledger(3);
    const auto t0 = Clock::now();
    ledger.recordPlace(0, 5, 6, 7, t0);
    EXPECT_FALSE(ledger.seenBy(0, 5, 6, 7)) << "the origin's own update";
    EXPECT_FALSE(ledger.seenBy(1, 5, 6, 8)) << "another block type";
    const auto seen = ledger.seenBy(1, 5, 6, 7);
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->origin, 0u);
    EXPECT_EQ(seen->sentAt, t0);
    EXPECT_FALSE(ledger.seenBy(1, 5, 6, 7)) << "region 1 saw it already";
    EXPECT_TRUE(ledger.seenBy(2, 5, 6, 7));
    EXPECT_FALSE(ledger.seenBy(2, 5, 6, 7));
    ledger.recordPlace(1, 1, 1, 1, t0);
    ledger.recordPlace(1, 2, 2, 2, t0 + PlaceLedger::kKeep + 1s);  // forgets the first
    EXPECT_FALSE(ledger.seenBy(0, 1, 1, 1));
    EXPECT_TRUE(ledger.seenBy(0, 2, 2, 2));
}

TEST(PlaceLedger, OneRegionKeepsNothing) {
    PlaceLedger ledger(1);
    ledger.recordPlace(0, 1, 2, 3, Clock::now());
    EXPECT_FALSE(ledger.seenBy(0, 1, 2, 3));
}

TEST(TickOrigins, TheFirstSightOfATickIsItsOrigin) {
    TickOrigins ticks;
    const auto t0 = Clock::now();
    EXPECT_EQ(ticks.firstSeen(7, t0), t0);
    EXPECT_EQ(ticks.firstSeen(7, t0 + 5ms), t0);
    EXPECT_EQ(ticks.firstSeen(8, t0 + 100ms), t0 + 100ms);
    EXPECT_EQ(ticks.firstSeen(7 + 64, t0 + 200ms), t0 + 200ms) << "a tick 64 later reuses the entry";
}

TEST(MeasureWindow, CountsSendsInsideOnly) {
    MeasureWindow w;
    const auto t0 = Clock::now();
    EXPECT_FALSE(w.contains(t0)) << "not open yet";
    w.open(t0);
    EXPECT_TRUE(w.contains(t0));
    EXPECT_FALSE(w.contains(t0 - 1ms));
    w.close(t0 + 10ms);
    EXPECT_TRUE(w.contains(t0 + 9ms));
    EXPECT_FALSE(w.contains(t0 + 10ms));
}

// The mean number of others within the radius of a player in the middle is about `nearby`.
TEST(PlayerLayout, SpacingGivesAboutNearbyNeighbours) {
    const PlayerLayout layout{2500, 32, 64, 32};
    const int middle = 25 * 50 + 25;
    int within = 0;
    for (int i = 0; i < layout.players; ++i) {
        if (i == middle) continue;
        const double dx = layout.homeX(i) - layout.homeX(middle), dy = layout.homeY(i) - layout.homeY(middle);
        if (dx * dx + dy * dy <= 64.0 * 64.0) ++within;
    }
    EXPECT_GE(within, 26);
    EXPECT_LE(within, 38);
    EXPECT_EQ(layout.viewX(0), static_cast<std::int32_t>(std::floor(layout.homeX(0))) - 16);
    EXPECT_EQ(layout.viewY(middle), static_cast<std::int32_t>(std::floor(layout.homeY(middle))) - 16);
}

TEST(ProcStats, ReadsVmRssAndThisProcess) {
    EXPECT_EQ(rssKbFromStatus("Name:\tx\nVmPeak:\t 9 kB\nVmRSS:\t   12345 kB\n"), 12345u);
    EXPECT_FALSE(rssKbFromStatus("Name:\tx\n"));
    const auto self = sampleProcess(static_cast<int>(::getpid()));
    ASSERT_TRUE(self);
    EXPECT_GT(self->rssKb, 0u);
    EXPECT_FALSE(sampleProcess(0));
}

TEST(PlayersSettings, RejectsWhatCannotRun) {
    BenchPlayersOptions o;
    const auto s = parsePlayersSettings(o);
    EXPECT_EQ(s.regions, std::vector<std::string>{"eu-west-1"});
    EXPECT_EQ(s.duration, 10s);
    const auto usage = [](BenchPlayersOptions bad) {
        try {
            parsePlayersSettings(bad);
        } catch (const mmo::cli::CommandError& e) {
            return e.code == mmo::cli::kUsageError;
        }
        return false;
    };
    auto bad = o;
    bad.players = 0;
    EXPECT_TRUE(usage(bad));
    bad = o;
    bad.regions = {"eu", "eu-west-1"};
    EXPECT_TRUE(usage(bad));
    bad = o;
    bad.moveHz = 0.01;
    EXPECT_TRUE(usage(bad));
    bad = o;
    bad.duration = "500ms";
    EXPECT_TRUE(usage(bad));
    bad = o;
    bad.driverCpus = "3-1";
    EXPECT_TRUE(usage(bad));
    bad = o;
    bad.nearby = 65;
    EXPECT_TRUE(usage(bad));
}

TEST(PlayersReport, JsonHasEveryFieldAndChecksTheTargets) {
    PlayersResult r;
    r.set = "own";
    r.windowSeconds = 10;
    RegionFigures f;
    f.region = "eu-west-1";
    f.requested = f.held = 1000;
    f.fanOut = {100, 50, 99, 120};  // waits for the tick: not what the target checks
    f.tickDelay = {100, 5, 30, 40};
    f.placeAck = {100, 1, 10, 12};
    f.metricsScrape = {20, 3, 50, 50};
    f.nodeCpuPercent = 50;
    f.rssIdleKb = 10000;
    f.rssHeldKb = 20000;
    r.regions.push_back(f);
    const auto doc = toJson(r).as_object();
    const auto& region = doc.at("regions").at(0).as_object();
    for (const char* key : {"players_requested",
                            "players_held",
                            "refused",
                            "disconnects",
                            "errors",
                            "position_hz",
                            "positions_sent",
                            "positions_datagrams_received",
                            "places_sent",
                            "places_acked",
                            "remote_updates",
                            "position_fanout_ms",
                            "position_tick_delay_ms",
                            "place_ack_ms",
                            "place_remote_update_ms",
                            "metrics_scrape_ms",
                            "metrics_scrape_failures",
                            "node_cpu_percent",
                            "node_cpu_us_per_player_second",
                            "node_rss_idle_kb",
                            "node_rss_held_kb",
                            "node_rss_kb_per_player",
                            "meets_targets"})
        EXPECT_TRUE(region.contains(key)) << key;
    EXPECT_DOUBLE_EQ(region.at("node_rss_kb_per_player").to_number<double>(), 10);
    EXPECT_DOUBLE_EQ(region.at("node_cpu_us_per_player_second").to_number<double>(), 500);
    EXPECT_TRUE(region.at("place_remote_update_ms").is_null());
    EXPECT_TRUE(region.at("meets_targets").as_bool());
    EXPECT_TRUE(doc.contains("settings"));
    EXPECT_TRUE(doc.contains("targets"));
    r.regions[0].rssHeldKb = 10000 + 16 * 1000;  // 16 KB per player: not under the target
    EXPECT_FALSE(r.regions[0].meets(PlayerTargets{}));
    r.regions[0].rssHeldKb = 20000;
    r.regions[0].held = 999;
    EXPECT_FALSE(r.regions[0].meets(PlayerTargets{}));
    std::ostringstream table;
    printReport(r, table);
    EXPECT_NE(table.str().find("eu-west-1"), std::string::npos);
}

}  // namespace
