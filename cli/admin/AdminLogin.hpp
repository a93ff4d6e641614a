#pragma once

#include <string>

#include "cli/admin/NodeTarget.hpp"
#include "cli/commands/CliForward.hpp"
#include "cli/state/StateFile.hpp"

namespace mmo::cli {

// The region of the set named `name` (the first one when empty); CommandError (usage) listing the set's
// regions otherwise.
const RegionRecord& pickRegion(const SetState& state, const std::string& name, const std::string& stateDir);

// Adds --username and --password, the flags loginAsAdmin takes, to a command (withNodes: one that also takes
// --nodes, whose nodes have no config file here).
void addAdminLoginFlags(CLI::App& command, std::string& username, std::string& password,
                        bool withNodes = false);

// Adds --token, the bearer token adminToken takes instead of logging in.
void addAdminTokenFlag(CLI::App& command, std::string& token);

// Logs in as admin on the node (credentials from the flags when not empty, else as
// resolveAdminCredentials says, with the region's config file for a region of the set) and returns the
// bearer token. A refused login is a CommandError (exit 3) naming the node, where the user and password
// came from and what to pass; other failures throw NodeApiError or HttpClientError.
std::string loginAsAdmin(const NodeTarget& node, const std::string& usernameFlag,
                         const std::string& passwordFlag);
std::string loginAsAdmin(const RegionRecord& region, const std::string& usernameFlag,
                         const std::string& passwordFlag);

// The admin token for a node: `tokenFlag`, else MMOCTL_ADMIN_TOKEN, else loginAsAdmin.
std::string adminToken(const NodeTarget& node, const std::string& tokenFlag, const std::string& usernameFlag,
                       const std::string& passwordFlag);

}  // namespace mmo::cli
