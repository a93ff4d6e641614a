#include "node/app/DescriptorBudget.hpp"

#include <algorithm>

namespace mmo::node {

std::uint64_t descriptorsNeeded(const config::NodeConfig& config) {
    return static_cast<std::uint64_t>(config.game.max_connections) + DescriptorBudget::kGameRefusalsInFlight +
           2 * static_cast<std::uint64_t>(config.server.http_max_connections) +
           static_cast<std::uint64_t>(config.server.reserved_file_descriptors);
}

DescriptorBudget planDescriptorBudget(const config::NodeConfig& config, const OpenFileLimit& limit) {
    const auto game = static_cast<std::uint64_t>(config.game.max_connections);
    const auto http = static_cast<std::uint64_t>(config.server.http_max_connections);
    const auto reserve = static_cast<std::uint64_t>(config.server.reserved_file_descriptors);
    DescriptorBudget budget{static_cast<std::size_t>(game), static_cast<std::size_t>(http), {}};
    const auto needed = descriptorsNeeded(config);
    if (needed <= limit.soft) return budget;

    const std::uint64_t usable = limit.soft > reserve ? limit.soft - reserve : 0;
    const std::uint64_t httpFits = std::max<std::uint64_t>(1, std::min(http, usable / 4));
    const std::uint64_t othersNeed = 2 * httpFits + DescriptorBudget::kGameRefusalsInFlight;
    const std::uint64_t gameFits = std::max<std::uint64_t>(1, usable > othersNeed ? usable - othersNeed : 0);
    budget.httpConnections = static_cast<std::size_t>(httpFits);
    budget.gameConnections = static_cast<std::size_t>(std::min(game, gameFits));

    std::string warning = "The open-file limit (RLIMIT_NOFILE) is " + std::to_string(limit.soft) +
                          " (hard limit " + std::to_string(limit.hard) + "), but game.max_connections " +
                          std::to_string(game) + " + 2 x server.http_max_connections " +
                          std::to_string(http) + " (REST and metrics) + " +
                          std::to_string(DescriptorBudget::kGameRefusalsInFlight) +
                          " game refusals in flight + server.reserved_file_descriptors " +
                          std::to_string(reserve) + " need " + std::to_string(needed) + "; serving at most " +
                          std::to_string(budget.gameConnections) + " game connections";
    if (httpFits < http)
        warning += " and " + std::to_string(budget.httpConnections) + " connections per HTTP port";
    warning +=
        " so that REST, metrics and NATS keep working when the game port is full; hint: raise the limit "
        "to at least " +
        std::to_string(needed) +
        " (ulimit -n and ulimit -Hn, systemd LimitNOFILE=) or lower game.max_connections";
    budget.warnings.push_back(std::move(warning));
    return budget;
}

}  // namespace mmo::node
