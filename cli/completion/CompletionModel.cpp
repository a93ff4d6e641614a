#include "cli/completion/CompletionModel.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>

#include "common/regions/RegionId.hpp"

namespace mmo::cli {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

// IsMember renders its set into the type name: "TEXT:{bash,zsh,fish}".
std::vector<std::string> choicesOf(const CLI::Option& option) {
    const auto type = option.get_type_name();
    const auto open = type.find('{');
    const auto close = type.find('}', open);
    if (open == std::string::npos || close == std::string::npos) return {};
    std::vector<std::string> choices;
    std::string item;
    for (const char c : type.substr(open + 1, close - open - 1)) {
        if (c == ',') {
            if (!item.empty()) choices.push_back(item);
            item.clear();
        } else if (c != ' ') {
            item.push_back(c);
        }
    }
    if (!item.empty()) choices.push_back(item);
    return choices;
}

ValueKind kindOf(const CLI::Option& option, const std::string& name,
                 const std::vector<std::string>& choices) {
    if (option.get_expected_max() == 0) return ValueKind::None;  // a flag
    if (!choices.empty()) return ValueKind::Choices;
    const auto n = lower(name);
    if (n == "regions") return ValueKind::RegionList;
    if (option.get_positional() && (n == "region" || n == "name")) return ValueKind::RunningRegionOrNats;
    if (n == "region") return ValueKind::Region;
    if (n.find("dir") != std::string::npos || n == "out" || n == "report") return ValueKind::Directory;
    if (n.find("file") != std::string::npos || n == "config" || n.find("bin") != std::string::npos)
        return ValueKind::File;
    return ValueKind::Any;
}

CompletionOption describeOption(const CLI::Option& option) {
    CompletionOption out;
    for (const auto& name : option.get_lnames()) out.longNames.push_back(name);
    for (const auto& name : option.get_snames()) out.shortNames.push_back(name);
    out.description = option.get_description();
    out.choices = choicesOf(option);
    const auto name = !out.longNames.empty() ? out.longNames.front() : option.get_name(true, false);
    out.kind = kindOf(option, name, out.choices);
    return out;
}

CompletionCommand describe(const CLI::App& app, const std::string& parentPath) {
    CompletionCommand command;
    command.name = app.get_name();
    command.path = app.get_parent() == nullptr ? "" : parentPath + "/" + app.get_name();
    command.description = app.get_description();
    for (const auto* option : app.get_options()) {
        if (option->get_group().empty()) continue;
        if (option->get_positional() && option->get_lnames().empty() && option->get_snames().empty())
            command.positionals.push_back(describeOption(*option));
        else
            command.options.push_back(describeOption(*option));
    }
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
        if (sub->get_group().empty() || sub->get_name().empty()) continue;
        command.subcommands.push_back(describe(*sub, command.path));
    }
    return command;
}

void collect(const CompletionCommand& command, std::vector<const CompletionCommand*>& out) {
    out.push_back(&command);
    for (const auto& sub : command.subcommands) collect(sub, out);
}

}  // namespace

CompletionCommand describeApp(const CLI::App& app) {
    return describe(app, "");
}

std::vector<const CompletionCommand*> flatten(const CompletionCommand& root) {
    std::vector<const CompletionCommand*> out;
    collect(root, out);
    return out;
}

std::vector<std::string> regionWords() {
    std::vector<std::string> words;
    for (const auto& [alias, id] : regions::knownAliases()) words.push_back(alias);
    for (const auto& [alias, id] : regions::knownAliases()) words.push_back(id);
    return words;
}

}  // namespace mmo::cli
