#pragma once

#include <stdexcept>
#include <string>

#include "common/net/BindError.hpp"

namespace mmo::node {

// A listener of the node that could not be opened, with what the user should change.
class ListenFailure : public std::runtime_error {
  public:
    // service: "REST API", "game server", "metrics server"; portKey: the config key of the port
    // ("server.rest_port"), whose environment names the hint quotes.
    ListenFailure(std::string service, std::string portKey, net::BindError cause);

    // "❌ Failed to start REST API: listen tcp :8088: bind: address already in use" (the guide's line).
    std::string message() const;

    // "hint: another process holds tcp port 8088; set server.rest_port in the config file or
    // GAME_REST_PORT in the environment (0 lets the OS pick)", worded for the errno.
    std::string hint() const;

    const net::BindError& cause() const { return cause_; }

  private:
    std::string service_;
    std::string portKey_;
    net::BindError cause_;
};

}  // namespace mmo::node
