#include <gtest/gtest.h>

#include <fstream>

#include "cli/ExitCode.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/supervisor/LogPrefixer.hpp"
#include "cli/supervisor/LogTailer.hpp"
#include "cli/supervisor/ReadinessWaiter.hpp"
#include "cli/util/DurationText.hpp"
#include "tests/support/TempDir.hpp"

// The supervisor's parts without processes: state file, log tailing and prefixes, durations, waits.
namespace mmo::cli {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

void append(const fs::path& file, const std::string& text) {
    std::ofstream(file, std::ios::app) << text;
}

// What writeState writes, readState reads back field by field.
TEST(StateFile, RoundTrips) {
    test::TempDir dir;
    SetState s;
    s.stateDir = dir.path().string();
    s.portOffset = 7;
    s.supervisorPid = 42;
    s.nats = {
        {"nats", 10, "/usr/sbin/nats-server", "/x/nats.log"}, "nats://127.0.0.1:4229", 4229, 8229, "/x/nats"};
    s.regions.push_back(
        {{"eu-west-1", 11, "/b/mmo-node", "/x/eu.log"}, "/x/c.yml", "/x/d", 7784, 7785, 8095, 2119});
    writeState(s);
    const auto r = readState(dir.path());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->portOffset, 7);
    EXPECT_EQ(r->supervisorPid, 42);
    EXPECT_EQ(r->nats.url, "nats://127.0.0.1:4229");
    EXPECT_EQ(r->nats.monitorPort, 8229);
    ASSERT_EQ(r->regions.size(), 1u);
    EXPECT_EQ(r->regions[0].process.binary, "/b/mmo-node");
    EXPECT_EQ(r->regions[0].metricsPort, 2119);
    EXPECT_EQ(findRegion(*r, "eu"), &r->regions[0]);
    EXPECT_EQ(findRegion(*r, "us"), nullptr);
    removeState(dir.path());
    EXPECT_FALSE(readState(dir.path()));
}

// A malformed state file is an error naming the file and the problem, never a silent empty set.
TEST(StateFile, MalformedFileIsNamed) {
    test::TempDir dir;
    dir.writeFile("state.json", R"({"version":1,"state_dir":"/x"})");
    try {
        readState(dir.path());
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("state.json is malformed: missing key \"port_offset\""),
                  std::string::npos)
            << e.what();
    }
}

// A zombie or a pid that does not exist is not alive; this process is.
TEST(StateFile, ProcessAlive) {
    EXPECT_TRUE(processAlive(::getpid()));
    EXPECT_FALSE(processAlive(0));
    EXPECT_FALSE(processAlive(999999999));
}

// The tailer hands over complete lines only, keeps a partial line for later, and restarts on truncation.
TEST(LogTailer, CompleteLinesAndTruncation) {
    test::TempDir dir;
    const auto file = dir.writeFile("a.log", "old\n");
    LogTailer tailer;
    tailer.add("a", file, true);
    std::vector<std::string> lines;
    const auto sink = [&](const std::string& name, const std::string& line) {
        lines.push_back(name + ":" + line);
    };
    append(file, "one\ntw");
    EXPECT_TRUE(tailer.poll(sink));
    append(file, "o\n");
    tailer.poll(sink);
    EXPECT_EQ(lines, (std::vector<std::string>{"a:one", "a:two"}));
    std::ofstream(file, std::ios::trunc) << "new\n";
    lines.clear();
    tailer.poll(sink);
    EXPECT_EQ(lines, (std::vector<std::string>{"a:new"}));
    EXPECT_EQ(lastLines(file, 5), (std::vector<std::string>{"new"}));
}

// Node and nats-server timestamps map to keys that sort by time; a line without one has none.
TEST(LogTailer, TimestampKeys) {
    const auto node = timestampKey("2024-05-01T10:00:00.123Z [INFO] hello");
    const auto nats = timestampKey("[42] 2024/05/01 10:00:00.122999 [INF] Server is ready");
    EXPECT_EQ(node, "20240501100000.123000");
    EXPECT_LT(nats, node);
    EXPECT_EQ(timestampKey("no time here"), "");
}

// Prefixes are padded to the longest name; colour codes only when asked.
TEST(LogPrefixer, PadsAndColours) {
    const LogPrefixer plain({"nats", "eu-west-1"}, false);
    EXPECT_EQ(plain.format("nats", "x"), "nats      | x");
    const LogPrefixer coloured({"nats", "eu-west-1"}, true);
    EXPECT_EQ(coloured.format("eu-west-1", "x"), "\033[32meu-west-1 | \033[0mx");
}

// Durations take s, ms, m and bare seconds; anything else is a usage error naming the flag.
TEST(DurationText, ParsesAndRejects) {
    EXPECT_EQ(parseDuration("--timeout", "30s"), 30000ms);
    EXPECT_EQ(parseDuration("--timeout", "250ms"), 250ms);
    EXPECT_EQ(parseDuration("--timeout", "1.5"), 1500ms);
    EXPECT_EQ(parseDuration("--timeout", "2m"), 120000ms);
    try {
        parseDuration("--timeout", "soon");
        FAIL();
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kUsageError);
        EXPECT_NE(std::string(e.what()).find("--timeout"), std::string::npos);
    }
}

// The waiter returns once every target answers, and names the one that never does.
TEST(ReadinessWaiter, ReadyAndTimedOut) {
    int calls = 0;
    ReadinessWaiter ready(1s, {},
                          [&](std::uint16_t, const std::string&, std::string&) { return ++calls > 2; });
    EXPECT_EQ(ready.waitAll({{"eu-west-1", 1, "/readyz", nullptr}}).kind, ReadinessOutcome::Kind::Ready);

    ReadinessWaiter never(50ms, {}, [](std::uint16_t port, const std::string&, std::string& answer) {
        answer = "HTTP 503";
        return port == 1;
    });
    const auto outcome =
        never.waitAll({{"eu-west-1", 1, "/readyz", nullptr}, {"us-east-1", 2, "/readyz", nullptr}});
    EXPECT_EQ(outcome.kind, ReadinessOutcome::Kind::TimedOut);
    EXPECT_EQ(outcome.name, "us-east-1");
    EXPECT_NE(outcome.detail.find("HTTP 503"), std::string::npos) << outcome.detail;
}

}  // namespace
}  // namespace mmo::cli
