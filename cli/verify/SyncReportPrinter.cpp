#include "cli/verify/SyncReportPrinter.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "cli/util/TextTable.hpp"

namespace mmo::cli {

namespace {

std::string cell(const std::optional<double>& value) {
    return value ? fmt::format("{:.0f}", *value) : "?";
}

boost::json::value jsonNumber(const std::optional<double>& value) {
    if (!value) return nullptr;
    return static_cast<std::int64_t>(*value);
}

}  // namespace

void printSyncReport(const SyncReport& report, std::ostream& out) {
    TextTable matrix({"SOURCE", "DESTINATION", "PUBLISHED BATCHES", "APPLIED BATCHES", "PUBLISHED CHANGES",
                      "APPLIED CHANGES", "LAG (BATCHES)"});
    for (const auto& pair : report.pairs)
        matrix.addRow({pair.source, pair.destination, cell(pair.publishedBatches), cell(pair.appliedBatches),
                       cell(pair.publishedChanges), cell(pair.appliedChanges), cell(pair.lagBatches)});
    matrix.print(out);
    out << "\n";
    TextTable digests({"REGION", "DIGEST", "SYNC"});
    for (const auto& [region, digest] : report.digests) {
        const auto sync = report.sync.find(region);
        digests.addRow({region, digest, sync == report.sync.end() ? "?" : sync->second});
    }
    digests.print(out);
    for (const auto& line : report.unreachable) out << "unreachable: " << line << "\n";
    if (report.converged) {
        out << "\nconverged: every region applied every batch and all digests agree\n";
        return;
    }
    out << "\nnot converged:\n";
    for (const auto& line : report.differences) out << "  " << line << "\n";
}

std::string syncReportJson(const SyncReport& report) {
    boost::json::array pairs;
    for (const auto& pair : report.pairs)
        pairs.push_back(boost::json::object{{"source", pair.source},
                                            {"destination", pair.destination},
                                            {"published_batches", jsonNumber(pair.publishedBatches)},
                                            {"applied_batches", jsonNumber(pair.appliedBatches)},
                                            {"published_changes", jsonNumber(pair.publishedChanges)},
                                            {"applied_changes", jsonNumber(pair.appliedChanges)},
                                            {"lag_batches", jsonNumber(pair.lagBatches)}});
    boost::json::object digests;
    for (const auto& [region, digest] : report.digests) digests[region] = digest;
    boost::json::object sync;
    for (const auto& [region, health] : report.sync) sync[region] = health;
    boost::json::array unreachable(report.unreachable.begin(), report.unreachable.end());
    boost::json::array differences(report.differences.begin(), report.differences.end());
    return boost::json::serialize(boost::json::object{{"converged", report.converged},
                                                      {"pairs", std::move(pairs)},
                                                      {"digests", std::move(digests)},
                                                      {"sync", std::move(sync)},
                                                      {"unreachable", std::move(unreachable)},
                                                      {"differences", std::move(differences)}});
}

}  // namespace mmo::cli
