#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/http/Router.hpp"

namespace mmo::api {

// The ports the node's listeners actually bound (the OS-chosen ones when 0 was configured).
struct BoundPorts {
    std::uint16_t tcp = 0;
    std::uint16_t udp = 0;
    std::uint16_t rest = 0;
    std::uint16_t metrics = 0;
};

// The parts of /api/status known at start.
struct StatusInfo {
    std::string region;
    std::string version;
    BoundPorts ports;
    std::chrono::steady_clock::time_point startedAt;
};

// Adds fields to the /api/status body (later: NATS state, players online).
using StatusContributor = std::function<void(boost::json::object& body)>;

// Injected clock, so uptime is testable.
using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// The /api/status body: {"region","version","uptime_seconds","ports":{"tcp","udp","rest","metrics"}}
// plus whatever the contributors add.
boost::json::object statusBody(const StatusInfo& info, std::chrono::steady_clock::time_point now,
                               const std::vector<StatusContributor>& contributors);

// GET /api/status.
void addStatusRoute(http::Router& router, StatusInfo info, SteadyNow now,
                    std::vector<StatusContributor> contributors = {});

}  // namespace mmo::api
