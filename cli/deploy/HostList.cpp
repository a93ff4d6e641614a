#include "cli/deploy/HostList.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "cli/ExitCode.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::deploy {

namespace {

constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxLabelLength = 63;

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

bool isAlnum(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

bool validLabel(std::string_view label) {
    if (label.empty() || label.size() > kMaxLabelLength) return false;
    if (!isAlnum(label.front()) || !isAlnum(label.back())) return false;
    return std::all_of(label.begin(), label.end(), [](char c) { return isAlnum(c) || c == '-'; });
}

bool allDigits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    return std::string(text);
}

[[noreturn]] void fail(const std::string& message) {
    throw CommandError{kUsageError, "--hosts: " + message};
}

}  // namespace

bool isValidHostName(std::string_view host) {
    if (host.empty() || host.size() > kMaxHostLength) return false;
    const auto labels = split(host, '.');
    // All-numeric labels make an IPv4 address: exactly four, each 0..255 (so 999.1.1.1 is refused).
    if (std::all_of(labels.begin(), labels.end(), allDigits))
        return labels.size() == 4 && std::all_of(labels.begin(), labels.end(), [](std::string_view l) {
                   return l.size() <= 3 && std::stoi(std::string(l)) <= 255;
               });
    return std::all_of(labels.begin(), labels.end(), validLabel);
}

std::vector<std::string> parseHostList(std::string_view text, const std::vector<std::string>& regionIds) {
    std::map<std::string, std::string> hostOf;
    for (const auto entry : split(text, ',')) {
        const auto item = trimmed(entry);
        if (item.empty())
            fail("an empty entry in \"" + std::string(text) + "\"; write REGION=HOST,REGION=HOST");
        const auto eq = item.find('=');
        if (eq == std::string::npos)
            fail("\"" + item + "\" has no '='; write REGION=HOST (e.g. eu=eu1.example.net)");
        const auto name = trimmed(std::string_view(item).substr(0, eq));
        const auto host = trimmed(std::string_view(item).substr(eq + 1));
        const auto id = regions::expandAlias(name);
        if (std::find(regionIds.begin(), regionIds.end(), id) == regionIds.end()) {
            std::string known;
            for (const auto& r : regionIds) known += (known.empty() ? "" : ", ") + r;
            fail("\"" + name + "\" is not one of the regions (" + known +
                 "); add it to --regions or drop it");
        }
        if (hostOf.count(id)) fail("region " + id + " is given twice");
        if (host.empty()) fail("no host for " + name + "; write " + name + "=HOST");
        if (!isValidHostName(host))
            fail("\"" + host + "\" (for " + name +
                 ") is not a valid host name: dot-separated labels of letters, digits and inner '-' "
                 "(at most 63 characters each), or an IPv4 address");
        hostOf[id] = host;
    }
    std::vector<std::string> hosts;
    std::string missing;
    for (const auto& id : regionIds) {
        const auto it = hostOf.find(id);
        if (it == hostOf.end()) {
            const auto alias = regions::aliasOf(id);
            missing += (missing.empty() ? "" : ", ") + id + " (" + alias.value_or(id) + "=HOST)";
        } else {
            hosts.push_back(it->second);
        }
    }
    if (!missing.empty()) fail("every region needs a host; missing: " + missing);
    return hosts;
}

}  // namespace mmo::cli::deploy
