// mmoctl bench players with real binaries: a short run on its own two-region set holds every player and
// reports every documented figure with sane values, and leaves no process behind; bad flags are usage
// errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "tests/cli/MmoctlHarness.hpp"

namespace {

namespace fs = std::filesystem;
using mmo::test::MmoctlHarness;

bool anyProcessMentions(const std::string& needle) {
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (cmdline.find(needle) != std::string::npos && mmo::test::pidRunning(std::stoi(name))) return true;
    }
    return false;
}

void expectLatency(const boost::json::value& v, const char* what) {
    ASSERT_TRUE(v.is_object()) << what << " " << v;
    const auto& o = v.as_object();
    EXPECT_GT(o.at("samples").to_number<double>(), 0) << what;
    EXPECT_GT(o.at("p50").to_number<double>(), 0) << what;
    EXPECT_LE(o.at("p50").to_number<double>(), o.at("p99").to_number<double>()) << what;
    EXPECT_LE(o.at("p99").to_number<double>(), o.at("max").to_number<double>()) << what;
}

// 20 players per region for 2 s in two regions, a place every 0.5 s: every player held, fan-out,
// place-to-ack, place-to-remote-update and /metrics latencies measured, node CPU and memory read.
TEST(BenchPlayersE2E, ShortTwoRegionRunReportsEveryFigure) {
    MmoctlHarness h(13700);
    const auto offset = h.freeOffset(2);
    const auto r = h.run(
        {"bench", "players", "--regions", "eu,us", "--players", "20", "--duration", "2s", "--warmup", "1s",
         "--place-every", "0.5", "--json", "--port-offset", std::to_string(offset), h.stateDirArg()},
        std::chrono::seconds(120));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto doc = boost::json::parse(r.out).as_object();
    EXPECT_EQ(doc.at("set").as_string(), "own");
    EXPECT_GE(doc.at("window_seconds").to_number<double>(), 2);
    EXPECT_EQ(doc.at("settings").at("players_per_region").to_number<int>(), 20);
    const auto& regions = doc.at("regions").as_array();
    ASSERT_EQ(regions.size(), 2u) << r.out;
    for (const auto& v : regions) {
        const auto& region = v.as_object();
        SCOPED_TRACE(boost::json::serialize(region));
        EXPECT_EQ(region.at("players_requested").to_number<int>(), 20);
        EXPECT_EQ(region.at("players_held").to_number<int>(), 20);
        EXPECT_EQ(region.at("refused").to_number<int>(), 0);
        EXPECT_EQ(region.at("position_hz").to_number<int>(), 10);
        EXPECT_GT(region.at("positions_sent").to_number<double>(), 0);
        EXPECT_GT(region.at("positions_datagrams_received").to_number<double>(), 0);
        EXPECT_GT(region.at("places_acked").to_number<double>(), 0);
        EXPECT_GT(region.at("remote_updates").to_number<double>(), 0);
        expectLatency(region.at("position_fanout_ms"), "position_fanout_ms");
        expectLatency(region.at("position_tick_delay_ms"), "position_tick_delay_ms");
        expectLatency(region.at("place_ack_ms"), "place_ack_ms");
        expectLatency(region.at("place_remote_update_ms"), "place_remote_update_ms");
        expectLatency(region.at("metrics_scrape_ms"), "metrics_scrape_ms");
        EXPECT_GT(region.at("node_cpu_percent").to_number<double>(), 0);
        EXPECT_GT(region.at("node_cpu_us_per_player_second").to_number<double>(), 0);
        EXPECT_GT(region.at("node_rss_idle_kb").to_number<double>(), 0);
        EXPECT_GT(region.at("node_rss_held_kb").to_number<double>(), 0);
        EXPECT_TRUE(region.at("node_rss_kb_per_player").is_number());
        EXPECT_TRUE(region.at("meets_targets").is_bool());
    }
    const auto benchDir = (h.stateDir() / "bench").string();
    EXPECT_FALSE(fs::exists(fs::path(benchDir) / "state.json"));
    EXPECT_FALSE(anyProcessMentions(benchDir));
}

TEST(BenchPlayersE2E, BadFlagsAreUsageErrors) {
    MmoctlHarness h(13700);
    EXPECT_EQ(h.run({"bench", "players", "--players", "0", h.stateDirArg()}).code, 2);
    EXPECT_EQ(h.run({"bench", "players", "--driver-cpus", "x", h.stateDirArg()}).code, 2);
    EXPECT_EQ(h.run({"bench", "players", "--use-running", h.stateDirArg()}).code, 3) << "no running set";
}

}  // namespace
