#include "cli/verify/SyncEvaluation.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace mmo::cli {

namespace {

std::optional<double> metric(const RegionScrape& scrape, const std::string& name,
                             const prometheus::LabelSet& labels = {}) {
    if (scrape.outcome != ScrapeOutcome::Ok) return std::nullopt;
    return scrape.metrics.sum(name, labels).value_or(0.0);  // absent: nothing happened yet
}

std::string number(double value) {
    return fmt::format("{:.0f}", value);
}

PairProgress pairOf(const RegionScrape& source, const RegionScrape& destination) {
    const prometheus::LabelSet from{{"source_region", source.region}};
    PairProgress pair;
    pair.source = source.region;
    pair.destination = destination.region;
    pair.publishedBatches = metric(source, "eventbus_published_batches_total");
    pair.publishedChanges = metric(source, "eventbus_published_changes_total");
    pair.publishedSeq = metric(source, "sync_published_batch_seq");
    pair.appliedBatches = metric(destination, "eventbus_consumed_batches_total", from);
    pair.appliedChanges = metric(destination, "eventbus_consumed_changes_total", from);
    pair.appliedSeq = metric(destination, "sync_applied_batch_seq", from);
    if (pair.publishedSeq && pair.appliedSeq)
        pair.lagBatches = std::max(0.0, *pair.publishedSeq - *pair.appliedSeq);
    return pair;
}

std::string lagLine(const PairProgress& pair, const std::map<std::string, const RegionScrape*>& byName) {
    const auto silent = [&](const std::string& region) {
        return fmt::format("{} -> {}: {} did not answer ({})", pair.source, pair.destination, region,
                           byName.at(region)->error);
    };
    if (!pair.publishedSeq) return silent(pair.source);
    if (!pair.appliedSeq) return silent(pair.destination);
    return fmt::format("{} -> {}: applied batch {} of {} (lag {} batches)", pair.source, pair.destination,
                       number(*pair.appliedSeq), number(*pair.publishedSeq), number(*pair.lagBatches));
}

void checkDigests(SyncReport& report, const std::vector<RegionScrape>& regions) {
    if (report.digests.empty()) return;
    const auto& first = report.digests.begin()->second;
    const bool agree = std::all_of(report.digests.begin(), report.digests.end(),
                                   [&first](const auto& entry) { return entry.second == first; });
    if (agree) return;
    std::string line = "digests differ:";
    for (const auto& scrape : regions)
        if (const auto it = report.digests.find(scrape.region); it != report.digests.end())
            line += fmt::format(" {}={}", scrape.region, it->second);
    report.differences.push_back(std::move(line));
}

}  // namespace

SyncReport evaluateSync(const std::vector<RegionScrape>& regions) {
    SyncReport report;
    std::map<std::string, const RegionScrape*> byName;
    for (const auto& scrape : regions) {
        byName[scrape.region] = &scrape;
        if (scrape.outcome == ScrapeOutcome::Unreachable)
            report.unreachable.push_back(scrape.region + ": " + scrape.error);
        else if (scrape.outcome == ScrapeOutcome::Ok) {
            report.digests[scrape.region] = scrape.digest;
            if (!scrape.sync.empty()) report.sync[scrape.region] = scrape.sync;
        }
    }
    for (const auto& source : regions) {
        for (const auto& destination : regions) {
            if (&source == &destination) continue;
            auto pair = pairOf(source, destination);
            if (!pair.lagBatches || *pair.lagBatches > 0) report.differences.push_back(lagLine(pair, byName));
            report.pairs.push_back(std::move(pair));
        }
        const auto unpublished = metric(source, "sync_outbox_changes");
        const auto pending = metric(source, "sync_pending_changes");
        if (unpublished && *unpublished > 0)
            report.differences.push_back(fmt::format("{}: {} changes not yet published (outbox)",
                                                     source.region, number(*unpublished)));
        else if (pending && *pending > 0)
            report.differences.push_back(
                fmt::format("{}: {} changes waiting for their batch", source.region, number(*pending)));
    }
    for (const auto& scrape : regions)
        if (const auto missing = metric(scrape, "sync_world_missing_messages"); missing && *missing > 0)
            report.differences.push_back(fmt::format(
                "{}: world incomplete: {} stream messages it needed are gone and no checkpoint covers them "
                "(GET /readyz names them; `mmoctl repair` completes the world)",
                scrape.region, number(*missing)));
    checkDigests(report, regions);
    for (const auto& scrape : regions)
        if (scrape.outcome == ScrapeOutcome::NotResponding && regions.size() == 1)
            report.differences.push_back(scrape.region + " did not answer (" + scrape.error + ")");
    report.converged = report.unreachable.empty() && report.differences.empty();
    return report;
}

}  // namespace mmo::cli
