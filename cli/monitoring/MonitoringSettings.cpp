#include "cli/monitoring/MonitoringSettings.hpp"

#include <regex>

#include "cli/ExitCode.hpp"

namespace mmo::cli::monitoring {

namespace {

void requireDuration(const char* flag, const std::string& value) {
    static const std::regex duration("([0-9]+(ms|s|m|h|d))+");
    if (!std::regex_match(value, duration) || value.find_first_not_of("0msdh") == std::string::npos)
        throw CommandError{kUsageError, std::string(flag) +
                                            ": expected a positive Prometheus duration "
                                            "(500ms, 15s, 2m, 1h), got \"" +
                                            value + "\""};
}

}  // namespace

void validate(const MonitoringSettings& s) {
    requireDuration("--scrape-interval", s.scrapeInterval);
    requireDuration("--alert-down-for", s.downFor);
    requireDuration("--alert-lag-for", s.lagFor);
    requireDuration("--alert-outbox-for", s.outboxFor);
    requireDuration("--alert-digest-for", s.digestFor);
    requireDuration("--alert-window", s.window);
    if (s.lagBatches <= 0)
        throw CommandError{kUsageError, "--alert-lag-batches: expected a positive number of batches, got " +
                                            std::to_string(s.lagBatches)};
}

}  // namespace mmo::cli::monitoring
