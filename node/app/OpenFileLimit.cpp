#include "node/app/OpenFileLimit.hpp"

#include <sys/resource.h>

#include <algorithm>

namespace mmo::node {

namespace {

std::uint64_t asCount(rlim_t value) {
    return value == RLIM_INFINITY ? kLargestSoftLimit : static_cast<std::uint64_t>(value);
}

}  // namespace

OpenFileLimit raiseOpenFileLimit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
    OpenFileLimit result{asCount(limit.rlim_cur), asCount(limit.rlim_max), asCount(limit.rlim_cur)};
    const std::uint64_t target = result.hard;
    if (limit.rlim_cur != RLIM_INFINITY && target > result.soft) {
        rlimit raised = limit;
        raised.rlim_cur = static_cast<rlim_t>(target);
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) result.soft = target;
    }
    return result;
}

}  // namespace mmo::node
