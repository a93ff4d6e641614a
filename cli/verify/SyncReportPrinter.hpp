#pragma once

#include <ostream>
#include <string>

#include "cli/verify/SyncEvaluation.hpp"

namespace mmo::cli {

// The matrix table, the digests, then what differs (for humans).
void printSyncReport(const SyncReport& report, std::ostream& out);

// {"converged","pairs":[...],"digests":{...},"unreachable":[...],"differences":[...]} on one line.
std::string syncReportJson(const SyncReport& report);

}  // namespace mmo::cli
