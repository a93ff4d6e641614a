#pragma once

#include <string>

#include "cli/ExitCode.hpp"
#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct SendEventOptions {
    std::string region;  // empty: the set's (or --nodes') first region
    std::string type = "BlockEvent";
    std::string data;
    std::string stateDir = ".mmoctl";
    std::string nodes;     // --nodes: REST base URLs of nodes not started by `mmoctl up` (instead of the set)
    std::string username;  // empty: env or the region's config
    std::string password;
    std::string token;  // --token: an admin bearer token instead of a login
    bool wait = false;
    std::string timeout = "30s";
    bool json = false;
};

// `mmoctl send-event`: logs in as admin on a region (of the set, or of --nodes) and sends an event; --wait
// until every other region applied it.
void setupSendEvent(CLI::App& app, SendEventOptions& options, int& exitCode);

// 0 accepted (and applied everywhere with --wait), 1 not applied in time, 2 bad input (bad --data, or the
// node answered 400/404/413), 3 no set, region unreachable, login refused (401/403/429), 4 the node failed
// (5xx).
int runSendEvent(const SendEventOptions& options);

// The exit code for a node's error status (the mapping above, in one place).
ExitCode exitCodeForStatus(int httpStatus);

}  // namespace mmo::cli
