#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "cli/admin/NodeUrl.hpp"
#include "cli/state/StateFile.hpp"

// One node mmoctl talks to: a region of the set `mmoctl up` runs (on 127.0.0.1, ports from state.json),
// or a REST base URL given with --nodes (region and metrics port read from its GET /api/status).
namespace mmo::cli {

struct NodeTarget {
    std::string region;  // region id; empty for a --nodes URL whose GET /api/status has not answered yet
    std::string host = "127.0.0.1";
    int restPort = 0;
    int metricsPort = 0;     // 0: not known yet (see region)
    std::string url;         // the --nodes URL ("http://host:port"); empty for a region of the set
    std::string configFile;  // a set region's config file (admin credentials); empty for --nodes

    // How messages name it: "eu-west-1" for a region of the set, "eu-west-1 (http://10.0.0.5:8088)" for a
    // --nodes URL (only the URL while its region is unknown).
    std::string label() const;
};

NodeTarget targetOf(const RegionRecord& region);
std::vector<NodeTarget> targetsOf(const SetState& state);

// A --nodes URL before its GET /api/status: host, port and url set, region and metrics port unknown.
NodeTarget undiscovered(const NodeUrl& url);

// GET /api/status of a --nodes target: fills in region and metricsPort (the metrics port is scraped on the
// same host). Throws http_client::HttpClientError when the node does not answer, and CommandError (exit 2)
// naming the URL when the answer is not an mmo-node's /api/status (a wrong port, another service).
void discover(NodeTarget& target, std::chrono::milliseconds timeout);

// Every URL discovered; a node that does not answer is a CommandError (exit 3) naming its URL, and two
// URLs of the same region a CommandError (exit 2).
std::vector<NodeTarget> discoverAll(const std::vector<NodeUrl>& urls, std::chrono::milliseconds timeout);

// The node of region `name` (an alias or an id; the first node when empty). CommandError (exit 2) listing
// the nodes otherwise; `where` says where they come from ("the set in .mmoctl runs", "--nodes are").
const NodeTarget& pickNode(const std::vector<NodeTarget>& nodes, const std::string& name,
                           const std::string& where);

// Throws CommandError (exit 2) when two discovered targets report the same region.
void requireDistinctRegions(const std::vector<NodeTarget>& targets);

}  // namespace mmo::cli
