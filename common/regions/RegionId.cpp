#include "common/regions/RegionId.hpp"

#include <algorithm>
#include <stdexcept>

namespace mmo::regions {

namespace {
bool isIdChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}
}  // namespace

bool isValidRegionId(std::string_view id) {
    if (id.empty() || id.size() > 32 || id.front() == '-') return false;
    return std::all_of(id.begin(), id.end(), isIdChar);
}

const std::vector<std::pair<std::string, std::string>>& knownAliases() {
    static const std::vector<std::pair<std::string, std::string>> aliases{
        {"eu", "eu-west-1"}, {"us", "us-east-1"}, {"ap", "ap-south-1"}};
    return aliases;
}

std::string expandAlias(std::string_view name) {
    for (const auto& [alias, id] : knownAliases())
        if (alias == name) return id;
    return std::string(name);
}

std::optional<std::string> aliasOf(std::string_view id) {
    for (const auto& [alias, full] : knownAliases())
        if (full == id) return alias;
    return std::nullopt;
}

std::vector<std::string> parseRegionList(std::string_view list) {
    std::vector<std::string> ids;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const auto end = comma == std::string_view::npos ? list.size() : comma;
        const auto item = list.substr(start, end - start);
        if (item.empty())
            throw std::invalid_argument("empty region name in \"" + std::string(list) +
                                        "\"; expected a comma-separated list such as eu,us,ap");
        if (!isValidRegionId(item))
            throw std::invalid_argument("invalid region \"" + std::string(item) +
                                        "\"; use an alias (eu, us, ap) or an id matching "
                                        "[a-z0-9][a-z0-9-]{0,31}");
        auto id = expandAlias(item);
        if (std::find(ids.begin(), ids.end(), id) != ids.end())
            throw std::invalid_argument("region \"" + id + "\" is listed twice in \"" + std::string(list) +
                                        "\"");
        ids.push_back(std::move(id));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return ids;
}

}  // namespace mmo::regions
