#pragma once

#include <string>

#include "cli/commands/ChaosTarget.hpp"
#include "cli/commands/CliForward.hpp"

// The commands that change the links of a running chaos proxy. Each returns 0 ok, 2 usage (a bad value,
// a region the proxy has no link for), 3 no set, no proxy or proxy unreachable.
namespace mmo::cli {

struct ChaosSetOptions {
    ChaosTarget target;
    std::string region;
    std::string latency;
    std::string jitter;
    std::string rate;
};

struct ChaosPartitionOptions {
    ChaosTarget target;
    std::string region;
    std::string duration;  // --for; empty: until healed
    std::string mode = "blackhole";
};

struct ChaosHealOptions {
    ChaosTarget target;
    std::string region;  // empty: every link
};

// `mmoctl chaos set --region R [--latency D] [--jitter D] [--rate R|unlimited]`
void setupChaosSet(CLI::App& chaos, ChaosSetOptions& options, int& exitCode);
int runChaosSet(const ChaosSetOptions& options);

// `mmoctl chaos partition --region R [--for D] [--mode blackhole|reset]`
void setupChaosPartition(CLI::App& chaos, ChaosPartitionOptions& options, int& exitCode);
int runChaosPartition(const ChaosPartitionOptions& options);

// `mmoctl chaos heal [--region R]`
void setupChaosHeal(CLI::App& chaos, ChaosHealOptions& options, int& exitCode);
int runChaosHeal(const ChaosHealOptions& options);

}  // namespace mmo::cli
