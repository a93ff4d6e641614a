// The chaos proxy's logic in-process, time injected: delivery times (latency, jitter, no reordering), the
// shared token bucket, rate and size texts, the --wan flags, serve's flags and the port plan.
#include <gtest/gtest.h>

#include <limits>
#include <set>

#include "cli/ExitCode.hpp"
#include "cli/chaos/DelayScheduler.hpp"
#include "cli/chaos/ProxyConfig.hpp"
#include "cli/chaos/RateLimiter.hpp"
#include "cli/chaos/RateText.hpp"
#include "cli/chaos/WanSpec.hpp"
#include "cli/util/ChaosLinkPlan.hpp"
#include "common/regions/PortScheme.hpp"

namespace mmo::cli::chaos {
namespace {

using namespace std::chrono_literals;
using TimePoint = std::chrono::steady_clock::time_point;

const TimePoint t0{std::chrono::seconds(1000)};
const std::vector<std::string> kRegions{"eu-west-1", "us-east-1", "ap-south-1"};

// Without jitter, data is delivered exactly `latency` after it arrived.
TEST(DelayScheduler, AddsTheLatencyExactly) {
    DelayScheduler scheduler(1);
    const LinkShape shape{40ms, 0ms, 0};
    EXPECT_EQ(scheduler.deliveryTime(t0, shape), t0 + 40ms);
    EXPECT_EQ(scheduler.deliveryTime(t0 + 5ms, shape), t0 + 45ms);
}

// Jitter stays within +-jitter, is never negative overall, and never reorders: each delivery time is at
// least the previous one.
TEST(DelayScheduler, JitterStaysInBoundsAndNeverReorders) {
    const LinkShape shape{10ms, 30ms, 0};
    DelayScheduler dense(42);  // arrivals 0.1 ms apart: later draws wait behind earlier ones
    TimePoint previous{};
    for (int i = 0; i < 2000; ++i) {
        const auto arrival = t0 + std::chrono::microseconds(i * 100);
        const auto due = dense.deliveryTime(arrival, shape);
        EXPECT_GE(due, arrival);                // never before it arrived (10ms - 30ms < 0)
        EXPECT_LE(due, arrival + 10ms + 30ms);  // never later than latency + jitter
        EXPECT_GE(due, previous);               // in order
        previous = due;
    }
    DelayScheduler sparse(43);  // arrivals 100 ms apart: every draw shows
    bool sawEarly = false;
    bool sawLate = false;
    for (int i = 0; i < 200; ++i) {
        const auto arrival = t0 + std::chrono::milliseconds(i * 100);
        const auto due = sparse.deliveryTime(arrival, shape);
        sawEarly = sawEarly || due < arrival + 5ms;
        sawLate = sawLate || due > arrival + 35ms;
    }
    EXPECT_TRUE(sawEarly);
    EXPECT_TRUE(sawLate);
}

// A latency lowered at run time never lets new data overtake data already scheduled.
TEST(DelayScheduler, LoweringTheLatencyKeepsTheOrder) {
    DelayScheduler scheduler(3);
    EXPECT_EQ(scheduler.deliveryTime(t0, {200ms, 0ms, 0}), t0 + 200ms);
    EXPECT_EQ(scheduler.deliveryTime(t0 + 1ms, {0ms, 0ms, 0}), t0 + 200ms);
}

// An unlimited limiter lets everything go at once, in whatever sizes.
TEST(RateLimiter, UnlimitedNeverWaits) {
    RateLimiter limiter(0, t0);
    EXPECT_TRUE(limiter.unlimited());
    EXPECT_EQ(limiter.reserve(10'000'000, t0), t0);
    EXPECT_EQ(limiter.quantum(), std::numeric_limits<std::size_t>::max());
}

// After the burst, reservations are spaced so the long-run rate is the configured one.
TEST(RateLimiter, HoldsTheRateAfterTheBurst) {
    RateLimiter limiter(800'000, t0);  // 100 KB/s, burst 2000 B
    EXPECT_EQ(limiter.quantum(), 2000u);
    EXPECT_EQ(limiter.reserve(2000, t0), t0);  // the burst
    auto when = t0;
    for (int i = 0; i < 50; ++i) when = limiter.reserve(2000, t0);  // 100 KB more, all asked at t0
    EXPECT_NEAR(std::chrono::duration<double>(when - t0).count(), 1.0, 0.001);
}

// Two connections share one bucket: together they get the rate, not twice it.
TEST(RateLimiter, ConnectionsShareTheBucket) {
    RateLimiter limiter(80'000, t0);  // 10 KB/s, burst 200 B
    limiter.reserve(200, t0);
    const auto a = limiter.reserve(5000, t0);
    const auto b = limiter.reserve(5000, t0);
    EXPECT_NEAR(std::chrono::duration<double>(a - t0).count(), 0.5, 0.001);
    EXPECT_NEAR(std::chrono::duration<double>(b - t0).count(), 1.0, 0.001);
}

// Idle time refills the bucket up to the burst only; a new rate applies from the change on.
TEST(RateLimiter, RefillsUpToTheBurstAndTakesNewRates) {
    RateLimiter limiter(80'000, t0);  // 10 KB/s, burst 200 B
    limiter.reserve(200, t0);
    EXPECT_EQ(limiter.reserve(200, t0 + 10s), t0 + 10s);  // refilled, but only 200 B
    const auto late = limiter.reserve(1000, t0 + 10s);
    EXPECT_NEAR(std::chrono::duration<double>(late - (t0 + 10s)).count(), 0.1, 0.001);
    limiter.setRate(0, t0 + 20s);
    EXPECT_EQ(limiter.reserve(1'000'000, t0 + 20s), t0 + 20s);
}

// Rates: bits with k/m/g and kbit/mbit/gbit, bytes with B/s, KB/s, KiB/s; exact round trips.
TEST(RateText, ParsesUnitsAndFormatsExactly) {
    EXPECT_EQ(parseRate("512kbit"), 512'000u);
    EXPECT_EQ(parseRate("10mbit"), 10'000'000u);
    EXPECT_EQ(parseRate("1g"), 1'000'000'000u);
    EXPECT_EQ(parseRate("64000"), 64'000u);
    EXPECT_EQ(parseRate("2MB/s"), 16'000'000u);
    EXPECT_EQ(parseRate("1KiB/s"), 8192u);
    EXPECT_EQ(parseRate("1.5mbit"), 1'500'000u);
    EXPECT_EQ(parseRate("unlimited"), 0u);
    EXPECT_EQ(formatRate(512'000), "512kbit");
    EXPECT_EQ(formatRate(1'500'000), "1500kbit");
    EXPECT_EQ(formatRate(8192), "8192bit");
    EXPECT_EQ(formatRate(0), "unlimited");
    for (const std::uint64_t rate : {1ull, 999ull, 512'000ull, 1'500'000ull, 8192ull, 3'000'000'000ull})
        EXPECT_EQ(parseRate(formatRate(rate)), rate);
    EXPECT_THROW(parseRate("512kbps"), std::invalid_argument);
    EXPECT_THROW(parseRate("-1kbit"), std::invalid_argument);
    EXPECT_THROW(parseRate("fast"), std::invalid_argument);
    EXPECT_THROW(parseRate("0"), std::invalid_argument);
    EXPECT_EQ(parseByteSize("4MiB"), 4u << 20);
    EXPECT_EQ(parseByteSize("65536"), 65536u);
    EXPECT_THROW(parseByteSize("4 lots"), std::invalid_argument);
}

// --wan: a bare value for every region, REGION=VALUE overrides whatever the order; the rest stays 0.
TEST(WanSpec, BareValuesAndRegionOverrides) {
    const auto shapes = resolveShapes({"eu=40ms,us=40ms,ap=120ms", "10ms,ap=20ms", "ap=512kbit"}, kRegions);
    EXPECT_EQ(shapes.at("eu-west-1").latency, 40ms);
    EXPECT_EQ(shapes.at("ap-south-1").latency, 120ms);
    EXPECT_EQ(shapes.at("eu-west-1").jitter, 10ms);
    EXPECT_EQ(shapes.at("ap-south-1").jitter, 20ms);
    EXPECT_EQ(shapes.at("ap-south-1").rateBitsPerSecond, 512'000u);
    EXPECT_EQ(shapes.at("us-east-1").rateBitsPerSecond, 0u);
    const auto partial = resolveShapes({"us=5ms", "", ""}, kRegions);
    EXPECT_EQ(partial.at("eu-west-1").latency, 0ms);
    const auto canonical = canonicalFlags(shapes);
    EXPECT_EQ(resolveShapes(canonical, kRegions).at("ap-south-1").rateBitsPerSecond, 512'000u);
    EXPECT_EQ(canonical.latency, "ap-south-1=120ms,eu-west-1=40ms,us-east-1=40ms");
}

std::string usageError(const WanFlags& flags) {
    try {
        resolveShapes(flags, kRegions);
    } catch (const CommandError& e) {
        EXPECT_EQ(e.code, kUsageError);
        return std::string(e.what());
    }
    return "(no error)";
}

// Bad items are usage errors naming the flag, the item and an example.
TEST(WanSpec, BadItemsNameTheFlagTheItemAndAnExample) {
    const auto unknown = usageError({"mars=40ms", "", ""});
    EXPECT_NE(unknown.find("--wan: \"mars=40ms\": region \"mars\" is not one of the regions"),
              std::string::npos)
        << unknown;
    EXPECT_NE(unknown.find("example: --wan eu=40ms"), std::string::npos) << unknown;
    EXPECT_NE(usageError({"eu=-5ms", "", ""}).find("\"eu=-5ms\""), std::string::npos);
    EXPECT_NE(usageError({"eu=40", "", ""}).find("give a unit, e.g. 40ms"), std::string::npos);
    EXPECT_NE(usageError({"", "", "ap=512kbps"}).find("--wan-rate: \"ap=512kbps\""), std::string::npos);
    EXPECT_NE(usageError({"eu=1ms,eu-west-1=2ms", "", ""}).find("given twice"), std::string::npos);
    EXPECT_NE(usageError({"", "10ms,", ""}).find("empty item"), std::string::npos);
    EXPECT_NE(usageError({"eu=2m", "", ""}).find("at most 60s"), std::string::npos);
}

// serve's flags: listen items, default and per-link upstreams (in order), errors naming the item.
TEST(ProxyConfig, BuildsLinksFromTheFlags) {
    ServeFlags flags;
    flags.listen = {"eu=0", "ap=127.0.0.1:5224"};
    flags.upstream = {"127.0.0.1:4222", "ap=127.0.0.1:4224", "ap=127.0.0.1:4222"};
    flags.wan.latency = "ap=120ms";
    const auto config = buildProxyConfig(flags);
    ASSERT_EQ(config.links.size(), 2u);
    EXPECT_EQ(config.links[0].region, "eu-west-1");
    EXPECT_EQ(config.links[0].upstreams, std::vector<std::string>{"127.0.0.1:4222"});
    EXPECT_EQ(config.links[1].listenPort, 5224);
    EXPECT_EQ(config.links[1].upstreams, (std::vector<std::string>{"127.0.0.1:4224", "127.0.0.1:4222"}));
    EXPECT_EQ(config.links[1].shape.latency, 120ms);
    EXPECT_EQ(config.connection.queueLimit, 4u << 20);

    flags.upstream = {"ap=127.0.0.1:4224"};
    EXPECT_THROW(buildProxyConfig(flags), CommandError);  // eu has none
    flags.upstream = {"127.0.0.1"};
    EXPECT_THROW(buildProxyConfig(flags), CommandError);
    flags.upstream = {"127.0.0.1:4222"};
    flags.listen = {"eu=70000"};
    EXPECT_THROW(buildProxyConfig(flags), CommandError);
}

// The upstreams of `up --wan`: the region's own server first in a cluster, an external list as given.
TEST(ChaosLinkPlan, UpstreamsFollowTheNodesOwnOrder) {
    EXPECT_EQ(chaosUpstreams("", 10, 1, 2), std::vector<std::string>{"127.0.0.1:4232"});
    EXPECT_EQ(chaosUpstreams("", 0, 3, 1),
              (std::vector<std::string>{"127.0.0.1:4223", "127.0.0.1:4224", "127.0.0.1:4222"}));
    EXPECT_EQ(chaosUpstreams("nats://a:4300, nats://u:p@b", 0, 1, 0),
              (std::vector<std::string>{"a:4300", "b:4222"}));
    EXPECT_EQ(chaosNodeUrl(10, 1), "nats://127.0.0.1:5233");
    EXPECT_EQ(chaosNodeUrl(0, 0, "nats://u:p@b:4222"), "nats://u:p@127.0.0.1:5222");
    EXPECT_THROW(checkChaosCanCarry("tls://b:4222"), CommandError);
    EXPECT_NO_THROW(checkChaosCanCarry("nats://b:4222"));
}

// The chaos ports join the plan (and so --port-offset auto) only for a set that runs the proxy.
TEST(ChaosLinkPlan, PortPlanHasTheProxysPorts) {
    const auto without = regions::plannedPorts(kRegions, 0, true);
    const auto with = regions::plannedPorts(kRegions, 0, true, 1, true);
    EXPECT_EQ(with.size(), without.size() + 4);
    EXPECT_TRUE(regions::findCollisions(with).empty());
    EXPECT_EQ(with.back().owner, "chaos link ap-south-1");
    EXPECT_EQ(with.back().port, 5224);
    const std::set<int> busy{5222};
    const auto probe = [&](regions::Protocol, int port) { return busy.count(port) == 0; };
    EXPECT_EQ(regions::findFreeOffset(kRegions, true, probe, 100, 1, false), 0);
    EXPECT_EQ(regions::findFreeOffset(kRegions, true, probe, 100, 1, true), 1);
}

}  // namespace
}  // namespace mmo::cli::chaos
