#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace mmo::cli {

struct ConfigGenerateOptions {
    std::string regions = "eu,us,ap";
    std::string outDir = ".mmoctl/configs";
    std::string natsUrl;           // empty: the local nats-server of the port plan
    std::string portOffset = "0";  // a number or "auto"
    bool force = false;
};

// `mmoctl config generate`: per-region node configs with non-conflicting ports (DESIGN.md section 2).
void setupConfigGenerate(CLI::App& config, ConfigGenerateOptions& options, int& exitCode);

// Runs the command; returns the exit code (0 ok, 2 usage, 3 environment).
int runConfigGenerate(const ConfigGenerateOptions& options);

}  // namespace mmo::cli
