// The real mmoctl up --monitoring with mmo-node, nats-server and Debian's prometheus: Prometheus scrapes
// every node (up == 1 through its HTTP API, a region added later too), the disconnected-region alert fires
// once NATS is gone, status and logs show it, down stops it; a missing prometheus starts nothing.
#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/HttpClient.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;

// Bases far from the other mmoctl tests' offsets (3500, 3700, 11000 and up).
constexpr int kMonitoringBase = 4500;
constexpr int kRefuseBase = 4700;

std::string slurp(const fs::path& file) {
    std::ifstream in(file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The `data` of a Prometheus API answer; null when it did not answer 200 with status "success".
json::value apiData(int port, const std::string& path) {
    const auto answer = httpGet(static_cast<std::uint16_t>(port), path);
    if (answer.status != 200) return nullptr;
    boost::system::error_code ec;
    auto doc = json::parse(answer.body, ec);
    if (ec || !doc.is_object() || doc.at("status") != "success") return nullptr;
    return doc.at("data");
}

// The `up` series of the mmo-node job, region -> value ("1" once scraped).
std::map<std::string, std::string> upByRegion(int port) {
    std::map<std::string, std::string> out;
    const auto data = apiData(port, "/api/v1/query?query=up%7Bjob%3D%22mmo-node%22%7D");
    if (!data.is_object()) return out;
    for (const auto& series : data.at("result").as_array())
        out[std::string(series.at("metric").at("region").as_string())] =
            std::string(series.at("value").as_array()[1].as_string());
    return out;
}

// Regions for which the alert `name` is firing.
std::set<std::string> firing(int port, const std::string& name) {
    std::set<std::string> out;
    const auto data = apiData(port, "/api/v1/alerts");
    if (!data.is_object()) return out;
    for (const auto& alert : data.at("alerts").as_array())
        if (alert.at("labels").at("alertname") == name.c_str() && alert.at("state") == "firing")
            out.insert(std::string(alert.at("labels").at("region").as_string()));
    return out;
}

TEST(MmoctlUpMonitoring, PrometheusScrapesEveryNodeAndTheDisconnectedAlertFires) {
    MmoctlHarness h(kMonitoringBase);
    const int offset = h.freeOffset(3);  // the third region joins later
    const auto up =
        h.run({"up", "--regions=eu,us", "--detach", "--monitoring", h.stateDirArg(),
               "--port-offset=" + std::to_string(offset), "--scrape-interval=500ms", "--alert-down-for=2s"});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    const auto state = h.state();
    ASSERT_TRUE(state && state->prometheus);
    const auto& prometheus = *state->prometheus;
    const int port = prometheus.port;
    const int pid = prometheus.process.pid;
    ASSERT_TRUE(pidRunning(pid));
    EXPECT_NE(up.out.find("Prometheus: http://127.0.0.1:" + std::to_string(port) + "/graph"),
              std::string::npos)
        << up.out;
    // The generated config scrapes exactly the nodes' metrics ports, the rules next to it.
    const auto config = slurp(prometheus.configFile);
    for (const auto& r : state->regions)
        EXPECT_NE(config.find("127.0.0.1:" + std::to_string(r.metricsPort)), std::string::npos) << config;
    EXPECT_EQ(config.find(std::to_string(state->nats.monitorPort)), std::string::npos) << config;
    EXPECT_TRUE(fs::exists(prometheus.rulesFile));
    EXPECT_EQ(fs::path(prometheus.dataDir).parent_path().parent_path(), h.stateDir());

    // Every node target up == 1, asked through the HTTP API.
    const std::map<std::string, std::string> allUp{{"eu-west-1", "1"}, {"us-east-1", "1"}};
    std::map<std::string, std::string> seen;
    EXPECT_TRUE(waitUntil(
        [&] {
            seen = upByRegion(port);
            return seen == allUp;
        },
        30s))
        << "up series: " << seen.size();

    // A region added to the running set is scraped too (config rewritten, Prometheus reloaded).
    const auto added = h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg()});
    ASSERT_EQ(added.code, 0) << added.out << added.err;
    EXPECT_NE(added.err.find("prometheus: scrapes the new regions too"), std::string::npos) << added.err;
    auto threeUp = allUp;
    threeUp["ap-south-1"] = "1";
    EXPECT_TRUE(waitUntil(
        [&] {
            seen = upByRegion(port);
            return seen == threeUp;
        },
        30s))
        << "up series: " << seen.size();

    const auto status = h.run({"status", h.stateDirArg()});
    EXPECT_EQ(status.code, 0);
    EXPECT_NE(status.out.find("prometheus  pid " + std::to_string(pid) + "  port " + std::to_string(port) +
                              "  ready yes"),
              std::string::npos)
        << status.out;
    const auto statusJson = h.run({"status", "--json", h.stateDirArg()});
    ASSERT_EQ(statusJson.code, 0);
    const auto root = json::parse(statusJson.out);
    EXPECT_EQ(root.at("prometheus").at("port").to_number<int>(), port);
    EXPECT_EQ(root.at("prometheus").at("ready"), true);

    const auto logs = h.run({"logs", "prometheus", h.stateDirArg()});
    EXPECT_EQ(logs.code, 0);
    EXPECT_NE(logs.out.find("Server is ready to receive web requests"), std::string::npos) << logs.out;

    // NATS gone: every region reports eventbus_connected 0 and the alert fires after --alert-down-for.
    ASSERT_EQ(::kill(state->nats.process.pid, SIGKILL), 0);
    const std::set<std::string> every{"eu-west-1", "us-east-1", "ap-south-1"};
    std::set<std::string> alerting;
    EXPECT_TRUE(waitUntil(
        [&] {
            alerting = firing(port, "MmoRegionDisconnectedFromNats");
            return alerting == every;
        },
        30s))
        << "firing for " << alerting.size() << " region(s)";
    EXPECT_TRUE(firing(port, "MmoRegionDown").empty());  // the nodes themselves still answer

    const auto down = h.run({"down", h.stateDirArg()});
    EXPECT_EQ(down.code, 0) << down.out << down.err;
    EXPECT_NE(down.out.find("stopped prometheus (pid " + std::to_string(pid) + ")"), std::string::npos)
        << down.out;
    EXPECT_FALSE(pidRunning(pid));  // by process state: a zombie does not count
    EXPECT_FALSE(h.state());
}

TEST(MmoctlUpMonitoring, MissingPrometheusOrBadThresholdsStartNothing) {
    MmoctlHarness h(kRefuseBase);
    const int offset = h.freeOffset(2);
    const auto missing = h.run({"up", "--regions=eu,us", "--detach", "--monitoring", h.stateDirArg(),
                                "--port-offset=" + std::to_string(offset),
                                "--prometheus-bin=" + (h.dir().path() / "no" / "prometheus").string()});
    EXPECT_EQ(missing.code, 3) << missing.out << missing.err;
    EXPECT_NE(missing.err.find("prometheus not found at"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("apt-get install prometheus"), std::string::npos) << missing.err;
    EXPECT_FALSE(h.state());
    EXPECT_FALSE(tcpPortAccepts("127.0.0.1", static_cast<std::uint16_t>(4222 + offset)));  // no NATS

    const auto bad = h.run({"up", "--regions=eu,us", "--detach", "--monitoring", h.stateDirArg(),
                            "--port-offset=" + std::to_string(offset), "--alert-lag-for=soon"});
    EXPECT_EQ(bad.code, 2) << bad.err;
    EXPECT_NE(bad.err.find("--alert-lag-for: expected a positive Prometheus duration"), std::string::npos)
        << bad.err;
    EXPECT_FALSE(h.state());

    // A prometheus that exits at once: exit 4 naming it, and what was started (NATS, the nodes) is stopped.
    const auto fake = h.dir().path() / "fake" / "prometheus";
    fs::create_directories(fake.parent_path());
    std::ofstream(fake) << "#!/bin/sh\necho 'no storage here' >&2\nexit 1\n";
    fs::permissions(fake, fs::perms::owner_all);
    const auto failed =
        h.run({"up", "--regions=eu,us", "--detach", "--monitoring", h.stateDirArg(),
               "--port-offset=" + std::to_string(offset), "--prometheus-bin=" + fake.string()});
    EXPECT_EQ(failed.code, 4) << failed.out << failed.err;
    EXPECT_NE(failed.err.find("mmoctl up: prometheus exited with code 1"), std::string::npos) << failed.err;
    EXPECT_NE(failed.err.find("no storage here"), std::string::npos) << failed.err;
    EXPECT_FALSE(h.state());
    EXPECT_FALSE(tcpPortAccepts("127.0.0.1", static_cast<std::uint16_t>(4222 + offset)));
    EXPECT_FALSE(tcpPortAccepts("127.0.0.1", static_cast<std::uint16_t>(8088 + offset)));  // eu's REST
}

}  // namespace
}  // namespace mmo::test
