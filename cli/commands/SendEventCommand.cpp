#include "cli/commands/SendEventCommand.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <iostream>

#include "cli/ExitCode.hpp"
#include "cli/admin/AdminCredentials.hpp"
#include "cli/admin/AdminLogin.hpp"
#include "cli/admin/EventWaiter.hpp"
#include "cli/admin/NodeApiClient.hpp"
#include "cli/admin/NodeTarget.hpp"
#include "cli/admin/NodeUrl.hpp"
#include "cli/state/StateFile.hpp"
#include "cli/util/DurationText.hpp"
#include "common/config/Environment.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli {

namespace {

constexpr auto kRequestTimeout = std::chrono::seconds(10);

void requireJsonObject(const std::string& data) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(data, ec);
    if (ec)
        throw CommandError{kUsageError,
                           "--data is not valid JSON (" + ec.message() +
                               "); example: --data '{\"x\":100,\"y\":50,\"block_type\":\"stone\"}'"};
    if (!value.is_object())
        throw CommandError{
            kUsageError,
            "--data must be a JSON object, e.g. '{\"x\":100,\"y\":50,\"block_type\":\"stone\"}'"};
}

std::string plural(std::uint64_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

int report(const SendEventOptions& options, const std::string& region, const AcceptedEvent& event,
           const std::vector<RegionApplied>& applied) {
    std::vector<std::string> missing;
    for (const auto& r : applied)
        if (!r.after) missing.push_back(r.region);
    if (options.json) {
        boost::json::object appliedJson;
        for (const auto& r : applied)
            appliedJson[r.region] =
                r.after ? boost::json::value(r.after->count()) : boost::json::value(nullptr);
        // hlc_str: the HLC as a decimal string, which JavaScript reads exactly (docs/rest-api.md).
        boost::json::object out{
            {"event_id", event.eventId}, {"event_type", event.eventType},        {"region", region},
            {"hlc", event.hlc},          {"hlc_str", std::to_string(event.hlc)}, {"changes", event.changes},
            {"status", event.status}};
        if (options.wait) out["applied_after_ms"] = std::move(appliedJson);
        std::cout << boost::json::serialize(out) << "\n";
    } else {
        std::cout << fmt::format("event {} accepted by {}: {}\n", event.eventId, region,
                                 plural(event.changes, "change"));
        for (const auto& r : applied)
            std::cout << (r.after ? fmt::format("  {}: applied after {} ms\n", r.region, r.after->count())
                                  : fmt::format("  {}: not applied within {}\n", r.region, options.timeout));
    }
    if (missing.empty()) return kOk;
    std::cerr << fmt::format("mmoctl send-event: not applied within {} by: {}; check `mmoctl verify-sync`\n",
                             options.timeout, fmt::join(missing, ", "));
    return kCheckFailed;
}

}  // namespace

ExitCode exitCodeForStatus(int httpStatus) {
    if (httpStatus == 401 || httpStatus == 403 || httpStatus == 429) return kEnvironmentError;
    if (httpStatus >= 500) return kProcessFailed;
    return kUsageError;
}

void setupSendEvent(CLI::App& app, SendEventOptions& options, int& exitCode) {
    auto* cmd = app.add_subcommand("send-event", "Send an admin event to a region (logs in as admin)");
    cmd->add_option("--region", options.region, "Region alias or id (default: the set's first region)");
    cmd->add_option("--type", options.type, "Event type")
        ->check(CLI::IsMember({"BlockEvent", "FillEvent", "ChatEvent"}))
        ->capture_default_str();
    cmd->add_option("--data", options.data, "The event's data as a JSON object")->required();
    auto* stateDir =
        cmd->add_option("--state-dir", options.stateDir, "The set's state directory (from `mmoctl up`)")
            ->capture_default_str();
    cmd->add_option("--nodes", options.nodes,
                    "REST base URLs of nodes started by hand or on other hosts, instead of the set: "
                    "http://HOST:PORT,... (the event goes to --region, else the first)")
        ->excludes(stateDir);
    addAdminLoginFlags(*cmd, options.username, options.password, true);
    addAdminTokenFlag(*cmd, options.token);
    cmd->add_flag("--wait", options.wait, "Wait until every other region applied the event");
    cmd->add_option("--timeout", options.timeout, "How long --wait waits (30s, 500ms, 2m)")
        ->capture_default_str();
    cmd->add_flag("--json", options.json, "Print the result as JSON");
    cmd->footer(
        "Examples:\n"
        "  mmoctl send-event --data '{\"x\":100,\"y\":50,\"block_type\":\"stone\"}'\n"
        "  mmoctl send-event --region us --type FillEvent --data '{\"x1\":0,\"y1\":0,\"x2\":9,\"y2\":9,"
        "\"block_type\":\"sand\"}' --wait\n"
        "  mmoctl send-event --type ChatEvent --data '{\"text\":\"hello\"}'\n"
        "  mmoctl send-event --nodes http://10.0.0.5:8088,http://10.0.0.6:8089 --password \"$PW\" \\\n"
        "      --data '{\"x\":1,\"y\":2,\"block_type\":\"wood\"}' --wait\n"
        "Exit codes: 0 accepted (and applied everywhere with --wait), 1 not applied in time,\n"
        "2 bad --data, --nodes or --region, or rejected by the node (400), 3 no running set, a node\n"
        "unreachable, or the login or token refused, 4 the node failed (5xx).");
    cmd->callback([&options, &exitCode] { exitCode = runSendEvent(options); });
}

int runSendEvent(const SendEventOptions& options) {
    std::string label;
    const bool byNodes = !options.nodes.empty();
    const bool byToken = !options.token.empty() ||
                         config::Environment::fromProcess().get("MMOCTL_ADMIN_TOKEN").value_or("") != "";
    try {
        requireJsonObject(options.data);
        const auto waitTimeout = parseDuration("--timeout", options.timeout);
        const auto nodes = byNodes ? discoverAll(parseNodeUrls(options.nodes, "--nodes"), kRequestTimeout)
                                   : targetsOf(requireRunningSet(options.stateDir));
        const auto& node = pickNode(nodes, options.region,
                                    byNodes ? "the --nodes are" : "the set in " + options.stateDir + " runs");
        label = node.label();
        const std::string token = adminToken(node, options.token, options.username, options.password);
        const NodeApiClient client(node.host, node.restPort, kRequestTimeout);
        AcceptedEvent event;
        try {
            event = client.sendEvent(token, options.type, options.data);
        } catch (const NodeApiError& e) {
            if (e.status() == 401 && byToken)
                throw CommandError{
                    kEnvironmentError,
                    fmt::format("{} refused the admin token ({} {}: {}); get a fresh one from "
                                "POST /api/auth/login (tokens live auth.token_ttl_minutes), or "
                                "leave out --token and MMOCTL_ADMIN_TOKEN to log in with "
                                "--username/--password",
                                label, e.status(), e.code(), e.what())};
            throw;
        }
        std::vector<RegionApplied> applied;
        if (options.wait) {
            if (const auto block = probeBlockOf(options.type, options.data); block && event.hlc > 0)
                applied = waitForEvent(nodes, node.region, *block, event.hlc, waitTimeout);
        }
        return report(options, node.region, event, applied);
    } catch (const NodeApiError& e) {
        throw CommandError{exitCodeForStatus(e.status()), fmt::format("{} rejected the event: {} ({}): {}",
                                                                      label, e.status(), e.code(), e.what())};
    } catch (const http_client::HttpClientError& e) {
        throw CommandError{kEnvironmentError,
                           byNodes
                               ? fmt::format("node {} unreachable: {}; check the URL and that the node runs",
                                             label, e.what())
                               : "region " + label + " unreachable: " + e.what() + "; check `mmoctl status`"};
    }
}

}  // namespace mmo::cli
