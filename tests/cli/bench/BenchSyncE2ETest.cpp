// mmoctl bench sync with real binaries: a short run on its own set (nats-server and three nodes on a free
// port offset) gives a complete JSON report and leaves no process behind; bad flags are usage errors.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "tests/cli/MmoctlHarness.hpp"

namespace {

namespace fs = std::filesystem;
using mmo::test::MmoctlHarness;

// Pids of the processes whose command line mentions `needle` (the bench set's dir).
std::vector<int> processesMentioning(const std::string& needle) {
    std::vector<int> pids;
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "cmdline", std::ios::binary);
        std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (cmdline.find(needle) != std::string::npos && mmo::test::pidRunning(std::stoi(name)))
            pids.push_back(std::stoi(name));
    }
    return pids;
}

// A 3 s run prints JSON with positive applied rates and latency figures for every pair, bytes per change,
// both ratios; --report writes report.json (the same figures plus the plotted series) and report.html; the
// bench set is stopped and its state file removed afterwards.
TEST(BenchSyncE2E, ShortRunReportsEveryPairAndLeavesNothingBehind) {
    MmoctlHarness h(13500);
    const auto offset = h.freeOffset(3);
    const auto reportDir = h.stateDir() / "report" / "run1";
    const auto r =
        h.run({"bench", "sync", "--regions", "eu,us,ap", "--duration", "3s", "--json", "--port-offset",
               std::to_string(offset), h.stateDirArg(), "--report", reportDir.string()},
              std::chrono::seconds(150));
    ASSERT_EQ(r.code, 0) << r.out << r.err;
    const auto doc = boost::json::parse(r.out).as_object();
    const auto& pairs = doc.at("pairs").as_array();
    ASSERT_EQ(pairs.size(), 6u) << r.out;
    for (const auto& p : pairs) {
        EXPECT_GT(p.at("applied_per_second").to_number<double>(), 0) << p;
        ASSERT_TRUE(p.at("latency_ms").is_object()) << p;
        EXPECT_GT(p.at("latency_ms").at("max").to_number<double>(), 0) << p;
        EXPECT_GE(p.at("latency_ms").at("p99").to_number<double>(),
                  p.at("latency_ms").at("p50").to_number<double>());
    }
    EXPECT_GT(doc.at("bytes_per_change").to_number<double>(), 0);
    EXPECT_GT(doc.at("ratio_vs_naive").to_number<double>(), 0);
    EXPECT_GT(doc.at("ratio_vs_raw").to_number<double>(), 0);
    EXPECT_TRUE(doc.at("complete").as_bool());
    EXPECT_EQ(doc.at("settings").at("set").as_string(), "own");
    // CPU: the nodes, nats-server and mmoctl in the project pass; nats-server and mmoctl (the clients) in
    // raw.
    const auto& projectCpu = doc.at("project").at("cpu");
    EXPECT_GT(projectCpu.at("node_seconds").to_number<double>(), 0) << projectCpu;
    EXPECT_GT(projectCpu.at("node_seconds_per_million_applied").to_number<double>(), 0) << projectCpu;
    EXPECT_GT(projectCpu.at("nats_server_seconds").to_number<double>(), 0) << projectCpu;
    const auto& rawCpu = doc.at("raw").at("cpu");
    EXPECT_TRUE(rawCpu.at("node_seconds").is_null()) << rawCpu;
    EXPECT_GT(rawCpu.at("mmoctl_seconds_per_million_applied").to_number<double>(), 0) << rawCpu;
    EXPECT_GT(doc.at("cpu_ratio_vs_raw").to_number<double>(), 0);

    std::ifstream reportJson(reportDir / "report.json");
    std::string reportText((std::istreambuf_iterator<char>(reportJson)), std::istreambuf_iterator<char>());
    const auto report = boost::json::parse(reportText).as_object();
    EXPECT_EQ(report.at("pairs"), doc.at("pairs"));
    for (const char* pass : {"project", "naive", "raw"}) {
        const auto& plotted = report.at("plots").at(pass).as_array();
        ASSERT_EQ(plotted.size(), 6u) << pass;
        for (const auto& p : plotted) {
            EXPECT_FALSE(p.at("applied_per_second_series").as_array().empty()) << pass << " " << p;
            EXPECT_EQ(p.at("latency_cdf_ms").as_array().empty(), std::string(pass) == "raw")
                << pass << " " << p;
        }
    }
    EXPECT_GT(fs::file_size(reportDir / "report.html"), 10000u);
    EXPECT_NE(r.err.find("report written to " + (reportDir / "report.html").string()), std::string::npos)
        << r.err;

    const auto benchDir = (h.stateDir() / "bench").string();
    EXPECT_FALSE(fs::exists(fs::path(benchDir) / "state.json"));
    EXPECT_TRUE(processesMentioning(benchDir).empty());
    // The baselines delete their streams; the bench set's own store is the only one left.
    EXPECT_FALSE(fs::exists(fs::path(benchDir) / "nats" / "jetstream" / "$G" / "streams" / "MMOBENCH_NAIVE"));
}

// Bad --rate, --gzip, --duration, --set-cpus and --driver-cpus are usage errors (exit 2) that say what is
// valid; nothing starts.
TEST(BenchSyncE2E, BadFlagsAreUsageErrors) {
    MmoctlHarness h(13600);
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--rate", "fast"}, "--rate: expected max, half or a positive number"},
        {{"--gzip", "maybe"}, "--gzip"},
        {{"--duration", "soon"}, "--duration: expected a duration"},
        {{"--set-cpus", "4000"}, "--set-cpus: CPU 4000 is not one this process may run on (allowed: "},
        {{"--driver-cpus", "1-"}, "--driver-cpus: expected a CPU list"},
    };
    for (const auto& [flags, message] : cases) {
        std::vector<std::string> args{"bench", "sync", h.stateDirArg()};
        args.insert(args.end(), flags.begin(), flags.end());
        const auto r = h.run(args, std::chrono::seconds(20));
        EXPECT_EQ(r.code, 2) << flags[0] << ": " << r.err;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
    EXPECT_FALSE(fs::exists(h.stateDir() / "bench"));
}

// A --report dir that cannot be created is an environment error (exit 3) before anything starts.
TEST(BenchSyncE2E, UnusableReportDirFailsBeforeTheRun) {
    MmoctlHarness h(13650);
    fs::create_directories(h.stateDir());
    const auto file = h.stateDir() / "a-file";
    std::ofstream(file) << "x";
    const auto r = h.run({"bench", "sync", h.stateDirArg(), "--report", (file / "report").string()},
                         std::chrono::seconds(20));
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("--report: cannot create " + (file / "report").string()), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(h.stateDir() / "bench"));
}

// --use-running without a running set is an environment error (exit 3) naming the fix.
TEST(BenchSyncE2E, UseRunningWithoutSetIsEnvironmentError) {
    MmoctlHarness h(13700);
    const auto r = h.run({"bench", "sync", "--use-running", "--duration", "1s", h.stateDirArg()},
                         std::chrono::seconds(20));
    EXPECT_EQ(r.code, 3) << r.err;
    EXPECT_NE(r.err.find("mmoctl up"), std::string::npos) << r.err;
}

}  // namespace
