#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace mmo::cli {

// Stops processes by pid: SIGTERM to each live one, waits up to `grace` for all to end, then SIGKILL to
// the rest and waits up to 2 s more. Returns the pids still alive afterwards (normally none). Works for
// children and strangers alike: liveness is processAlive(), which counts a zombie as ended.
std::vector<int> terminateProcesses(const std::vector<int>& pids, std::chrono::milliseconds grace);

// True when pid is alive and runs `binary` (by /proc/<pid>/exe), so a recycled pid of an unrelated
// process is never signalled. When /proc cannot tell, a live pid counts as a match.
bool processRunsBinary(int pid, const std::string& binary);

}  // namespace mmo::cli
