#include "cli/monitoring/MonitoringOptions.hpp"

namespace mmo::cli::monitoring {

std::vector<CLI::Option*> addMonitoringOptions(CLI::App& command, MonitoringSettings& s) {
    std::vector<CLI::Option*> added;
    added.push_back(command
                        .add_option("--scrape-interval", s.scrapeInterval,
                                    "Prometheus scrape and rule evaluation interval")
                        ->capture_default_str());
    added.push_back(command
                        .add_option("--alert-down-for", s.downFor,
                                    "Alert when a node is unscraped or disconnected from NATS this long")
                        ->capture_default_str());
    added.push_back(command
                        .add_option("--alert-lag-batches", s.lagBatches,
                                    "Alert when a region is more than this many batches behind a source ...")
                        ->capture_default_str());
    added.push_back(
        command.add_option("--alert-lag-for", s.lagFor, "... for this long")->capture_default_str());
    added.push_back(
        command.add_option("--alert-outbox-for", s.outboxFor, "Alert when an outbox keeps growing this long")
            ->capture_default_str());
    added.push_back(
        command.add_option("--alert-digest-for", s.digestFor, "Alert when region digests disagree this long")
            ->capture_default_str());
    added.push_back(command
                        .add_option("--alert-window", s.window,
                                    "Alert on decode errors and refused writes within this window")
                        ->capture_default_str());
    return added;
}

}  // namespace mmo::cli::monitoring
