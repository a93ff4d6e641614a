#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <system_error>

#include "tests/node/sync/OutboxTestSupport.hpp"

namespace mmo::sync::test {
namespace {

using Changes = std::vector<codec::BlockChange>;

class OutboxFailureTest : public OutboxFixture {
  protected:
    // Runs `body` in a child whose files may not grow past `maxFileBytes` (a full disk, without needing
    // root for a tiny tmpfs); returns the child's exit code.
    int runWithFileLimit(std::uint64_t maxFileBytes, const std::function<int()>& body) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::signal(SIGXFSZ, SIG_IGN);  // so write(2) fails with EFBIG instead of killing the child
            const rlimit limit{maxFileBytes, maxFileBytes};
            if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(90);
            int code = 91;
            try {
                code = body();
            } catch (...) {
            }
            ::_exit(code);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
    }

    // Child exit codes: 0 when `error` is EFBIG naming the outbox file.
    int checkFullDiskError(const std::system_error& error) const {
        if (error.code().value() != EFBIG) return 2;
        return std::string(error.what()).find(file().string()) == std::string::npos ? 3 : 0;
    }

    Changes many(int count) const {
        Changes changes;
        for (int i = 0; i < count; ++i) changes.push_back(change(i, -i, 5, 1'000'000 + i));
        return changes;
    }
};

// A sync that hits a full disk throws naming the file, truncates back, and later syncs still work.
TEST_F(OutboxFailureTest, FullDiskSyncFailsCleanly) {
    std::uint64_t durable = 0;
    {
        auto outbox = open();
        outbox->appendChanges(sampleChanges());
        outbox->sync();
        durable = outbox->fileBytes();
    }
    const int code = runWithFileLimit(durable + 64, [&] {
        auto outbox = open();
        outbox->appendChanges(many(50));
        outbox->appendSeal(1, 50);
        try {
            outbox->sync();
            return 1;
        } catch (const std::system_error& error) {
            if (const int bad = checkFullDiskError(error)) return bad;
        }
        if (outbox->fileBytes() != durable || std::filesystem::file_size(file()) != durable) return 4;
        outbox->appendChanges(Changes{change(-1, -1, 1, 1)});  // fits under the limit
        outbox->sync();
        return 0;
    });
    ASSERT_EQ(code, 0);
    const OutboxContents got = open()->takeRecovered();
    EXPECT_EQ(got.truncatedTailBytes, 0u);
    EXPECT_TRUE(got.unpublished.empty());
    Changes expected = sampleChanges();
    expected.push_back(change(-1, -1, 1, 1));
    EXPECT_EQ(got.unsealed, expected);
    EXPECT_EQ(got.nextBatchSeq, 1u);
}

// A seal dropped by a failed sync may be appended again with the same sequence.
TEST_F(OutboxFailureTest, FailedSyncForgetsBufferedSeal) {
    const int code = runWithFileLimit(200, [&] {
        auto outbox = open();
        outbox->appendChanges(many(2));
        outbox->sync();
        outbox->appendChanges(many(20));
        outbox->appendSeal(1, 22);
        try {
            outbox->sync();
            return 1;
        } catch (const std::system_error&) {
        }
        outbox->appendSeal(1, 2);  // throws (exit 91) if the failed seal were still counted
        outbox->sync();
        return 0;
    });
    ASSERT_EQ(code, 0);
    const OutboxContents got = open()->takeRecovered();
    ASSERT_EQ(got.unpublished.size(), 1u);
    EXPECT_EQ(got.unpublished[0].changes, many(2));
    EXPECT_TRUE(got.unsealed.empty());
}

// A compaction that cannot write its temp file throws and leaves the old outbox in place and usable.
TEST_F(OutboxFailureTest, FailedCompactionKeepsOldFile) {
    {
        auto outbox = open();
        outbox->appendChanges(many(30));
        outbox->sync();
    }
    const int code = runWithFileLimit(40, [&] {
        auto outbox = open();
        try {
            outbox->compactIfLarge({}, many(30), 1, 0);
            return 1;
        } catch (const std::system_error& error) {
            if (error.code().value() != EFBIG) return 2;
        }
        if (std::filesystem::exists(dir_ / "outbox.log.tmp")) return 5;
        return 0;
    });
    ASSERT_EQ(code, 0);
    EXPECT_EQ(open()->takeRecovered().unsealed, many(30));
}

}  // namespace
}  // namespace mmo::sync::test
