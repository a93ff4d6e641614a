#include "cli/util/PortOffset.hpp"

#include "cli/ExitCode.hpp"
#include "common/regions/PortScheme.hpp"

namespace mmo::cli {

int resolvePortOffset(const std::string& text, const std::vector<std::string>& regionIds, bool withNats,
                      int natsServers, bool withChaos) {
    if (text == "auto") {
        const auto offset = regions::findFreeOffset(regionIds, withNats, regions::isPortFreeOnHost,
                                                    regions::kMaxAutoOffset, natsServers, withChaos);
        if (!offset)
            throw CommandError{kEnvironmentError,
                               "--port-offset auto: no offset up to " +
                                   std::to_string(regions::kMaxAutoOffset) +
                                   " has all ports free; stop other instances or pass --port-offset N"};
        return *offset;
    }
    std::size_t used = 0;
    int offset = 0;
    try {
        offset = std::stoi(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || offset < 0)
        throw CommandError{kUsageError,
                           "--port-offset: expected a non-negative number or \"auto\", got \"" + text + "\""};
    const auto uses = regions::plannedPorts(regionIds, offset, withNats, natsServers, withChaos);
    if (const auto problem = regions::findOutOfRange(uses))
        throw CommandError{kUsageError, "--port-offset " + text + ": " + *problem};
    if (const auto collisions = regions::findCollisions(uses); !collisions.empty())
        throw CommandError{kUsageError, "port plan collides: " + collisions.front() + "; use fewer regions"};
    return offset;
}

}  // namespace mmo::cli
