#include "cli/admin/AdminLogin.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>

#include "cli/ExitCode.hpp"
#include "cli/admin/AdminCredentials.hpp"
#include "cli/admin/NodeApiClient.hpp"
#include "common/config/Environment.hpp"

namespace mmo::cli {

namespace {
constexpr auto kLoginTimeout = std::chrono::seconds(10);

std::optional<std::string> given(const std::string& flag) {
    return flag.empty() ? std::nullopt : std::optional<std::string>(flag);
}
}  // namespace

void addAdminLoginFlags(CLI::App& command, std::string& username, std::string& password, bool withNodes) {
    const std::string last =
        withNodes ? "the region's config; with --nodes: the node's default)" : "the region's config)";
    command.add_option("--username", username,
                       "Admin user (default: MMOCTL_ADMIN_USERNAME, GAME_AUTH_ADMIN_USERNAME, " + last);
    command.add_option("--password", password,
                       "Admin password (default: MMOCTL_ADMIN_PASSWORD, GAME_AUTH_ADMIN_PASSWORD, " + last);
}

const RegionRecord& pickRegion(const SetState& state, const std::string& name, const std::string& stateDir) {
    if (name.empty()) return state.regions.front();
    if (const auto* region = findRegion(state, name)) return *region;
    std::string names;
    for (const auto& region : state.regions) names += (names.empty() ? "" : ", ") + region.process.name;
    throw CommandError{kUsageError, "--region " + name + ": the set in " + stateDir + " runs " + names};
}

void addAdminTokenFlag(CLI::App& command, std::string& token) {
    command.add_option("--token", token,
                       "Admin bearer token (from POST /api/auth/login) used instead of logging in (default: "
                       "MMOCTL_ADMIN_TOKEN)");
}

std::string loginAsAdmin(const NodeTarget& node, const std::string& usernameFlag,
                         const std::string& passwordFlag) {
    const auto credentials = resolveAdminCredentials(given(usernameFlag), given(passwordFlag),
                                                     config::Environment::fromProcess(), node.configFile);
    const NodeApiClient client(node.host, node.restPort, kLoginTimeout);
    try {
        return client.login(credentials.username, credentials.password);
    } catch (const NodeApiError& e) {
        if (e.status() == 401)
            throw CommandError{
                kEnvironmentError,
                fmt::format(
                    "{} refused the admin login as \"{}\" (user from {}, password from {}); "
                    "pass the node's auth.admin_username/auth.admin_password with --username/--password "
                    "or set MMOCTL_ADMIN_PASSWORD",
                    node.label(), credentials.username, credentials.usernameSource,
                    credentials.passwordSource)};
        if (e.status() == 403)
            throw CommandError{kEnvironmentError,
                               fmt::format("{} refused the admin login as \"{}\": {} ({}); give the node an "
                                           "auth.admin_password of its own and pass it with --password or "
                                           "MMOCTL_ADMIN_PASSWORD",
                                           node.label(), credentials.username, e.what(), e.code())};
        throw;
    }
}

std::string loginAsAdmin(const RegionRecord& region, const std::string& usernameFlag,
                         const std::string& passwordFlag) {
    return loginAsAdmin(targetOf(region), usernameFlag, passwordFlag);
}

std::string adminToken(const NodeTarget& node, const std::string& tokenFlag, const std::string& usernameFlag,
                       const std::string& passwordFlag) {
    if (!tokenFlag.empty()) return tokenFlag;
    if (auto token = config::Environment::fromProcess().get("MMOCTL_ADMIN_TOKEN"); token && !token->empty())
        return *token;
    return loginAsAdmin(node, usernameFlag, passwordFlag);
}

}  // namespace mmo::cli
