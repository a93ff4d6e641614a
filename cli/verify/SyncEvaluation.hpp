#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/prometheus/MetricSamples.hpp"

// verify-sync's decision, as a pure function of what was scraped: the (source, destination) matrix of
// published vs applied batches and changes, the digests, and whether the set has converged.
namespace mmo::cli {

enum class ScrapeOutcome {
    Ok,
    NotResponding,  // accepted the connection but did not answer in time (stalled, e.g. SIGSTOP): lagging
    Unreachable,    // nothing listens (the process is gone): an environment error
};

// One region's /metrics and /api/world/digest, or why they are missing.
struct RegionScrape {
    std::string region;
    ScrapeOutcome outcome = ScrapeOutcome::Ok;
    std::string error;  // what failed, when outcome != Ok
    prometheus::MetricSamples metrics;
    std::string digest;
    std::string sync;  // GET /readyz: "ok", or its reason (the sync's health); "" when it did not answer
};

// One (source, destination) cell; a value is empty when the region holding it did not answer.
struct PairProgress {
    std::string source;
    std::string destination;
    std::optional<double> publishedBatches;  // eventbus_published_batches_total on the source
    std::optional<double>
        appliedBatches;  // eventbus_consumed_batches_total{source_region} on the destination
    std::optional<double> publishedChanges;  // eventbus_published_changes_total on the source
    std::optional<double>
        appliedChanges;                  // eventbus_consumed_changes_total{source_region} on the destination
    std::optional<double> publishedSeq;  // sync_published_batch_seq on the source
    std::optional<double> appliedSeq;    // sync_applied_batch_seq{source_region} on the destination
    std::optional<double> lagBatches;    // publishedSeq - appliedSeq, at least 0
};

struct SyncReport {
    bool converged = false;
    std::vector<PairProgress> pairs;             // sources in input order, then destinations
    std::map<std::string, std::string> digests;  // regions that answered
    std::map<std::string, std::string> sync;     // region -> "ok" or /readyz's reason (regions that answered)
    std::vector<std::string> unreachable;        // "eu-west-1: <what failed>"
    std::vector<std::string> differences;  // one line each: a lagging pair, unpublished changes, digests
};

// Builds the matrix and decides: converged when every pair applied the source's last published batch,
// no source holds unpublished changes (outbox or pending), every region answered and all digests agree.
SyncReport evaluateSync(const std::vector<RegionScrape>& regions);

}  // namespace mmo::cli
