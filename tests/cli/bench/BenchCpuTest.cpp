// bench sync's CPU figures and pinning in-process: the CPU list syntax of --driver-cpus / --set-cpus, the
// /proc/<pid>/stat parser, CPU per million changes, the JSON fields, and pinning a real child process.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "cli/ExitCode.hpp"
#include "cli/bench/BenchReport.hpp"
#include "cli/bench/CpuAffinity.hpp"
#include "cli/bench/CpuList.hpp"
#include "cli/bench/ProcStat.hpp"

namespace {

using namespace mmo::cli;
using namespace mmo::cli::bench;

TEST(CpuList, ParsesTasksetSyntax) {
    EXPECT_EQ(parseCpuList("0"), (std::set<int>{0}));
    EXPECT_EQ(parseCpuList("1"), (std::set<int>{1}));
    EXPECT_EQ(parseCpuList("0-3"), (std::set<int>{0, 1, 2, 3}));
    EXPECT_EQ(parseCpuList("0,2"), (std::set<int>{0, 2}));
    EXPECT_EQ(parseCpuList("4-5,0,2,2"), (std::set<int>{0, 2, 4, 5}));
    EXPECT_EQ(parseCpuList("3-3"), (std::set<int>{3}));
}

TEST(CpuList, RefusesWhatIsNotAList) {
    for (const char* bad :
         {"", ",", "0,", ",1", "a", "1-", "-1", "3-1", "1.5", " 1", "0--2", "99999", "1-2-3"})
        EXPECT_THROW(parseCpuList(bad), std::invalid_argument) << "\"" << bad << "\"";
}

TEST(CpuList, PrintsTheShortestList) {
    EXPECT_EQ(cpuListText({}), "");
    EXPECT_EQ(cpuListText({0}), "0");
    EXPECT_EQ(cpuListText({0, 1}), "0,1");
    EXPECT_EQ(cpuListText({0, 1, 2, 3, 6}), "0-3,6");
    EXPECT_EQ(cpuListText({1, 3, 4, 5, 9, 10}), "1,3-5,9,10");
}

// A CPU the process may not use is a usage error naming the flag, the CPU and the allowed list.
TEST(CpuList, FlagIsCheckedAgainstTheAllowedCpus) {
    const std::set<int> allowed{0, 1};
    EXPECT_TRUE(parseCpuFlag("--set-cpus", "", allowed).empty());
    EXPECT_EQ(parseCpuFlag("--set-cpus", "0-1", allowed), allowed);
    try {
        parseCpuFlag("--driver-cpus", "1,3", allowed);
        FAIL() << "CPU 3 accepted";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kUsageError);
        EXPECT_EQ(std::string(e.what()),
                  "--driver-cpus: CPU 3 is not one this process may run on (allowed: 0,1)");
    }
    try {
        parseCpuFlag("--set-cpus", "x", allowed);
        FAIL() << "x accepted";
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kUsageError);
        EXPECT_NE(std::string(e.what()).find("--set-cpus: expected a CPU list"), std::string::npos)
            << e.what();
    }
}

// utime and stime are fields 14 and 15, counted after the last ')' of the command name.
TEST(ProcStat, ReadsUtimeAndStimeAfterTheCommandName) {
    EXPECT_EQ(cpuTicksOfStat("1234 (mmo-node) S 1 1234 1234 0 -1 4194560 500 0 0 0 150 25 0 0 20 0 9 0 100 "
                             "1000 200 18446744073709551615\n"),
              175u);
    // A name with spaces and parentheses: only the last ')' ends it.
    EXPECT_EQ(cpuTicksOfStat("77 (a ) b (c) d) R 1 77 77 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5 0 0"), 10u);
    EXPECT_EQ(cpuTicksOfStat("9 (x) S 1 2 3 4 5 6 7 8 9 10 12345678901 1 0"), 12345678902u);
    EXPECT_FALSE(cpuTicksOfStat("").has_value());
    EXPECT_FALSE(cpuTicksOfStat("1 (short) S 1 2 3").has_value());
    EXPECT_FALSE(cpuTicksOfStat("1 (bad) S 1 2 3 4 5 6 7 8 9 10 x 2 0").has_value());
    EXPECT_FALSE(cpuTicksOfStat("1 no parenthesis S 1 2 3 4 5 6 7 8 9 10 11 12 13").has_value());
}

// This process's own figure moves with the CPU it burns; a pid that is not there has none.
TEST(ProcStat, ReadsThisProcessAndNothingForAMissingOne) {
    const auto before = processCpuSeconds(static_cast<int>(::getpid()));
    ASSERT_TRUE(before.has_value());
    volatile double sink = 0;
    while (*processCpuSeconds(static_cast<int>(::getpid())) < *before + 0.05) sink = sink + 1;
    EXPECT_FALSE(processCpuSeconds(0).has_value());
    EXPECT_FALSE(processCpuSeconds(-1).has_value());
    const auto reading = readCpu(CpuPids{{static_cast<int>(::getpid())}, 0});
    EXPECT_TRUE(reading.nodes.has_value());
    EXPECT_FALSE(reading.natsServer.has_value());
    EXPECT_TRUE(reading.mmoctl.has_value());
}

PassResult passWith(std::uint64_t appliedPerPair, std::uint64_t acked, CpuUsage cpu) {
    PassResult pass;
    pass.changesAcked = acked;
    for (int i = 0; i < 2; ++i) {
        PairResult pair;
        pair.appliedChanges = appliedPerPair;
        pass.pairs.push_back(pair);
    }
    pass.cpu = cpu;
    return pass;
}

// Per million applied changes (summed over the pairs) and per million acked; the ratio node / raw client.
TEST(CpuFigures, PerMillionAndTheRatioToRaw) {
    const auto project = passWith(1'000'000, 1'000'000, CpuUsage{10, 8.0, 1.0, 2.0});
    const auto raw = passWith(2'000'000, 2'000'000, CpuUsage{10, std::nullopt, 1.0, 2.0});
    EXPECT_EQ(project.appliedChanges(), 2'000'000u);
    EXPECT_DOUBLE_EQ(*perMillion(project.cpu.nodes, 2e6), 4.0);
    EXPECT_FALSE(perMillion(std::nullopt, 2e6).has_value());
    EXPECT_FALSE(perMillion(1.0, 0).has_value());
    EXPECT_DOUBLE_EQ(*cpuRatio(project, raw), 8.0);  // 4 s/M against 0.5 s/M
    EXPECT_FALSE(cpuRatio(raw, raw).has_value());    // raw has no nodes

    BenchResult r;
    r.project = project;
    r.raw = raw;
    r.cpuRatioVsRaw = cpuRatio(project, raw);
    r.settings.driverCpus = {1};
    const auto doc = toJson(r);
    const auto& cpu = doc.at("project").at("cpu");
    EXPECT_DOUBLE_EQ(cpu.at("node_seconds").as_double(), 8.0);
    EXPECT_DOUBLE_EQ(cpu.at("node_seconds_per_million_applied").as_double(), 4.0);
    EXPECT_DOUBLE_EQ(cpu.at("node_seconds_per_million_acked").as_double(), 8.0);
    EXPECT_DOUBLE_EQ(cpu.at("nats_server_seconds_per_million_applied").as_double(), 0.5);
    EXPECT_DOUBLE_EQ(doc.at("raw").at("cpu").at("mmoctl_seconds_per_million_applied").as_double(), 0.5);
    EXPECT_TRUE(doc.at("raw").at("cpu").at("node_seconds").is_null());
    EXPECT_DOUBLE_EQ(doc.at("cpu_ratio_vs_raw").as_double(), 8.0);
    EXPECT_FALSE(doc.at("cpu_check").at("met").as_bool());
    EXPECT_EQ(doc.at("settings").at("driver_cpus").as_string(), "1");
    EXPECT_TRUE(doc.at("settings").at("set_cpus").is_null());
}

std::set<int> maskOf(int tid) {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    ::sched_getaffinity(tid, sizeof mask, &mask);
    std::set<int> cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c)
        if (CPU_ISSET(c, &mask)) cpus.insert(c);
    return cpus;
}

// Every thread of a process is pinned (here this test's own, with a second thread) and gets its mask back.
TEST(CpuAffinity, PinsEveryThreadOfAProcessAndRestores) {
    const auto allowed = allowedCpus();
    ASSERT_FALSE(allowed.empty());
    const int cpu = *allowed.rbegin();
    std::promise<int> tidOf;
    std::promise<void> release;
    std::thread other([&] {
        tidOf.set_value(static_cast<int>(::gettid()));
        release.get_future().wait();
    });
    const int tid = tidOf.get_future().get();
    {
        ProcessPinning pinning({static_cast<int>(::getpid())}, {cpu});
        EXPECT_EQ(maskOf(static_cast<int>(::getpid())), (std::set<int>{cpu}));
        EXPECT_EQ(maskOf(tid), (std::set<int>{cpu}));
    }
    EXPECT_EQ(maskOf(tid), allowed);
    EXPECT_EQ(maskOf(static_cast<int>(::getpid())), allowed);
    release.set_value();
    other.join();
}

// A process that is gone cannot be pinned: an error naming it.
TEST(CpuAffinity, AProcessThatIsGoneIsAnError) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    try {
        ProcessPinning pinning({static_cast<int>(child)}, {*allowedCpus().begin()});
        FAIL() << "pinned a process that is gone";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(child)), std::string::npos) << e.what();
    }
}

}  // namespace
