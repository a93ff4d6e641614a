#include "common/net/AcceptBackoff.hpp"

#include <algorithm>
#include <boost/asio/error.hpp>

namespace mmo::net {

AcceptBackoff::Decision AcceptBackoff::onFailure(Clock::time_point now) {
    Decision decision;
    decision.pause = nextPause_;
    nextPause_ = std::min(nextPause_ * 2, kLongestPause);
    if (const auto unreported = reports_.occurred(now)) {
        decision.report = true;
        decision.unreported = *unreported;
    }
    return decision;
}

void AcceptBackoff::onSuccess() {
    nextPause_ = kFirstPause;
}

std::string describeAcceptFailure(const std::string& service, const boost::system::error_code& error,
                                  const AcceptBackoff::Decision& decision) {
    std::string line = service + ": accept failed: " + error.message();
    if (decision.unreported > 0)
        line += " (" + std::to_string(decision.unreported) + " more since the last report)";
    line += "; pausing accepts for " + std::to_string(decision.pause.count()) + " ms";
    if (error == boost::asio::error::no_descriptors ||
        error == boost::system::errc::too_many_files_open_in_system)
        line +=
            "; hint: the process ran out of file descriptors: raise the open-file limit (ulimit -n, "
            "LimitNOFILE=) or lower game.max_connections and server.http_max_connections";
    return line;
}

}  // namespace mmo::net
