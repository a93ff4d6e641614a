// The readiness rules (docs/rest-api.md#get-readyz, #get-readyzplayers): the order of /readyz's reasons,
// changes that cannot be published, and /readyz/players answering apart from the sync.
#include <gtest/gtest.h>

#include "node/api/ReadinessRules.hpp"

namespace mmo::api {
namespace {

sync::SyncStatus healthy() {
    sync::SyncStatus s;
    s.natsConnected = true;
    s.caughtUp = true;
    return s;
}

TEST(ReadinessRules, HealthyIsReady) {
    EXPECT_TRUE(syncReadiness(healthy()).ready);
    EXPECT_TRUE(playerReadiness(healthy(), true).ready);
}

TEST(ReadinessRules, ChangesThatCannotBePublishedAreNotReady) {
    auto s = healthy();
    s.unpublishedChanges = 150;
    s.publishStalled = true;
    s.caughtUp = false;
    const auto r = syncReadiness(s);
    EXPECT_FALSE(r.ready);
    EXPECT_EQ(r.reason,
              "cannot publish: 150 changes wait in the outbox (the stream does not acknowledge them)");
    EXPECT_TRUE(playerReadiness(s, true).ready) << "players are served during a broker outage";
}

TEST(ReadinessRules, ReasonsInTheDocumentedOrder) {
    auto s = healthy();
    s.caughtUp = false;
    EXPECT_EQ(syncReadiness(s).reason, "catching up on the stream");
    s.publishStalled = true;
    s.unpublishedChanges = 1;
    EXPECT_EQ(syncReadiness(s).reason.rfind("cannot publish: 1 changes", 0), 0u);
    s.bootstrapping = true;
    EXPECT_EQ(syncReadiness(s).reason, "loading world checkpoints");
    s.natsConnected = false;
    EXPECT_EQ(syncReadiness(s).reason, "not connected to NATS");
    s.missing = sync::MissingRange{1, 3};
    EXPECT_EQ(
        syncReadiness(s).reason,
        "world incomplete: stream messages 1..3 are gone and no checkpoint covers them (mmoctl repair)");
}

TEST(ReadinessRules, PlayersWaitForTheGameListenerAndTheWorld) {
    auto s = healthy();
    EXPECT_FALSE(playerReadiness(s, false).ready);
    s.bootstrapping = true;
    EXPECT_EQ(playerReadiness(s, true).reason, "loading world checkpoints");
    s = sync::SyncStatus{};  // NATS down, never caught up, the world incomplete: still serving
    s.missing = sync::MissingRange{1, 3};
    EXPECT_TRUE(playerReadiness(s, true).ready);
}

}  // namespace
}  // namespace mmo::api
