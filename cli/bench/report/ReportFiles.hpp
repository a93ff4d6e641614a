#pragma once

#include <filesystem>

#include "cli/bench/BenchReport.hpp"

// Where `bench sync --report DIR` writes: DIR/report.json and DIR/report.html.
namespace mmo::cli::bench::report {

// Creates DIR (and its parents) and checks that a file can be written in it, before the bench runs;
// throws CommandError (exit 3) naming DIR and the reason.
void prepareReportDir(const std::filesystem::path& dir);

// Writes DIR/report.json (reportJson) and DIR/report.html (htmlReport), each atomically; throws
// CommandError (exit 3) naming the file. Returns the path of report.html.
std::filesystem::path writeReportFiles(const std::filesystem::path& dir, const BenchResult& result);

}  // namespace mmo::cli::bench::report
