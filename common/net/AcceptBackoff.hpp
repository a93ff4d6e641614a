#pragma once

#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <string>

#include "common/net/ReportThrottle.hpp"

// How an accept loop paces itself after accept() fails. EMFILE and ENFILE (no file descriptor left) do not
// go away by retrying at once: without a pause the loop spins a core and writes a log line per attempt.
// Each failure in a row doubles the pause, from kFirstPause up to kLongestPause; a success resets it.
// Failures are reported at most once per kReportInterval, with the number left unreported since.
namespace mmo::net {

class AcceptBackoff {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::chrono::milliseconds kFirstPause{10};
    static constexpr std::chrono::milliseconds kLongestPause{1000};
    static constexpr std::chrono::seconds kReportInterval{10};

    struct Decision {
        std::chrono::milliseconds pause{0};  // wait this long before the next accept()
        bool report = false;                 // log this failure
        std::size_t unreported = 0;          // failures since the last report that were not logged
    };

    // A failed accept() at `now`.
    Decision onFailure(Clock::time_point now);

    // A successful accept(): the next failure pauses kFirstPause again.
    void onSuccess();

  private:
    std::chrono::milliseconds nextPause_ = kFirstPause;
    ReportThrottle reports_{kReportInterval};
};

// The log line for a reported failure: "<service>: accept failed: <error> (N more since the last report);
// pausing accepts for P ms", with a hint naming the open-file limit and the connection limits when the
// error is EMFILE or ENFILE.
std::string describeAcceptFailure(const std::string& service, const boost::system::error_code& error,
                                  const AcceptBackoff::Decision& decision);

}  // namespace mmo::net
