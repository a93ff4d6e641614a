#include "cli/util/NatsClusterPlan.hpp"

#include <algorithm>
#include <cctype>

#include "cli/ExitCode.hpp"
#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

namespace {
constexpr int kDefaultClusterSize = 3;
}

std::string natsServerName(int server, int servers) {
    return servers <= 1 ? std::string("nats") : "nats-" + std::to_string(server);
}

bool isNatsProcessName(const std::string& name) {
    if (name == "nats") return true;
    if (name.size() <= 5 || name.compare(0, 5, "nats-") != 0) return false;
    return std::all_of(name.begin() + 5, name.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

std::string localNatsUrls(int offset, int servers, int first) {
    std::string urls;
    for (int k = 0; k < std::max(servers, 1); ++k) {
        const int server = (first + k) % std::max(servers, 1);
        urls += (urls.empty() ? "" : ",") + std::string("nats://127.0.0.1:") +
                std::to_string(regions::natsPorts(offset, server).client);
    }
    return urls;
}

int streamReplicas(int servers) {
    return std::clamp(servers, 1, 3);
}

int resolveNatsClusterSize(int value) {
    if (value < 0) return 1;
    if (value == 0) return kDefaultClusterSize;
    if (value > regions::kMaxNatsServers)
        throw CommandError{kUsageError, "--nats-cluster: expected 1 to " +
                                            std::to_string(regions::kMaxNatsServers) + " servers, got " +
                                            std::to_string(value) +
                                            " (3 or 5 are the useful sizes: a majority must stay up)"};
    return value;
}

}  // namespace mmo::cli
