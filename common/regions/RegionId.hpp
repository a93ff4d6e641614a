#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Region names: the guide's aliases (eu, us, ap) and the rule every other id must follow.
namespace mmo::regions {

// True when id matches [a-z0-9][a-z0-9-]{0,31}.
bool isValidRegionId(std::string_view id);

// The full id for an alias (eu -> eu-west-1), or the input itself when it is not an alias.
std::string expandAlias(std::string_view name);

// The alias of a full id (eu-west-1 -> eu), if it has one.
std::optional<std::string> aliasOf(std::string_view id);

// The known aliases with their ids, in the guide's order.
const std::vector<std::pair<std::string, std::string>>& knownAliases();

// Parses "eu,us,ap" into full ids; throws std::invalid_argument naming the bad or repeated entry.
std::vector<std::string> parseRegionList(std::string_view list);

}  // namespace mmo::regions
