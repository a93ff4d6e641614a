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

void addAdminLoginFlags(CLI::App& command, std::string& username, std::string& password) {
    command.add_option(
        "--username", username,
        "Admin user (default: MMOCTL_ADMIN_USERNAME, GAME_AUTH_ADMIN_USERNAME, the region's config)");
    command.add_option(
        "--password", password,
        "Admin password (default: MMOCTL_ADMIN_PASSWORD, GAME_AUTH_ADMIN_PASSWORD, the region's config)");
}

const RegionRecord& pickRegion(const SetState& state, const std::string& name, const std::string& stateDir) {
    if (name.empty()) return state.regions.front();
    if (const auto* region = findRegion(state, name)) return *region;
    std::string names;
    for (const auto& region : state.regions) names += (names.empty() ? "" : ", ") + region.process.name;
    throw CommandError{kUsageError, "--region " + name + ": the set in " + stateDir + " runs " + names};
}

std::string loginAsAdmin(const RegionRecord& region, const std::string& usernameFlag,
                         const std::string& passwordFlag) {
    const auto credentials = resolveAdminCredentials(given(usernameFlag), given(passwordFlag),
                                                     config::Environment::fromProcess(), region.configFile);
    const NodeApiClient client(region.restPort, kLoginTimeout);
    try {
        return client.login(credentials.username, credentials.password);
    } catch (const NodeApiError& e) {
        if (e.status() == 401)
            throw CommandError{
                kEnvironmentError,
                fmt::format("{} refused the admin login as \"{}\" (user from {}, password from {}); "
                            "pass --username/--password or set MMOCTL_ADMIN_PASSWORD",
                            region.process.name, credentials.username, credentials.usernameSource,
                            credentials.passwordSource)};
        throw;
    }
}

}  // namespace mmo::cli
