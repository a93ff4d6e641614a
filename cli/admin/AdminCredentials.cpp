#include "cli/admin/AdminCredentials.hpp"

#include "cli/ExitCode.hpp"
#include "common/config/ConfigLoader.hpp"

namespace mmo::cli {

namespace {

// flag > MMOCTL_* > GAME_AUTH_* ; nullopt when none is set.
std::optional<std::pair<std::string, std::string>> fromFlagOrEnv(const std::optional<std::string>& flag,
                                                                 const char* flagName,
                                                                 const config::Environment& environment,
                                                                 const char* mmoctlEnv, const char* gameEnv) {
    if (flag) return std::pair{*flag, std::string(flagName)};
    for (const char* name : {mmoctlEnv, gameEnv})
        if (auto value = environment.get(name); value && !value->empty())
            return std::pair{*value, "env " + std::string(name)};
    return std::nullopt;
}

config::AuthConfig authFromFile(const std::filesystem::path& configFile) {
    try {
        config::LoadRequest request;
        request.configFile = configFile;  // file only: the caller's GAME_* variables are handled above
        return config::loadConfig(request).config.auth;
    } catch (const std::exception& e) {
        throw CommandError{kUsageError, "cannot read the admin credentials from " + configFile.string() +
                                            ": " + e.what() +
                                            "; pass --username/--password or set MMOCTL_ADMIN_PASSWORD"};
    }
}

}  // namespace

AdminCredentials resolveAdminCredentials(const std::optional<std::string>& usernameFlag,
                                         const std::optional<std::string>& passwordFlag,
                                         const config::Environment& environment,
                                         const std::filesystem::path& configFile) {
    const auto user = fromFlagOrEnv(usernameFlag, "--username", environment, "MMOCTL_ADMIN_USERNAME",
                                    "GAME_AUTH_ADMIN_USERNAME");
    const auto pass = fromFlagOrEnv(passwordFlag, "--password", environment, "MMOCTL_ADMIN_PASSWORD",
                                    "GAME_AUTH_ADMIN_PASSWORD");
    AdminCredentials credentials;
    if (!user || !pass) {
        const bool noFile = configFile.empty();  // a --nodes URL: no config file here
        const auto auth = noFile ? config::AuthConfig{} : authFromFile(configFile);
        const auto source = noFile ? std::string("the node's default") : "config " + configFile.string();
        credentials.username = auth.admin_username;
        credentials.usernameSource = source;
        credentials.password = auth.admin_password;
        credentials.passwordSource = source;
    }
    if (user) std::tie(credentials.username, credentials.usernameSource) = *user;
    if (pass) std::tie(credentials.password, credentials.passwordSource) = *pass;
    return credentials;
}

}  // namespace mmo::cli
