#pragma once

#include <string>
#include <vector>

namespace mmo::cli {

// Resolves --port-offset for a set of regions: a non-negative number, checked for range and
// collisions, or "auto" (the first offset whose ports are all free on this host). withNats includes
// the local NATS ports (natsServers of them: a local JetStream cluster when more than one). Throws
// CommandError (2 for a bad value, 3 when no free offset exists). withChaos includes the chaos proxy's
// ports (`up --wan`).
int resolvePortOffset(const std::string& text, const std::vector<std::string>& regionIds, bool withNats,
                      int natsServers = 1, bool withChaos = false);

}  // namespace mmo::cli
