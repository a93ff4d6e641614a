#include "tests/fault/FaultFixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "tests/support/Waiting.hpp"

namespace mmo::test::fault {

namespace {

using namespace std::chrono_literals;

double secondsBetween(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

// The first change of `acked` that `region` does not hold, as text ("" when it holds them all).
std::string firstMissing(const RegionNode& region, const std::vector<AckedChange>& acked) {
    for (const auto& a : acked) {
        const auto got = region.blockType(a.x, a.y);
        if (got != a.type)
            return "(" + std::to_string(a.x) + "," + std::to_string(a.y) + ") " + a.type + ", found '" + got +
                   "'";
    }
    return {};
}

}  // namespace

void FaultFixture::startNats() {
    nats_ = std::make_unique<NatsServerProcess>(dir_.path() / "nats", dir_.path());
}

void FaultFixture::startRegions(const std::function<std::string(int)>& natsUrl,
                                const std::map<int, Env>& extraEnv) {
    for (int i = 0; i < kRegions; ++i) {
        Env env{{"GAME_STORAGE_SNAPSHOT_EVERY_SECONDS", "1"}};
        // FAULT_NODE_LOG_LEVEL=debug: every batch published and consumed in the logs a failure prints.
        if (const char* level = std::getenv("FAULT_NODE_LOG_LEVEL"); level && *level)
            env["GAME_LOG_LEVEL"] = level;
        if (const auto it = extraEnv.find(i); it != extraEnv.end())
            for (const auto& [name, value] : it->second) env[name] = value;
        regions_.push_back(std::make_unique<RegionNode>(kRegionIds[i], dir_.path(),
                                                        natsUrl ? natsUrl(i) : nats_->url(), env));
    }
}

void FaultFixture::startProxiedRegions(const ChaosProxyOptions& wan, const std::map<int, Env>& extraEnv) {
    auto options = wan;
    options.regions.assign(std::begin(kRegionIds), std::end(kRegionIds));
    options.upstream = "127.0.0.1:" + std::to_string(nats_->clientPort());
    chaos_ = std::make_unique<ChaosProxyProcess>(dir_.path(), options);
    startRegions([&](int i) { return chaos_->natsUrl(kRegionIds[i]); }, extraEnv);
}

::testing::AssertionResult FaultFixture::chaos(const std::vector<std::string>& args) {
    const auto result = chaos_->command(args);
    std::string line = "mmoctl chaos";
    for (const auto& arg : args) line += " " + arg;
    if (result.code == 0) return ::testing::AssertionSuccess() << line << ": " << result.out;
    return ::testing::AssertionFailure()
           << line << " exited " << result.code << ": " << result.out << result.err;
}

void FaultFixture::startBots(std::chrono::milliseconds pace) {
    for (int i = 0; i < kRegions; ++i)
        for (int b = 0; b < kBotsPerRegion; ++b) {
            GameBotOptions options;
            options.name = "bot-" + std::to_string(i) + "-" + std::to_string(b);
            // Every bot its own lane of 256-wide rows, 1000 rows apart: no write hides another.
            options.lane = BotLane{0, (i * kBotsPerRegion + b) * 1000, 256};
            options.pace = pace;
            bots_.push_back(std::make_unique<GameBot>(region(i), options));
        }
}

std::vector<const GameBot*> FaultFixture::botsIn(int i) const {
    std::vector<const GameBot*> bots;
    for (int b = 0; b < kBotsPerRegion; ++b)
        bots.push_back(bots_.at(static_cast<std::size_t>(i * kBotsPerRegion + b)).get());
    return bots;
}

int FaultFixture::sumIn(int i, int (GameBot::*count)() const) const {
    int sum = 0;
    for (const auto* bot : botsIn(i)) sum += (bot->*count)();
    return sum;
}

::testing::AssertionResult FaultFixture::regionPlays(int i, int count, std::chrono::milliseconds timeout) {
    const int target = ackedIn(i) + count;
    if (waitUntil([&] { return ackedIn(i) >= target; }, timeout)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "the bots of " << kRegionIds[i] << " got " << ackedIn(i) - target + count << " of " << count
           << " acks within " << timeout.count() << " ms (" << refusedIn(i) << " refused in total)\n"
           << region(i).log();
}

::testing::AssertionResult FaultFixture::allPlay(int count, std::chrono::milliseconds timeout) {
    int targets[kRegions];
    for (int i = 0; i < kRegions; ++i) targets[i] = ackedIn(i) + count;
    const bool played = waitUntil(
        [&] {
            for (int i = 0; i < kRegions; ++i)
                if (ackedIn(i) < targets[i]) return false;
            return true;
        },
        timeout);
    if (played) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    for (int i = 0; i < kRegions; ++i)
        if (ackedIn(i) < targets[i])
            failure << "the bots of " << kRegionIds[i] << " got " << ackedIn(i) - targets[i] + count << " of "
                    << count << " acks within " << timeout.count() << " ms\n";
    return failure << logs();
}

LatencySummary FaultFixture::latencyIn(const std::vector<int>& regions, Clock::time_point from,
                                       Clock::time_point to) const {
    std::vector<double> all;
    for (const int i : regions)
        for (const auto* bot : botsIn(i)) {
            const auto some = bot->latency().millis(from, to);
            all.insert(all.end(), some.begin(), some.end());
        }
    return summarize(std::move(all));
}

std::vector<AckedChange> FaultFixture::stopBots() {
    for (auto& bot : bots_) bot->stop();
    std::vector<AckedChange> acked;
    for (auto& bot : bots_) {
        const auto some = bot->ackedChanges();
        acked.insert(acked.end(), some.begin(), some.end());
    }
    return acked;
}

double FaultFixture::expectConvergence(Clock::time_point healedAt, const std::vector<AckedChange>& acked) {
    std::optional<Clock::time_point> convergedAt;
    // Wait past the bound, so a failure says how long it really took.
    const bool converged = waitUntil(
        [&] {
            std::string first;
            for (const auto& r : regions_) {
                const auto digest = r->digest();
                if (digest.empty() || (!first.empty() && digest != first)) return false;
                first = digest;
            }
            const auto agreedAt = Clock::now();
            // Equal digests mean equal worlds; every region is still read, as a user would check.
            for (const auto& r : regions_)
                if (!r->hasAll(acked)) return false;
            convergedAt = agreedAt;
            return true;
        },
        30s);
    if (!converged) {
        std::string detail;
        for (const auto& r : regions_)
            detail +=
                r->id() + ": digest '" + r->digest() + "', first missing: " + firstMissing(*r, acked) + "\n";
        ADD_FAILURE() << "no convergence within 30 s of the bots stopping (" << acked.size()
                      << " acknowledged changes)\n"
                      << detail << logs();
        return -1;
    }
    const double seconds = secondsBetween(healedAt, *convergedAt);
    EXPECT_LE(seconds, std::chrono::duration<double>(kConvergenceBound).count())
        << "converged, but " << seconds << " s after the last fault healed\n"
        << logs();
    return seconds;
}

void FaultFixture::report(const std::string& scenario, int faults, std::size_t changes,
                          double convergenceSeconds, const std::string& extra) {
    char line[512];
    std::snprintf(
        line, sizeof line,
        "[fault summary] %s | faults injected: %d | acknowledged changes checked: %zu in %d regions | "
        "converged %.2f s after the last fault healed (bound %lld s)",
        scenario.c_str(), faults, changes, kRegions, convergenceSeconds,
        static_cast<long long>(kConvergenceBound.count()));
    std::cout << line << (extra.empty() ? "" : " | " + extra) << std::endl;
}

std::string FaultFixture::logs() const {
    std::string all;
    for (const auto& r : regions_) all += "---- " + r->id() + " ----\n" + r->log();
    return all;
}

}  // namespace mmo::test::fault
