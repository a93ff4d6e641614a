#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/chaos/WanSpec.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/supervisor/SetPlan.hpp"

// The chaos proxy's part of `mmoctl up --wan/--wan-jitter/--wan-rate` (docs/chaos.md).
namespace mmo::cli {

// For a new set of regions `ids`: when any flag is given, puts the proxy into `input` with every
// region's shape spelled out and returns true (it is to start). Throws CommandError (exit 2) for a bad
// spec or an external NATS URL the proxy cannot carry; nothing has started then.
bool planChaosLinks(const chaos::WanFlags& flags, const std::string& externalNatsUrl,
                    const std::vector<std::string>& ids, SetPlanInput& input);

// For a running set: its proxy keeps its links (the flags are ignored with a note on stderr); returns true
// when the proxy is gone and is to start again. Throws CommandError (exit 2) for flags on a set without a
// proxy, or for regions `added` to a set with one.
bool keepChaosLinks(const chaos::WanFlags& flags, const SetState& running,
                    const std::vector<std::string>& added, SetPlanInput& input);

// up's lines about the proxy: its control URL and pid, then each region's link and shape.
void printChaosLinks(const ChaosRecord& chaos, std::ostream& out);

}  // namespace mmo::cli
