#pragma once

#include <set>
#include <string>

namespace mmo::cli::bench {

// CPU lists as taskset -c writes them: "0", "1-3", "0,2,4-5". Throws std::invalid_argument saying what
// is wrong (empty list, a part that is not a number or a range, a range that runs backwards).
std::set<int> parseCpuList(const std::string& text);

// The shortest list text of a set of CPUs ("0-3,6"); "" for none.
std::string cpuListText(const std::set<int>& cpus);

// A --driver-cpus / --set-cpus value: "" means not given (empty set); otherwise parsed and checked
// against the CPUs this process may run on. Throws CommandError (exit 2) naming the flag, and the CPU and
// the allowed list when one is not allowed.
std::set<int> parseCpuFlag(const std::string& flag, const std::string& text, const std::set<int>& allowed);

}  // namespace mmo::cli::bench
