#pragma once

#include <string>

#include "cli/deploy/DeploymentSpec.hpp"

namespace mmo::cli::deploy {

// The nats-server config file (its own syntax) of region i's server: server_name, listen and
// client_advertise, http (loopback), lame duck timing, jetstream {store_dir}, cluster {name, listen,
// advertise, routes} and, in a supercluster, gateway {name, listen, advertise, gateways}.
std::string renderNatsServerConf(const DeploymentSpec& spec, std::size_t i);

}  // namespace mmo::cli::deploy
