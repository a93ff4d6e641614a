#include "cli/commands/ChaosStatusCommand.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ControlClient.hpp"
#include "cli/util/TextTable.hpp"

namespace mmo::cli {

namespace json = boost::json;

namespace {

std::string bytesText(const json::value& v) {
    const auto bytes = static_cast<double>(v.to_number<std::uint64_t>());
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    return text;
}

std::string partitionText(const json::value& partition) {
    if (partition.is_null()) return "-";
    const auto& p = partition.as_object();
    std::string text(p.at("mode").as_string());
    if (p.at("heals_in_ms").is_number())
        text += " (heals in " + std::to_string((p.at("heals_in_ms").to_number<std::int64_t>() + 999) / 1000) +
                "s)";
    return text;
}

}  // namespace

void setupChaosStatus(CLI::App& chaos, ChaosStatusOptions& options, int& exitCode) {
    auto* status = chaos.add_subcommand("status", "Show every link: shape, partition, connections, bytes");
    addChaosTargetOptions(*status, options.target);
    status->add_flag("--json", options.json, "Print the proxy's answer: {\"control\", \"links\": [...]}");
    status->footer(
        "Examples:\n"
        "  mmoctl chaos status\n"
        "  mmoctl chaos status --json | jq '.links[] | {region, partition, queued_up, queued_down}'\n"
        "  mmoctl chaos status --control http://127.0.0.1:40417   # a standalone chaos serve\n"
        "up = from the node to NATS, down = from NATS to the node.\n"
        "Exit codes: 0 ok, 3 no set, no proxy in it, or the proxy unreachable.");
    status->callback([&options, &exitCode] { exitCode = runChaosStatus(options); });
}

int runChaosStatus(const ChaosStatusOptions& options) {
    const auto client = chaos::ControlClient::locate(options.target);
    auto answer = client.get("/api/links");
    try {
        if (options.json) {
            answer["control"] = client.origin();
            std::cout << json::serialize(answer) << "\n";
            return kOk;
        }
        TextTable table({"region", "listen", "latency", "jitter", "rate", "partition", "conns", "bytes up",
                         "bytes down", "queued up", "queued down"});
        for (const auto& value : answer.at("links").as_array()) {
            const auto& link = value.as_object();
            table.addRow({std::string(link.at("region").as_string()),
                          std::string(link.at("listen").as_string()),
                          std::to_string(link.at("latency_ms").to_number<std::int64_t>()) + "ms",
                          std::to_string(link.at("jitter_ms").to_number<std::int64_t>()) + "ms",
                          std::string(link.at("rate").as_string()), partitionText(link.at("partition")),
                          std::to_string(link.at("connections").to_number<std::uint64_t>()),
                          bytesText(link.at("bytes_up")), bytesText(link.at("bytes_down")),
                          bytesText(link.at("queued_up")), bytesText(link.at("queued_down"))});
        }
        table.print(std::cout);
        return kOk;
    } catch (const std::exception& e) {  // the answer is JSON but not the control API's links document
        throw CommandError{kEnvironmentError, std::string("unexpected answer: ") + e.what()};
    }
}

}  // namespace mmo::cli
