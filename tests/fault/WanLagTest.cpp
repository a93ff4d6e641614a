// Scenario 5: the regions talk to NATS over WAN-like links (40/40/120 ms one way, with jitter) through the
// chaos link proxy; then ap's link is capped so it falls behind, and the cap is lifted.
#include <algorithm>
#include <sstream>
#include <thread>

#include "tests/fault/FaultFixture.hpp"

namespace mmo::test::fault {
namespace {

using namespace std::chrono_literals;

constexpr int kCapped = 2;  // ap-south-1
constexpr auto kCapFor = 15s;
constexpr const char* kCap = "16kbit";  // well under what ap needs to keep up with the load
// A lagging node holds no more than its backlog needs: its RSS may grow by at most this much.
constexpr std::uint64_t kRssGrowthBound = 64u << 20;

class WanLag : public FaultFixture {
  protected:
    // Batches region `from` published that ap has not applied yet.
    double apBehind(int from) {
        const double published = region(from).metric("sync_published_batch_seq");
        const double applied =
            region(kCapped).metric("sync_applied_batch_seq", {{"source_region", kRegionIds[from]}});
        return published - std::max(applied, 0.0);
    }
};

// Over the WAN every region keeps up; with its link capped ap falls behind (others' batches wait, its own
// queue in its outbox) while its memory stays bounded; once the cap is lifted it catches up: every
// acknowledged change everywhere and equal digests within 10 s.
TEST_F(WanLag, CappedRegionFallsBehindThenCatchesUpWithBoundedMemory) {
    startNats();
    ChaosProxyOptions wan;
    wan.wan = "eu=40ms,us=40ms,ap=120ms";
    wan.wanJitter = "10ms";
    startProxiedRegions(wan);
    startBots();
    ASSERT_TRUE(allPlay(100, 30s));  // a few seconds of play over the WAN

    const std::uint64_t rssBefore = region(kCapped).residentBytes();
    ASSERT_TRUE(chaos({"set", "--region", "ap", "--rate", kCap}));
    const auto cappedAt = Clock::now();
    double maxBehind = 0, maxOutbox = 0;
    std::uint64_t maxRss = rssBefore;
    while (Clock::now() < cappedAt + kCapFor) {
        maxBehind = std::max({maxBehind, apBehind(0), apBehind(1)});
        maxOutbox = std::max(maxOutbox, region(kCapped).metric("sync_outbox_changes"));
        maxRss = std::max(maxRss, region(kCapped).residentBytes());
        std::this_thread::sleep_for(250ms);  // the sampling period of the lag, not a wait for state
    }
    EXPECT_GE(maxBehind, 20) << "ap should fall behind the other regions under a " << kCap << " cap";
    EXPECT_LE(maxRss, rssBefore + kRssGrowthBound)
        << "ap's RSS grew from " << rssBefore / 1024 << " KiB to " << maxRss / 1024 << " KiB";
    ASSERT_TRUE(chaos({"set", "--region", "ap", "--rate", "unlimited"}));
    const auto healedAt = Clock::now();

    ASSERT_TRUE(allPlay(10, 20s)) << "after the cap was lifted";
    const auto acked = stopBots();
    const double seconds = expectConvergence(healedAt, acked);
    std::ostringstream extra;
    extra << "ap capped at " << kCap << " for 15 s: up to " << maxBehind << " batches behind, outbox up to "
          << maxOutbox << " changes, RSS " << rssBefore / (1 << 20) << " -> max " << maxRss / (1 << 20)
          << " MiB (bound +" << (kRssGrowthBound >> 20) << " MiB)";
    report("WAN 40/40/120 ms +-10 ms, ap capped then uncapped", 1, acked.size(), seconds, extra.str());
}

}  // namespace
}  // namespace mmo::test::fault
