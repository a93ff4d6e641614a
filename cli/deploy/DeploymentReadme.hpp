#pragma once

#include <string>

#include "cli/deploy/DeploymentSpec.hpp"

namespace mmo::cli::deploy {

// README.txt of a generated deployment: what goes on which host, which ports to open, the start order
// and where the stream lives.
std::string renderDeploymentReadme(const DeploymentSpec& spec);

}  // namespace mmo::cli::deploy
