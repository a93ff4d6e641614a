#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "common/config/Environment.hpp"

namespace mmo::cli {

struct AdminCredentials {
    std::string username;
    std::string password;
    std::string usernameSource;  // "--username", "env MMOCTL_ADMIN_USERNAME", "config <file>"
    std::string passwordSource;
};

// The admin login for a region. Each of username and password comes from the first that has it: the flag,
// MMOCTL_ADMIN_USERNAME / MMOCTL_ADMIN_PASSWORD, GAME_AUTH_ADMIN_USERNAME / GAME_AUTH_ADMIN_PASSWORD, the
// region's config file (auth.admin_username / auth.admin_password, with the node's defaults), or, with an
// empty configFile (a --nodes URL), the node's defaults. Throws CommandError (usage) when the config file
// cannot be read.
AdminCredentials resolveAdminCredentials(const std::optional<std::string>& usernameFlag,
                                         const std::optional<std::string>& passwordFlag,
                                         const config::Environment& environment,
                                         const std::filesystem::path& configFile);

}  // namespace mmo::cli
