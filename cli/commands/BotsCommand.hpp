#pragma once

#include <string>
#include <vector>

#include "cli/commands/CliForward.hpp"

namespace mmo::cli {

struct BotsOptions {
    std::vector<std::string> regions;  // aliases or ids of the running set; empty: every region
    int count = 10;                    // bots per region
    double rate = 1;                   // actions per second per bot
    std::string duration = "30s";
    std::string stateDir = ".mmoctl";
    int areaSide = 64;   // the side of the square each bot subscribes to
    int areas = 1;       // bots are split over this many squares side by side (1: all share)
    double moveHz = 10;  // UDP position updates per bot per second
    int threads = 2;
    bool json = false;
};

// `mmoctl bots`: N simulated players per region of the running set that connect as guests, subscribe to
// an area (bot i of every region takes square i % areas, so regions watch the same squares), move (UDP) and
// place or break blocks at R actions/s each for D; a live progress line on a terminal; a final table (or
// --json) per region.
void setupBots(CLI::App& app, BotsOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 done, 1 a region acknowledged nothing, 2 usage, 3 no set).
int runBots(const BotsOptions& options);

}  // namespace mmo::cli
