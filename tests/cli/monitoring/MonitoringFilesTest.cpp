// The generated Prometheus files and the state's prometheus record, in-process: what the config scrapes,
// the thresholds that reach the rules, the checks of the flags, and state.json with and without the record.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/ExitCode.hpp"
#include "cli/monitoring/AlertRules.hpp"
#include "cli/monitoring/PrometheusConfig.hpp"
#include "cli/state/StateFile.hpp"
#include "tests/support/TempDir.hpp"

namespace mmo::cli {
namespace {

using monitoring::MonitoringSettings;

TEST(MonitoringFiles, ConfigScrapesEachTargetWithItsRegionAndLoadsTheRules) {
    MonitoringSettings settings;
    settings.scrapeInterval = "2s";
    const auto config = monitoring::renderPrometheusConfig(
        {{"eu-west-1", "127.0.0.1:2112"}, {"us-east-1", "us1.example.net:2113"}}, settings);
    EXPECT_NE(config.find("  scrape_interval: 2s\n  evaluation_interval: 2s\n"), std::string::npos) << config;
    EXPECT_NE(config.find("rule_files:\n  - mmo-rules.yml\n"), std::string::npos) << config;
    EXPECT_NE(config.find("  - job_name: mmo-node\n"), std::string::npos) << config;
    EXPECT_NE(
        config.find(
            "      - targets: [\"us1.example.net:2113\"]\n        labels:\n          region: us-east-1\n"),
        std::string::npos)
        << config;
}

TEST(MonitoringFiles, ThresholdsReachTheRules) {
    MonitoringSettings settings;
    settings.lagBatches = 7;
    settings.lagFor = "90s";
    settings.downFor = "3s";
    settings.window = "10m";
    const auto rules = monitoring::renderAlertRules(settings);
    EXPECT_NE(rules.find("expr: mmo:sync_lag_batches > 7\n        for: 90s\n"), std::string::npos) << rules;
    EXPECT_NE(rules.find("expr: eventbus_connected == 0\n        for: 3s\n"), std::string::npos) << rules;
    EXPECT_NE(rules.find("increase(sync_writes_refused_total[10m]) > 0"), std::string::npos) << rules;
    EXPECT_NE(rules.find("summary: \"region {{ $labels.region }} is disconnected from NATS\""),
              std::string::npos)
        << rules;
}

TEST(MonitoringFiles, BadThresholdsAreUsageErrorsNamingTheFlag) {
    EXPECT_NO_THROW(monitoring::validate(MonitoringSettings{}));
    const auto refused = [](MonitoringSettings s, const std::string& flag) {
        try {
            monitoring::validate(s);
            ADD_FAILURE() << flag << " accepted";
        } catch (const CommandError& e) {
            EXPECT_EQ(e.code, kUsageError);
            EXPECT_EQ(std::string(e.what()).rfind(flag + ": ", 0), 0u) << e.what();
        }
    };
    MonitoringSettings s;
    s.scrapeInterval = "0s";
    refused(s, "--scrape-interval");
    s = {};
    s.digestFor = "5 minutes";
    refused(s, "--alert-digest-for");
    s = {};
    s.window = "-5m";
    refused(s, "--alert-window");
    s = {};
    s.lagBatches = 0;
    refused(s, "--alert-lag-batches");
    s = {};
    s.outboxFor = "1h30m";  // Prometheus accepts compound durations
    EXPECT_NO_THROW(monitoring::validate(s));
}

TEST(MonitoringFiles, StateRecordsPrometheusOnlyWhenThere) {
    test::TempDir dir;
    SetState s;
    s.stateDir = dir.path().string();
    s.nats = {
        {"nats", 10, "/usr/sbin/nats-server", "/x/nats.log"}, "nats://127.0.0.1:4222", 4222, 8222, "/x/nats"};
    writeState(s);
    std::ifstream plain(stateFilePath(dir.path()));
    std::stringstream text;
    text << plain.rdbuf();
    EXPECT_EQ(text.str().find("prometheus"), std::string::npos)
        << text.str();  // old readers see the old file
    EXPECT_FALSE(readState(dir.path())->prometheus);

    s.prometheus = PrometheusRecord{{"prometheus", 12, "/usr/bin/prometheus", "/x/logs/prometheus.log"},
                                    41457,
                                    "/x/prometheus/prometheus.yml",
                                    "/x/prometheus/mmo-rules.yml",
                                    "/x/prometheus/data"};
    writeState(s);
    const auto r = readState(dir.path());
    ASSERT_TRUE(r && r->prometheus);
    EXPECT_EQ(r->prometheus->port, 41457);
    EXPECT_EQ(r->prometheus->process.pid, 12);
    EXPECT_EQ(r->prometheus->process.name, "prometheus");
    EXPECT_EQ(r->prometheus->rulesFile, "/x/prometheus/mmo-rules.yml");
    EXPECT_EQ(r->prometheus->dataDir, "/x/prometheus/data");
}

}  // namespace
}  // namespace mmo::cli
