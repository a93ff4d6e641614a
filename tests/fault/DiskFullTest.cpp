// Scenario 6: a region's data dir on a small tmpfs fills up while its players keep playing; then the
// space is freed.
#include <gmock/gmock.h>

#include <sstream>

#include "common/gameproto/ErrorCode.hpp"
#include "tests/fault/FaultFixture.hpp"
#include "tests/support/Waiting.hpp"

namespace mmo::test::fault {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr int kFull = 2;  // ap-south-1's data dir fills up

class DiskFull : public FaultFixture {
  protected:
    // Every write the full region's bots were refused.
    std::vector<AckedChange> refusedChanges() const {
        std::vector<AckedChange> all;
        for (const auto* bot : botsIn(kFull)) {
            const auto some = bot->refusedChanges();
            all.insert(all.end(), some.begin(), some.end());
        }
        return all;
    }
    // Writes the full region's bots were refused with write_failed.
    int writeFailures() const {
        int sum = 0;
        for (const auto* bot : botsIn(kFull)) {
            const auto codes = bot->refusalsByCode();
            if (const auto it = codes.find(static_cast<std::uint16_t>(game::ErrorCode::WriteFailed));
                it != codes.end())
                sum += it->second;
        }
        return sum;
    }
    std::string lastRefusal() const { return botsIn(kFull).front()->lastRefusal(); }
};

// The full region refuses the writes it cannot make durable (write_failed naming the cause, an error in
// its log), acknowledges nothing it did not store, keeps running; the other regions play on. Once space is
// freed it acknowledges again, converges within 10 s with nothing acknowledged lost, no refused write
// anywhere, and its data dir survives kill -9 intact.
TEST_F(DiskFull, FullDataDirRefusesWritesCleanlyAndRecovers) {
    const auto dataDir = dir_.path() / "ap-data";
    auto mount = std::make_unique<TmpfsMount>(dataDir, 4u << 20);
    if (!mount->mounted()) GTEST_SKIP() << "needs a tmpfs mount (root in CI): " << mount->error();
    mounts_.push_back(std::move(mount));
    startNats();
    startRegions({}, {{kFull, {{"GAME_STORAGE_DATA_DIR", dataDir.string()}}}});
    startBots();
    ASSERT_TRUE(allPlay(10, 20s));

    // Fill the disk, and keep it full (a failed snapshot frees its temp file: take that space too).
    const auto filler = dataDir / "filler";
    const int failuresBefore = writeFailures();
    ASSERT_TRUE(waitUntil(
        [&] {
            fillUp(filler);
            return writeFailures() >= failuresBefore + 30;
        },
        30s))
        << "the full region kept acknowledging (" << ackedIn(kFull) << " acks)\n"
        << region(kFull).log();
    EXPECT_THAT(lastRefusal(), HasSubstr("No space left on device"));
    EXPECT_THAT(region(kFull).log(), HasSubstr("Outbox write failed"));
    const int others[] = {ackedIn(0), ackedIn(1)};
    ASSERT_TRUE(waitUntil(
        [&] {
            fillUp(filler);
            return ackedIn(0) >= others[0] + 20 && ackedIn(1) >= others[1] + 20;
        },
        20s))
        << "the other regions play on\n"
        << logs();
    fillUp(filler);
    const int refusedWhileFull = writeFailures() - failuresBefore;
    // Every write refused for the full disk is counted as such (docs/metrics.md, sync_writes_refused_total).
    EXPECT_GE(region(kFull).metric("sync_writes_refused_total", {{"reason", "disk_full"}}), refusedWhileFull);
    EXPECT_EQ(region(kFull).metric("sync_writes_refused_total", {{"reason", "io_error"}}), 0);
    EXPECT_EQ(region(0).metric("sync_writes_refused_total", {{"reason", "disk_full"}}), 0);

    // Free the space: the region acknowledges its players again and converges.
    std::filesystem::remove(filler);
    const auto healedAt = Clock::now();
    ASSERT_TRUE(regionPlays(kFull, 20, 20s)) << "no acks after the space was freed";
    const auto acked = stopBots();
    const auto refused = refusedChanges();
    const double seconds = expectConvergence(healedAt, acked);
    for (int i = 0; i < kRegions; ++i)
        for (const auto& r : refused)
            ASSERT_EQ(region(i).blockType(r.x, r.y), "air")
                << "a refused write (" << r.x << "," << r.y << ") took effect in " << kRegionIds[i];

    // Nothing on disk is damaged: after kill -9 the node starts from its outbox and snapshot as they are.
    region(kFull).kill9();
    region(kFull).start();
    EXPECT_THAT(region(kFull).log(), Not(HasSubstr("torn or corrupt")));
    EXPECT_THAT(region(kFull).log(), Not(HasSubstr("damaged")));
    ASSERT_TRUE(waitUntil([&] { return region(kFull).digest() == region(0).digest(); }, 10s))
        << region(kFull).log();
    EXPECT_TRUE(region(kFull).hasAll(acked));

    std::ostringstream extra;
    extra << refusedWhileFull << " writes refused with write_failed while full, none applied anywhere";
    report("data dir on a full tmpfs (ap), then space freed", 1, acked.size(), seconds, extra.str());
}

}  // namespace
}  // namespace mmo::test::fault
