#pragma once

#include <string>

#include "cli/deploy/DeploymentSpec.hpp"

namespace mmo::cli::deploy {

// mmo-node@.service: one instance per region (`systemctl enable --now mmo-node@eu-west-1`), reading
// <etcDir>/config-%i.yml, as spec.user, restarted on failure (not on a config error, exit 2), hardened.
std::string renderNodeUnit(const DeploymentSpec& spec);

// nats-server-<region>.service: region i's nats-server with its config file, lame-duck stop, hardened.
std::string renderNatsUnit(const DeploymentSpec& spec, std::size_t i);

// The file names of the units.
std::string nodeUnitFileName();
std::string natsUnitFileName(const DeploymentSpec& spec, std::size_t i);

}  // namespace mmo::cli::deploy
