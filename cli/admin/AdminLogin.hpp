#pragma once

#include <string>

#include "cli/commands/CliForward.hpp"
#include "cli/state/StateFile.hpp"

namespace mmo::cli {

// The region of the set named `name` (the first one when empty); CommandError (usage) listing the set's
// regions otherwise.
const RegionRecord& pickRegion(const SetState& state, const std::string& name, const std::string& stateDir);

// Adds --username and --password, the flags loginAsAdmin takes, to a command.
void addAdminLoginFlags(CLI::App& command, std::string& username, std::string& password);

// Logs in as admin on the region (credentials from the flags when not empty, else as
// resolveAdminCredentials says) and returns the bearer token. A refused login is a CommandError (exit 3)
// naming where the user and password came from; other failures throw NodeApiError or HttpClientError.
std::string loginAsAdmin(const RegionRecord& region, const std::string& usernameFlag,
                         const std::string& passwordFlag);

}  // namespace mmo::cli
