#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <fstream>

#include "tests/cli/MmoctlHarness.hpp"
#include "tests/support/HeldPort.hpp"
#include "tests/support/Waiting.hpp"

// The real mmoctl, mmo-node and nats-server: up, status, logs and down of a set, and the failures around
// them.
namespace mmo::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string offsetArg(int offset) {
    return "--port-offset=" + std::to_string(offset);
}

bool noneRunning(const std::vector<int>& pids) {
    for (const int pid : pids)
        if (pidRunning(pid)) return false;
    return true;
}

// up --detach starts three ready regions, status --json shows them, down leaves no process alive.
TEST(MmoctlUpDown, DetachedSetIsReadyAndDownStopsEveryProcess) {
    MmoctlHarness h(11000);
    const auto up =
        h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg(), offsetArg(h.freeOffset())});
    ASSERT_EQ(up.code, 0) << up.out << up.err;
    EXPECT_NE(up.out.find("us-east-1"), std::string::npos) << up.out;
    EXPECT_NE(up.out.find("NATS: nats://127.0.0.1:"), std::string::npos) << up.out;

    const auto status = h.run({"status", "--json", h.stateDirArg()});
    ASSERT_EQ(status.code, 0) << status.err;
    const auto root = boost::json::parse(status.out).as_object();
    const auto& regions = root.at("regions").as_array();
    ASSERT_EQ(regions.size(), 3u);
    for (const auto& r : regions) {
        EXPECT_TRUE(r.at("ready").as_bool()) << r;
        EXPECT_TRUE(r.at("alive").as_bool()) << r;
        EXPECT_TRUE(r.at("nats_connected").as_bool()) << r;
    }
    EXPECT_TRUE(root.at("nats").at("healthy").as_bool());

    const auto state = h.state();
    ASSERT_TRUE(state);
    const auto pids = statePids(*state);
    ASSERT_EQ(pids.size(), 4u);
    const auto down = h.run({"down", h.stateDirArg()});
    EXPECT_EQ(down.code, 0) << down.err;
    EXPECT_TRUE(noneRunning(pids));
    EXPECT_FALSE(h.state());
    // Nothing a user may want is removed.
    EXPECT_TRUE(fs::exists(h.stateDir() / "configs" / "config-eu-west-1.yml"));
    EXPECT_TRUE(fs::exists(h.stateDir() / "logs" / "nats.log"));
    EXPECT_TRUE(fs::exists(h.stateDir() / "data" / "ap-south-1"));
}

// A foreground up killed with SIGKILL takes its children with it; the next up cleans the stale state.
TEST(MmoctlUpDown, ChildrenDieWithAKilledForegroundUp) {
    MmoctlHarness h(11100);
    const int offset = h.freeOffset();
    auto up = h.start({"up", "--regions=eu,us", h.stateDirArg(), offsetArg(offset)});
    ASSERT_TRUE(waitUntil([&] { return up->stdoutText().find("NATS: ") != std::string::npos; }, 30s))
        << up->stdoutText() << up->stderrText();
    const auto state = h.state();
    ASSERT_TRUE(state);
    EXPECT_EQ(state->supervisorPid, up->pid());
    const auto pids = statePids(*state);
    ASSERT_EQ(pids.size(), 3u);

    up->sendSignal(SIGKILL);
    ASSERT_TRUE(up->waitExit(5s));
    EXPECT_TRUE(waitUntil([&] { return noneRunning(pids); }, 2s)) << "a child outlived the killed mmoctl up";

    const auto again = h.run({"up", "--regions=eu,us", "--detach", h.stateDirArg(), offsetArg(offset)});
    ASSERT_EQ(again.code, 0) << again.out << again.err;
    EXPECT_NE(again.err.find("stale"), std::string::npos) << again.err;
    const auto fresh = h.state();
    ASSERT_TRUE(fresh);
    EXPECT_EQ(fresh->supervisorPid, 0);
    for (const int pid : statePids(*fresh)) EXPECT_TRUE(pidRunning(pid));
}

// Ctrl-C (SIGINT) on a foreground up stops every child and removes the state file; exit 0.
TEST(MmoctlUpDown, InterruptedForegroundUpStopsCleanly) {
    MmoctlHarness h(11200);
    auto up = h.start({"up", "--regions=eu", h.stateDirArg(), offsetArg(h.freeOffset(1))});
    ASSERT_TRUE(waitUntil([&] { return up->stdoutText().find("NATS: ") != std::string::npos; }, 30s))
        << up->stderrText();
    // The node's own log lines are streamed with its name as prefix.
    EXPECT_TRUE(waitUntil([&] { return up->stdoutText().find("eu-west-1 | ") != std::string::npos; }, 5s))
        << up->stdoutText();
    const auto pids = statePids(*h.state());
    up->sendSignal(SIGINT);
    const auto code = up->waitExit(15s);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, 0) << up->stderrText();
    EXPECT_TRUE(noneRunning(pids));
    EXPECT_FALSE(h.state());
}

// A taken port fails before anything starts, naming the port and its owner; --port-offset auto then works.
TEST(MmoctlUpDown, BusyPortIsReportedAndNothingStarts) {
    MmoctlHarness h(11300);
    const int offset = h.freeOffset();
    HeldPort held(HeldPort::Kind::Tcp, static_cast<std::uint16_t>(8088 + offset));
    const auto up = h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg(), offsetArg(offset)});
    EXPECT_EQ(up.code, 3);
    EXPECT_NE(up.err.find("eu-west-1 rest_port " + std::to_string(8088 + offset) + " is in use"),
              std::string::npos)
        << up.err;
    EXPECT_NE(up.err.find("--port-offset auto"), std::string::npos) << up.err;
    EXPECT_FALSE(h.state());
    EXPECT_FALSE(fs::exists(h.stateDir() / "logs"));

    const auto autoUp =
        h.run({"up", "--regions=eu,us,ap", "--detach", h.stateDirArg(), "--port-offset=auto"});
    ASSERT_EQ(autoUp.code, 0) << autoUp.err;
    EXPECT_NE(h.state()->regions[0].restPort, 8088 + offset);
}

// Without nats-server (a wrong --nats-bin, or none on PATH) up exits 3 with the install hint.
TEST(MmoctlUpDown, MissingNatsServerGivesTheInstallHint) {
    MmoctlHarness h(11400);
    const auto wrong = h.run({"up", "--detach", h.stateDirArg(), "--nats-bin=/nonexistent/nats-server"});
    EXPECT_EQ(wrong.code, 3);
    EXPECT_NE(wrong.err.find("apt-get install nats-server"), std::string::npos) << wrong.err;

    const auto empty = h.dir().path() / "empty";
    fs::create_directories(empty);
    auto env = ChildEnvironment::inherited();
    env.set("PATH", empty.string()).set("MMOCTL_SBIN_DIRS", empty.string());
    const auto none = h.run({"up", "--detach", h.stateDirArg()}, 30s, env);
    EXPECT_EQ(none.code, 3);
    EXPECT_NE(none.err.find("nats-server not found; install it (apt-get install nats-server"),
              std::string::npos)
        << none.err;
    EXPECT_FALSE(h.state());
}

// logs shows a node's own lines; an unknown name is a usage error listing the valid ones.
TEST(MmoctlUpDown, LogsShowsTheNodesLines) {
    MmoctlHarness h(11500);
    ASSERT_EQ(h.run({"up", "--regions=eu,us", "--detach", h.stateDirArg(), offsetArg(h.freeOffset(2))}).code,
              0);
    const auto eu = h.run({"logs", "eu", h.stateDirArg()});
    EXPECT_EQ(eu.code, 0);
    EXPECT_NE(eu.out.find("SyncManager initialized: region=eu-west-1"), std::string::npos) << eu.out;
    EXPECT_EQ(eu.out.find("us-east-1"), std::string::npos) << eu.out;

    const auto all = h.run({"logs", h.stateDirArg(), "--lines=500"});
    EXPECT_EQ(all.code, 0);
    EXPECT_NE(all.out.find("us-east-1 | "), std::string::npos) << all.out;
    EXPECT_NE(all.out.find("nats      | "), std::string::npos) << all.out;

    const auto bad = h.run({"logs", "mars", h.stateDirArg()});
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("eu-west-1 (eu), us-east-1 (us), nats"), std::string::npos) << bad.err;
}

// up on a running set restarts only what is missing, and adds a new region on the next port slot.
TEST(MmoctlUpDown, UpOnARunningSetStartsOnlyWhatIsMissing) {
    MmoctlHarness h(11600);
    const int offset = h.freeOffset();
    ASSERT_EQ(h.run({"up", "--regions=eu,us", "--detach", h.stateDirArg(), offsetArg(offset)}).code, 0);
    const auto before = *h.state();
    const int usPid = before.regions[1].process.pid;
    ::kill(usPid, SIGKILL);
    ASSERT_TRUE(waitUntil([&] { return !pidRunning(usPid); }, 5s));

    const auto again = h.run({"up", "--detach", h.stateDirArg()});
    ASSERT_EQ(again.code, 0) << again.err;
    EXPECT_NE(again.out.find("started: us-east-1\n"), std::string::npos) << again.out;
    const auto after = *h.state();
    EXPECT_EQ(after.regions[0].process.pid, before.regions[0].process.pid);
    EXPECT_EQ(after.nats.process.pid, before.nats.process.pid);
    EXPECT_NE(after.regions[1].process.pid, usPid);
    EXPECT_TRUE(pidRunning(after.regions[1].process.pid));

    const auto added = h.run({"up", "--regions=ap", "--detach", h.stateDirArg()});
    ASSERT_EQ(added.code, 0) << added.err;
    EXPECT_NE(added.out.find("started: ap-south-1\n"), std::string::npos) << added.out;
    ASSERT_EQ(h.state()->regions.size(), 3u);
    EXPECT_EQ(h.state()->regions[2].restPort, 8088 + 2 + offset);
}

// A node that dies while starting: exit 4 naming it with its log's tail, and everything started is stopped.
TEST(MmoctlUpDown, ANodeThatDiesAtStartFailsTheUpAndStopsTheRest) {
    MmoctlHarness h(11800);
    const auto fake = h.dir().writeFile("fake-node", "#!/bin/sh\necho \"boom: cannot start $2\"\nexit 1\n");
    fs::permissions(fake, fs::perms::owner_all);
    const auto up = h.run({"up", "--regions=eu", "--detach", h.stateDirArg(), offsetArg(h.freeOffset(1)),
                           "--node-bin=" + fake.string()});
    EXPECT_EQ(up.code, 4) << up.err;
    EXPECT_NE(up.err.find("eu-west-1 exited with code 1"), std::string::npos) << up.err;
    EXPECT_NE(up.err.find("boom: cannot start"), std::string::npos) << up.err;
    const auto at = up.err.find("stopped nats (pid ");
    ASSERT_NE(at, std::string::npos) << up.err;
    EXPECT_FALSE(pidRunning(std::stoi(up.err.substr(at + 18))));
    EXPECT_FALSE(h.state());
}

// A child that dies under a foreground up is reported; the others are stopped and up exits 4.
TEST(MmoctlUpDown, ForegroundUpExitsFourWhenAChildDies) {
    MmoctlHarness h(11900);
    auto up = h.start({"up", "--regions=eu,us", h.stateDirArg(), offsetArg(h.freeOffset(2))});
    ASSERT_TRUE(waitUntil([&] { return up->stdoutText().find("NATS: ") != std::string::npos; }, 30s))
        << up->stderrText();
    const auto state = *h.state();
    ::kill(state.regions[0].process.pid, SIGKILL);
    const auto code = up->waitExit(15s);
    ASSERT_TRUE(code);
    EXPECT_EQ(*code, 4);
    EXPECT_NE(up->stderrText().find("eu-west-1 was killed by signal 9"), std::string::npos)
        << up->stderrText();
    EXPECT_TRUE(noneRunning(statePids(state)));
    EXPECT_FALSE(h.state());
}

// With no set, status exits 3 and down says nothing is running (exit 0).
TEST(MmoctlUpDown, StatusAndDownWithoutASet) {
    MmoctlHarness h(11700);
    const auto status = h.run({"status", h.stateDirArg()});
    EXPECT_EQ(status.code, 3);
    EXPECT_NE(status.err.find("nothing is running"), std::string::npos) << status.err;
    const auto down = h.run({"down", h.stateDirArg()});
    EXPECT_EQ(down.code, 0);
    EXPECT_NE(down.out.find("nothing is running"), std::string::npos) << down.out;
}

// A state file that is not JSON: every subcommand that reads it ends with exit 3 and one line that names
// the command and the file, whatever part of the command failed (before, verify-sync could terminate).
TEST(MmoctlUpDown, EveryCommandReportsABrokenStateFileInOneLine) {
    MmoctlHarness h(11750);
    fs::create_directories(h.stateDir());
    {
        std::ofstream broken(h.stateDir() / "state.json");
        broken << "{\"regions\": [";
    }
    const std::vector<std::vector<std::string>> commands = {
        {"status"},
        {"verify-sync"},
        {"logs"},
        {"send-event", "--type", "BlockEvent", "--data", R"({"x":1,"y":1,"block_type":"stone"})"},
        {"up", "--detach"},
        {"down"},
    };
    for (auto args : commands) {
        const std::string name = args.front();
        args.push_back(h.stateDirArg());
        const auto result = h.run(args);
        EXPECT_EQ(result.code, 3) << name << ": " << result.err;
        EXPECT_EQ(result.err.rfind("mmoctl " + name + ": ", 0), 0u) << result.err;
        EXPECT_NE(result.err.find("state.json is malformed"), std::string::npos) << result.err;
        EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << name << " wrote more than one line:\n"
                                                                << result.err;
    }
}

}  // namespace
}  // namespace mmo::test
