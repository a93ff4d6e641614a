// Scenario 1: kill -9 of each region node in turn, 20 kills in all, each restarted on its data dir, while
// bots keep playing in every region.
#include <sstream>

#include "tests/fault/FaultFixture.hpp"

namespace mmo::test::fault {
namespace {

using namespace std::chrono_literals;

class NodeKill : public FaultFixture {};

// 20 kill -9s (eu, us, ap, eu, ...) at varying moments of the load: every change a player got an ack for
// is in every region, and the digests agree within 10 s of the last restart.
TEST_F(NodeKill, TwentyKillsUnderLoadLoseNoAcknowledgedChange) {
    constexpr int kKills = 20;
    startNats();
    startRegions();
    startBots();
    ASSERT_TRUE(allPlay(10, 20s));
    Clock::time_point healedAt;
    for (int k = 0; k < kKills; ++k) {
        const int victim = k % kRegions;
        // Its players are back on the restarted node and playing; then a kill at a varying moment.
        ASSERT_TRUE(regionPlays(victim, 10 + (k * 13) % 40, 20s)) << "before kill " << k + 1;
        region(victim).kill9();
        region(victim).start();
        healedAt = Clock::now();
    }
    ASSERT_TRUE(allPlay(10, 20s)) << "after the last restart";
    const auto acked = stopBots();
    int disconnects = 0;
    for (int i = 0; i < kRegions; ++i) disconnects += disconnectsIn(i);
    EXPECT_GE(disconnects, kKills) << "every kill cut the players of the killed node";
    const double seconds = expectConvergence(healedAt, acked);
    std::ostringstream extra;
    extra << "bot sessions cut by the kills: " << disconnects;
    report("kill -9 of each region node in turn, restarted on its data dir", kKills, acked.size(), seconds,
           extra.str());
}

}  // namespace
}  // namespace mmo::test::fault
