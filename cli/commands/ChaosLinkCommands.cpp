#include "cli/commands/ChaosLinkCommands.hpp"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <functional>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/chaos/ControlClient.hpp"
#include "cli/chaos/RateText.hpp"
#include "cli/chaos/WanSpec.hpp"
#include "cli/util/DurationText.hpp"

namespace mmo::cli {

namespace json = boost::json;

namespace {

// Runs a command body; an exception other than CommandError means the control API's answer was not the
// document we expected (the CommandLine wrapper prints it).
int guarded(const std::function<void()>& body) {
    try {
        body();
        return kOk;
    } catch (const CommandError&) {
        throw;
    } catch (const std::exception& e) {
        throw CommandError{kEnvironmentError, std::string("unexpected answer: ") + e.what()};
    }
}

std::string describeLink(const json::object& link) {
    std::string text = std::string(link.at("region").as_string()) + ": latency " +
                       std::to_string(link.at("latency_ms").to_number<std::int64_t>()) + "ms, jitter " +
                       std::to_string(link.at("jitter_ms").to_number<std::int64_t>()) + "ms, rate " +
                       std::string(link.at("rate").as_string());
    const auto& partition = link.at("partition");
    if (partition.is_null()) return text + ", connected";
    const auto& p = partition.as_object();
    text += ", partitioned (" + std::string(p.at("mode").as_string()) + ")";
    if (p.at("heals_at").is_string()) return text + " until " + std::string(p.at("heals_at").as_string());
    return text + " until healed";
}

std::int64_t delayMs(const char* flag, const std::string& text) {
    try {
        return chaos::parseDelay(text).count();
    } catch (const std::invalid_argument& e) {
        throw CommandError{kUsageError, std::string(flag) + ": \"" + text + "\": " + e.what() +
                                            "; example: " + flag + " 120ms"};
    }
}

}  // namespace

void setupChaosSet(CLI::App& chaos, ChaosSetOptions& options, int& exitCode) {
    auto* set = chaos.add_subcommand("set", "Change a link's latency, jitter or rate (from now on)");
    addChaosTargetOptions(*set, options.target);
    set->add_option("--region", options.region, "The region whose link to change (alias or id)")->required();
    set->add_option("--latency", options.latency, "One-way latency per direction: 120ms, 1.5s, 0");
    set->add_option("--jitter", options.jitter, "Uniform jitter within +-this: 20ms, 0");
    set->add_option("--rate", options.rate, "Rate per direction: 256kbit, 10mbit, 2MB/s or unlimited");
    set->footer(
        "Examples:\n"
        "  mmoctl chaos set --region ap --latency 120ms --jitter 20ms\n"
        "  mmoctl chaos set --region ap --rate 256kbit\n"
        "  mmoctl chaos set --region ap --rate unlimited --latency 0\n"
        "Data already held keeps its delivery time; the new values apply to what is read from now on (the\n"
        "rate at once). Exit codes: 0 ok, 2 usage or unknown region, 3 no set, no proxy or unreachable.");
    set->callback([&options, &exitCode] { exitCode = runChaosSet(options); });
}

int runChaosSet(const ChaosSetOptions& o) {
    return guarded([&] {
        if (o.latency.empty() && o.jitter.empty() && o.rate.empty())
            throw CommandError{
                kUsageError,
                "give at least one of --latency, --jitter, --rate; example: mmoctl chaos set --region " +
                    o.region + " --latency 120ms"};
        json::object body{{"region", o.region}};
        if (!o.latency.empty()) body["latency_ms"] = delayMs("--latency", o.latency);
        if (!o.jitter.empty()) body["jitter_ms"] = delayMs("--jitter", o.jitter);
        if (!o.rate.empty()) {
            try {
                body["rate_bits_per_second"] = chaos::parseRate(o.rate);
            } catch (const std::invalid_argument& e) {
                throw CommandError{kUsageError,
                                   "--rate: \"" + o.rate + "\": " + e.what() + "; example: --rate 256kbit"};
            }
        }
        const auto client = chaos::ControlClient::locate(o.target);
        std::cout << describeLink(client.post("/api/links/set", body)) << "\n";
    });
}

void setupChaosPartition(CLI::App& chaos, ChaosPartitionOptions& options, int& exitCode) {
    auto* partition =
        chaos.add_subcommand("partition", "Cut a region's link to NATS (until healed, or --for)");
    addChaosTargetOptions(*partition, options.target);
    partition->add_option("--region", options.region, "The region to cut off (alias or id)")->required();
    partition->add_option("--for", options.duration,
                          "Heal by itself after this long (30s, 2m); the command returns at once");
    partition
        ->add_option("--mode", options.mode,
                     "blackhole: hold every byte, connections stay open; reset: drop every connection "
                     "and refuse new ones")
        ->capture_default_str()
        ->check(CLI::IsMember({"blackhole", "reset"}));
    partition->footer(
        "Examples:\n"
        "  mmoctl chaos partition --region ap                  # until mmoctl chaos heal --region ap\n"
        "  mmoctl chaos partition --region ap --for 30s\n"
        "  mmoctl chaos partition --region us --mode reset --for 10s\n"
        "blackhole: nothing is forwarded either way and nothing more is read (kernel buffers fill, as on a\n"
        "cut cable); new connections are accepted and held too; on heal the held data flows on. reset: "
        "every\n"
        "connection of the region is reset and new ones are reset at once until healed.\n"
        "Exit codes: 0 ok, 2 usage or unknown region, 3 no set, no proxy or unreachable.");
    partition->callback([&options, &exitCode] { exitCode = runChaosPartition(options); });
}

int runChaosPartition(const ChaosPartitionOptions& o) {
    return guarded([&] {
        json::object body{{"region", o.region}, {"mode", o.mode}};
        if (!o.duration.empty()) body["for_ms"] = parseDuration("--for", o.duration).count();
        const auto client = chaos::ControlClient::locate(o.target);
        std::cout << describeLink(client.post("/api/links/partition", body)) << "\n";
    });
}

void setupChaosHeal(CLI::App& chaos, ChaosHealOptions& options, int& exitCode) {
    auto* heal = chaos.add_subcommand("heal", "End the partition of a region's link, or of every link");
    addChaosTargetOptions(*heal, options.target);
    heal->add_option("--region", options.region, "The region to heal (every region when omitted)");
    heal->footer(
        "Examples:\n"
        "  mmoctl chaos heal --region ap\n"
        "  mmoctl chaos heal            # every link\n"
        "Latency, jitter and rate stay as they are (mmoctl chaos set changes them).\n"
        "Exit codes: 0 ok, 2 usage or unknown region, 3 no set, no proxy or unreachable.");
    heal->callback([&options, &exitCode] { exitCode = runChaosHeal(options); });
}

int runChaosHeal(const ChaosHealOptions& o) {
    return guarded([&] {
        json::object body;
        if (!o.region.empty()) body["region"] = o.region;
        const auto client = chaos::ControlClient::locate(o.target);
        const auto answer = client.post("/api/links/heal", body);
        for (const auto& link : answer.at("links").as_array())
            std::cout << describeLink(link.as_object()) << "\n";
    });
}

}  // namespace mmo::cli
