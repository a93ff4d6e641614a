#include <gtest/gtest.h>

#include <stdexcept>

#include "node/sync/OutboxRecord.hpp"
#include "tests/node/sync/OutboxTestSupport.hpp"

namespace mmo::sync::test {
namespace {

using Changes = std::vector<codec::BlockChange>;

class OutboxTest : public OutboxFixture {};

Changes firstTwo() {
    const Changes all = sampleChanges();
    return {all[0], all[1]};
}

// A change record is byte for byte the example in docs/sync.md.
TEST_F(OutboxTest, ChangeRecordMatchesDocumentedExample) {
    codec::ByteWriter out;
    encodeOutboxChange(change(-1, 2, 3, 300), out);
    const std::vector<std::uint8_t> expected{0x05, 0x00, 0x00, 0x00, 0x01, 0x01, 0x04,
                                             0x03, 0xAC, 0x02, 0x71, 0xE0, 0x66, 0x26};
    EXPECT_EQ(out.bytes(), expected);
}

// A new outbox creates its directory, gets a non-zero epoch, starts at batch 1 and recovers nothing.
TEST_F(OutboxTest, FreshOpenStartsEmpty) {
    auto outbox = open();
    const OutboxContents got = outbox->takeRecovered();
    EXPECT_NE(got.epoch, 0u);
    EXPECT_EQ(got.epoch, outbox->epoch());
    EXPECT_EQ(got.nextBatchSeq, 1u);
    EXPECT_TRUE(got.unpublished.empty());
    EXPECT_TRUE(got.unsealed.empty());
    EXPECT_EQ(got.truncatedTailBytes, 0u);
    EXPECT_EQ(outbox->path(), file());
    EXPECT_TRUE(std::filesystem::exists(file()));
}

// Synced changes come back unsealed, bit for bit, in append order, under the same epoch.
TEST_F(OutboxTest, SyncedChangesSurviveReopenAsUnsealed) {
    std::uint64_t epoch = 0;
    {
        auto outbox = open();
        epoch = outbox->epoch();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    const OutboxContents got = open()->takeRecovered();
    EXPECT_EQ(got.epoch, epoch);
    EXPECT_EQ(got.unsealed, sampleChanges());
    EXPECT_TRUE(got.unpublished.empty());
}

// Records appended but never synced are not in the file.
TEST_F(OutboxTest, UnsyncedChangesAreNotRecovered) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
    }
    EXPECT_TRUE(open()->takeRecovered().unsealed.empty());
}

// A seal turns the first `count` unsealed changes into an unpublished batch with its sequence.
TEST_F(OutboxTest, SealFormsUnpublishedBatch) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->appendSeal(1, 2);
        outbox->sync();
    }
    const OutboxContents got = open()->takeRecovered();
    ASSERT_EQ(got.unpublished.size(), 1u);
    EXPECT_EQ(got.unpublished[0].sequence, 1u);
    EXPECT_EQ(got.unpublished[0].changes, firstTwo());
    EXPECT_EQ(got.unsealed, Changes{sampleChanges()[2]});
    EXPECT_EQ(got.nextBatchSeq, 2u);
}

// A published record removes its batch and leaves the others.
TEST_F(OutboxTest, PublishedRemovesItsBatch) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->appendSeal(1, 1);
        outbox->appendSeal(2, 2);
        outbox->appendPublished(1);
        outbox->sync();
    }
    const OutboxContents got = open()->takeRecovered();
    ASSERT_EQ(got.unpublished.size(), 1u);
    EXPECT_EQ(got.unpublished[0].sequence, 2u);
    EXPECT_TRUE(got.unsealed.empty());
}

// nextBatchSeq continues after the last sealed batch even when every batch was published.
TEST_F(OutboxTest, NextBatchSeqFollowsLastSealAfterReopen) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->appendSeal(7, 3);
        outbox->appendPublished(7);
        outbox->sync();
    }
    const OutboxContents got = open()->takeRecovered();
    EXPECT_TRUE(got.unpublished.empty());
    EXPECT_EQ(got.nextBatchSeq, 8u);
}

// appendSeal refuses a count above the unsealed changes and a sequence below the next one.
TEST_F(OutboxTest, AppendSealRejectsImpossibleSeals) {
    auto outbox = open();
    outbox->appendChanges(sampleChanges());
    EXPECT_THROW(outbox->appendSeal(1, 4), std::invalid_argument);
    outbox->appendSeal(5, 1);
    EXPECT_THROW(outbox->appendSeal(5, 1), std::invalid_argument);
}

// Cutting the file at every byte inside the last record loses only that record, and appends still work.
TEST_F(OutboxTest, TornTailAtEveryOffsetIsCut) {
    std::uint64_t before = 0;
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->appendSeal(1, 2);
        outbox->sync();
        before = outbox->fileBytes();
        outbox->appendChanges(Changes{change(-5, 6, 3, 99)});
        outbox->sync();
    }
    const std::vector<char> whole = readFile();
    for (std::size_t cut = before + 1; cut < whole.size(); ++cut) {
        SCOPED_TRACE("cut at " + std::to_string(cut));
        writeFile({whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut)});
        {
            auto outbox = open();
            const OutboxContents got = outbox->takeRecovered();
            EXPECT_EQ(got.truncatedTailBytes, cut - before);
            ASSERT_EQ(got.unpublished.size(), 1u);
            EXPECT_EQ(got.unsealed, Changes{sampleChanges()[2]});
            EXPECT_EQ(outbox->fileBytes(), before);
            EXPECT_EQ(std::filesystem::file_size(file()), before);
            outbox->appendChanges(Changes{change(1, 1, 1, 1)});
            outbox->sync();
        }
        const OutboxContents again = open()->takeRecovered();
        EXPECT_EQ(again.truncatedTailBytes, 0u);
        EXPECT_EQ(again.unsealed, (Changes{sampleChanges()[2], change(1, 1, 1, 1)}));
    }
}

// The warning for a cut tail names the file and the byte offset where the damage starts.
TEST_F(OutboxTest, TornTailWarningNamesFileAndOffset) {
    std::uint64_t before = 0;
    {
        auto outbox = open();
        before = outbox->fileBytes();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    std::filesystem::resize_file(file(), before + 3);
    open();
    EXPECT_NE(logs_.str().find(file().string()), std::string::npos) << logs_.str();
    EXPECT_NE(logs_.str().find("offset " + std::to_string(before)), std::string::npos) << logs_.str();
}

// A flipped byte in the last record's payload fails its CRC: that record is cut, the rest is kept.
TEST_F(OutboxTest, FlippedPayloadByteIsCaughtByCrc) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    std::vector<char> bytes = readFile();
    const std::size_t lastPayload = bytes.size() - 4 - 1;  // the payload's last byte, before the CRC
    bytes[lastPayload] = static_cast<char>(bytes[lastPayload] ^ 0x01);
    writeFile(bytes);
    const OutboxContents got = open()->takeRecovered();
    EXPECT_EQ(got.unsealed, firstTwo());
    EXPECT_GT(got.truncatedTailBytes, 0u);
}

// A declared payload length far beyond the bound is corruption, not an allocation or a long skip.
TEST_F(OutboxTest, HugeLengthIsCorrupt) {
    const std::uint64_t headerBytes = open()->fileBytes();
    std::vector<char> bytes = readFile();
    bytes.insert(bytes.end(), {'\xff', '\xff', '\xff', '\x7f', 1, 0, 0});
    writeFile(bytes);
    const OutboxContents got = open()->takeRecovered();
    EXPECT_EQ(got.truncatedTailBytes, 7u);
    EXPECT_EQ(std::filesystem::file_size(file()), headerBytes);
}

// A seal asking for more changes than the file holds is treated like a torn tail.
TEST_F(OutboxTest, OverlongSealIsCut) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    codec::ByteWriter seal;
    encodeOutboxSeal(1, 4, seal);
    std::vector<char> bytes = readFile();
    bytes.insert(bytes.end(), seal.bytes().begin(), seal.bytes().end());
    writeFile(bytes);
    const OutboxContents got = open()->takeRecovered();
    EXPECT_TRUE(got.unpublished.empty());
    EXPECT_EQ(got.unsealed, sampleChanges());
    EXPECT_EQ(got.truncatedTailBytes, seal.size());
}

// A damaged header on a non-empty file is an error naming the file, and the file is left untouched.
TEST_F(OutboxTest, DamagedHeaderThrowsNamingFile) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    std::vector<char> bytes = readFile();
    bytes[6] = static_cast<char>(bytes[6] ^ 0x40);  // inside the epoch: only the header CRC notices
    writeFile(bytes);
    try {
        open();
        FAIL() << "expected std::runtime_error";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find(file().string()), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("move it aside"), std::string::npos) << error.what();
    }
    EXPECT_EQ(readFile(), bytes);
}

// A file shorter than a header but not empty is damaged, not new.
TEST_F(OutboxTest, ShortHeaderThrows) {
    open();
    std::filesystem::resize_file(file(), 10);
    EXPECT_THROW(open(), std::runtime_error);
}

// A zero-length file (a crash right after it was created) is initialised afresh.
TEST_F(OutboxTest, ZeroLengthFileIsReinitialised) {
    std::filesystem::create_directories(dir_);
    writeFile({});
    auto outbox = open();
    EXPECT_NE(outbox->takeRecovered().epoch, 0u);
    EXPECT_EQ(outbox->fileBytes(), OutboxHeader::kSize);
}

// A temp file left by a compaction that crashed before its rename is ignored and removed.
TEST_F(OutboxTest, LeftoverTempFileIsRemoved) {
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
    }
    std::ofstream(dir_ / "outbox.log.tmp") << "half a compaction";
    EXPECT_EQ(open()->takeRecovered().unsealed, sampleChanges());
    EXPECT_FALSE(std::filesystem::exists(dir_ / "outbox.log.tmp"));
}

}  // namespace
}  // namespace mmo::sync::test
