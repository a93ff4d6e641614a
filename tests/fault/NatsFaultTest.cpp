// Scenarios 2 and 3: the NATS server dies (kill -9, restarted on the same store and ports) or freezes
// (SIGSTOP for 20 s, then SIGCONT) while bots keep playing in every region.
#include <sstream>
#include <thread>

#include "tests/fault/FaultFixture.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test::fault {
namespace {

using namespace std::chrono_literals;

class NatsFault : public FaultFixture {
  protected:
    void SetUp() override {
        startNats();
        startRegions();
        startBots();
        ASSERT_TRUE(allPlay(10, 20s));
    }
    // Every region's batches are acknowledged by JetStream again: sync_published_batch_seq passed its
    // value from before the fault.
    ::testing::AssertionResult allPublishAgain(const std::vector<double>& before,
                                               std::chrono::seconds timeout) {
        const bool resumed = waitUntil(
            [&] {
                for (int i = 0; i < kRegions; ++i)
                    if (region(i).metric("sync_published_batch_seq") <= before[static_cast<std::size_t>(i)])
                        return false;
                return true;
            },
            timeout);
        if (resumed) return ::testing::AssertionSuccess();
        auto failure = ::testing::AssertionFailure() << "publishing did not resume:";
        for (int i = 0; i < kRegions; ++i)
            failure << " " << kRegionIds[i] << " sync_published_batch_seq "
                    << before[static_cast<std::size_t>(i)] << " -> "
                    << region(i).metric("sync_published_batch_seq");
        return failure << "\n" << logs();
    }
    std::vector<double> publishedSeqs() {
        std::vector<double> seqs;
        for (int i = 0; i < kRegions; ++i) seqs.push_back(region(i).metric("sync_published_batch_seq"));
        return seqs;
    }
};

// kill -9 of nats-server, three times, each time restarted on the same store and ports after the
// players made more changes without it: nothing acknowledged is lost, the digests agree within 10 s.
TEST_F(NatsFault, KilledNatsServerRestartedOnItsStoreLosesNothing) {
    constexpr int kKills = 3;
    Clock::time_point healedAt;
    for (int k = 0; k < kKills; ++k) {
        nats_->kill();
        ASSERT_TRUE(allPlay(100, 20s)) << "players keep playing while NATS is down";
        const auto before = publishedSeqs();
        nats_->restart();
        healedAt = Clock::now();
        ASSERT_TRUE(allPublishAgain(before, 10s)) << "after restart " << k + 1;
    }
    const auto acked = stopBots();
    const double seconds = expectConvergence(healedAt, acked);
    report("kill -9 of nats-server, restarted on the same store and ports", kKills, acked.size(), seconds);
}

// nats-server frozen with SIGSTOP for 20 s (sockets open, nothing answers) and resumed: players are
// acknowledged all along, nothing is lost, the digests agree within 10 s of SIGCONT.
TEST_F(NatsFault, FrozenNatsServerForTwentySecondsLosesNothing) {
    const auto frozenAt = Clock::now();
    int before[kRegions];
    for (int i = 0; i < kRegions; ++i) before[i] = ackedIn(i);
    nats_->pause();
    std::this_thread::sleep_for(20s);  // the scenario itself: twenty seconds of a frozen server
    const auto published = publishedSeqs();
    nats_->resume();
    const auto healedAt = Clock::now();
    std::ostringstream during;
    for (int i = 0; i < kRegions; ++i) {
        // 2 bots at up to 10 writes/s for 20 s: far more than 100 unless the region stalled.
        EXPECT_GE(ackedIn(i) - before[i], 100) << kRegionIds[i] << " stopped acknowledging its players";
        during << kRegionIds[i] << " " << ackedIn(i) - before[i] << " acks while frozen ("
               << describe(latencyIn({i}, frozenAt, healedAt)) << "); ";
    }
    ASSERT_TRUE(allPublishAgain(published, 10s));
    const auto acked = stopBots();
    const double seconds = expectConvergence(healedAt, acked);
    report("nats-server frozen (SIGSTOP) for 20 s, then SIGCONT", 1, acked.size(), seconds, during.str());
}

}  // namespace
}  // namespace mmo::test::fault
