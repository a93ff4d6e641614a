#pragma once

#include <string>
#include <vector>

#include "cli/commands/CliForward.hpp"

// What the shells complete, read from the CLI11 App tree so the scripts follow the real flags.
namespace mmo::cli {

enum class ValueKind {
    None,                 // a flag
    Any,                  // a value we cannot suggest
    Choices,              // a fixed set (from an IsMember validator)
    RegionList,           // comma-separated aliases or ids (--regions)
    Region,               // one alias, id or running region (--region)
    RunningRegionOrNats,  // a running region or NATS server ("nats", "nats-1"): a REGION positional (logs)
    Directory,
    File,
};

struct CompletionOption {
    std::vector<std::string> longNames;   // without the leading "--"
    std::vector<std::string> shortNames;  // without the leading "-"
    std::string description;
    ValueKind kind = ValueKind::None;
    std::vector<std::string> choices;
};

struct CompletionCommand {
    std::string name;  // empty for the root
    std::string path;  // "/config/generate"; "" for the root
    std::string description;
    std::vector<CompletionOption> options;  // flags and options, hidden ones left out
    std::vector<CompletionOption> positionals;
    std::vector<CompletionCommand> subcommands;  // hidden ones (empty group) left out
};

// Walks the app's visible subcommands and options.
CompletionCommand describeApp(const CLI::App& app);

// Every command in the tree, depth first, the root first.
std::vector<const CompletionCommand*> flatten(const CompletionCommand& root);

// The aliases and ids --regions and --region offer (eu, us, ap, eu-west-1, ...).
std::vector<std::string> regionWords();

}  // namespace mmo::cli
