#include <gtest/gtest.h>

#include "tests/node/sync/OutboxTestSupport.hpp"

namespace mmo::sync::test {
namespace {

using Changes = std::vector<codec::BlockChange>;

class OutboxCompactionTest : public OutboxFixture {};

// Below the threshold compactIfLarge leaves the file alone.
TEST_F(OutboxCompactionTest, SmallFileIsNotCompacted) {
    auto outbox = open();
    outbox->appendChanges(sampleChanges());
    outbox->sync();
    const std::uint64_t size = outbox->fileBytes();
    EXPECT_FALSE(outbox->compactIfLarge({}, sampleChanges(), 1, 1 << 20));
    EXPECT_EQ(outbox->fileBytes(), size);
}

// Compaction keeps exactly the unpublished batches, the unsealed changes and the epoch, and shrinks the file.
TEST_F(OutboxCompactionTest, CompactionKeepsOnlyWhatIsNeeded) {
    std::uint64_t epoch = 0;
    Changes batch5;
    const Changes unsealed{change(-9, 9, 2, 1000)};
    {
        auto outbox = open();
        epoch = outbox->epoch();
        for (std::uint64_t seq = 1; seq <= 5; ++seq) {
            Changes batch;
            for (int i = 0; i < 20; ++i) batch.push_back(change(i, -i, 4, seq * 100 + i));
            outbox->appendChanges(batch);
            outbox->appendSeal(seq, 20);
            if (seq < 5) outbox->appendPublished(seq);
            batch5 = batch;
        }
        outbox->appendChanges(unsealed);
        outbox->sync();
        const std::uint64_t before = outbox->fileBytes();
        ASSERT_TRUE(outbox->compactIfLarge({{5, batch5}}, unsealed, 6, 100));
        EXPECT_LT(outbox->fileBytes(), before);
        EXPECT_EQ(std::filesystem::file_size(file()), outbox->fileBytes());
        EXPECT_FALSE(std::filesystem::exists(dir_ / "outbox.log.tmp"));
        outbox->appendSeal(6, 1);  // the reopened file takes appends
        outbox->sync();
    }
    const OutboxContents got = open()->takeRecovered();
    EXPECT_EQ(got.epoch, epoch);
    ASSERT_EQ(got.unpublished.size(), 2u);
    EXPECT_EQ(got.unpublished[0].sequence, 5u);
    EXPECT_EQ(got.unpublished[0].changes, batch5);
    EXPECT_EQ(got.unpublished[1].sequence, 6u);
    EXPECT_EQ(got.unpublished[1].changes, unsealed);
    EXPECT_TRUE(got.unsealed.empty());
    EXPECT_EQ(got.nextBatchSeq, 7u);
}

// After compaction a published batch newer than every unpublished one does not get its sequence reused.
TEST_F(OutboxCompactionTest, CompactionKeepsNextBatchSeq) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->appendSeal(1, 1);
        outbox->appendSeal(2, 1);
        outbox->appendSeal(3, 1);
        outbox->appendPublished(2);
        outbox->appendPublished(3);
        ASSERT_TRUE(outbox->compactIfLarge({{1, {sampleChanges()[0]}}}, {}, 4, 0));
    }
    const OutboxContents got = open()->takeRecovered();
    ASSERT_EQ(got.unpublished.size(), 1u);
    EXPECT_EQ(got.unpublished[0].sequence, 1u);
    EXPECT_EQ(got.nextBatchSeq, 4u);
}

}  // namespace
}  // namespace mmo::sync::test
