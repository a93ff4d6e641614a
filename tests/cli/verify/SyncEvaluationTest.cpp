// verify-sync's decision from scraped metrics and digests, without any network.
#include <gtest/gtest.h>

#include "cli/verify/SyncEvaluation.hpp"
#include "cli/verify/SyncReportPrinter.hpp"
#include "common/prometheus/TextParser.hpp"

namespace {

using mmo::cli::evaluateSync;
using mmo::cli::RegionScrape;
using mmo::cli::ScrapeOutcome;

// A region that published `seq` batches of 1 change each, applied `applied` (source -> seq), with an outbox.
RegionScrape region(const std::string& name, int seq, const std::map<std::string, int>& applied,
                    const std::string& digest = "d1", int outbox = 0) {
    std::string text = "# TYPE eventbus_published_batches_total counter\n";
    text += "eventbus_published_batches_total " + std::to_string(seq) + "\n";
    text += "eventbus_published_changes_total " + std::to_string(seq) + "\n";
    text += "sync_published_batch_seq " + std::to_string(seq) + "\n";
    text += "sync_outbox_changes " + std::to_string(outbox) + "\nsync_pending_changes 0\n";
    for (const auto& [source, n] : applied) {
        const auto label = "{source_region=\"" + source + "\"} " + std::to_string(n) + "\n";
        text += "eventbus_consumed_batches_total" + label + "eventbus_consumed_changes_total" + label +
                "sync_applied_batch_seq" + label;
    }
    return {name, ScrapeOutcome::Ok, "", mmo::prometheus::parseText(text), digest};
}

// Everyone applied everything and the digests agree: converged, no differences, lag 0 everywhere.
TEST(SyncEvaluationTest, ConvergedWhenAllAppliedAndDigestsAgree) {
    const auto report = evaluateSync({region("eu", 3, {{"us", 2}}), region("us", 2, {{"eu", 3}})});
    EXPECT_TRUE(report.converged);
    EXPECT_TRUE(report.differences.empty());
    ASSERT_EQ(report.pairs.size(), 2u);
    EXPECT_EQ(report.pairs[0].source, "eu");
    EXPECT_EQ(report.pairs[0].destination, "us");
    EXPECT_EQ(report.pairs[0].publishedBatches, 3.0);
    EXPECT_EQ(report.pairs[0].appliedBatches, 3.0);
    EXPECT_EQ(report.pairs[0].lagBatches, 0.0);
}

// A destination behind its source is named with its lag, and the set is not converged.
TEST(SyncEvaluationTest, LaggingPairIsNamed) {
    const auto report = evaluateSync({region("eu", 5, {{"us", 0}, {"ap", 0}}), region("us", 0, {{"eu", 5}}),
                                      region("ap", 0, {{"eu", 3}}, "d2")});
    EXPECT_FALSE(report.converged);
    ASSERT_FALSE(report.differences.empty());
    EXPECT_EQ(report.differences[0], "eu -> ap: applied batch 3 of 5 (lag 2 batches)");
    EXPECT_NE(report.differences.back().find("digests differ"), std::string::npos);
}

// A source with unpublished changes in its outbox is not converged even when the seqs match.
TEST(SyncEvaluationTest, UnpublishedOutboxBlocksConvergence) {
    const auto report = evaluateSync({region("eu", 1, {{"us", 0}}, "d1", 4), region("us", 0, {{"eu", 1}})});
    EXPECT_FALSE(report.converged);
    ASSERT_EQ(report.differences.size(), 1u);
    EXPECT_EQ(report.differences[0], "eu: 4 changes not yet published (outbox)");
}

// A source whose metrics a destination never reported counts as applied 0 (nothing received yet).
TEST(SyncEvaluationTest, MissingConsumerMetricsMeanZero) {
    const auto report = evaluateSync({region("eu", 2, {}), region("us", 0, {})});
    EXPECT_FALSE(report.converged);
    EXPECT_EQ(report.pairs[0].appliedBatches, 0.0);
    EXPECT_EQ(report.pairs[0].lagBatches, 2.0);
}

// Equal seqs but different digests are not converged.
TEST(SyncEvaluationTest, DifferentDigestsAreNotConverged) {
    const auto report = evaluateSync({region("eu", 0, {}, "aaa"), region("us", 0, {}, "bbb")});
    EXPECT_FALSE(report.converged);
    ASSERT_EQ(report.differences.size(), 1u);
    EXPECT_EQ(report.differences[0], "digests differ: eu=aaa us=bbb");
}

// A region that does not answer makes its pairs unknown (lagging), not unreachable.
TEST(SyncEvaluationTest, SilentRegionLagsWithUnknownValues) {
    RegionScrape silent{"us", ScrapeOutcome::NotResponding, "read response failed: timed out", {}, ""};
    const auto report = evaluateSync({region("eu", 2, {}), silent});
    EXPECT_FALSE(report.converged);
    EXPECT_TRUE(report.unreachable.empty());
    EXPECT_FALSE(report.pairs[0].appliedBatches.has_value());
    EXPECT_FALSE(report.pairs[0].lagBatches.has_value());
    EXPECT_NE(report.differences[0].find("eu -> us: us did not answer"), std::string::npos);
}

// A region nobody listens for is listed as unreachable.
TEST(SyncEvaluationTest, UnreachableRegionIsListed) {
    RegionScrape gone{"us", ScrapeOutcome::Unreachable, "connect failed: Connection refused", {}, ""};
    const auto report = evaluateSync({region("eu", 0, {}), gone});
    EXPECT_FALSE(report.converged);
    ASSERT_EQ(report.unreachable.size(), 1u);
    EXPECT_EQ(report.unreachable[0], "us: connect failed: Connection refused");
}

// The JSON form carries the pairs with null for unknown values, the digests and the verdict.
TEST(SyncEvaluationTest, JsonReport) {
    RegionScrape silent{"us", ScrapeOutcome::NotResponding, "timed out", {}, ""};
    const auto json = mmo::cli::syncReportJson(evaluateSync({region("eu", 1, {}), silent}));
    EXPECT_NE(json.find("\"converged\":false"), std::string::npos) << json;
    EXPECT_NE(
        json.find(
            "\"source\":\"eu\",\"destination\":\"us\",\"published_batches\":1,\"applied_batches\":null"),
        std::string::npos)
        << json;
    EXPECT_NE(json.find("\"digests\":{\"eu\":\"d1\"}"), std::string::npos) << json;
}

}  // namespace
