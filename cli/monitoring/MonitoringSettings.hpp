#pragma once

#include <string>

// What the generated Prometheus config and rules of a set or a deployment look like: how often Prometheus
// scrapes the nodes and evaluates the rules, and the thresholds of the alert rules (docs/operations.md,
// "Monitoring with Prometheus"). Durations are Prometheus durations ("15s", "500ms", "2m", "1h").
namespace mmo::cli::monitoring {

struct MonitoringSettings {
    std::string scrapeInterval = "15s";  // also the rules' evaluation interval
    std::string downFor = "1m";          // a node unscraped or disconnected from NATS this long alerts
    int lagBatches = 50;                 // sync lag (batches of a source not applied yet) above this ...
    std::string lagFor = "2m";           // ... for this long alerts
    std::string outboxFor = "10m";       // an outbox that keeps growing this long alerts
    std::string digestFor = "5m";        // regions whose digests disagree this long alert
    std::string window = "5m";           // decode errors and refused writes within this window alert
};

// Throws CommandError (usage) naming the flag when a duration is not a Prometheus duration or the lag
// threshold is not positive.
void validate(const MonitoringSettings& settings);

}  // namespace mmo::cli::monitoring
