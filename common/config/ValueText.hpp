#pragma once

#include <optional>
#include <string>
#include <string_view>

// Strict parsing of scalar text (from YAML, the environment or a flag) and quoting for messages and YAML.
namespace mmo::config::detail {

// A decimal integer with an optional sign, surrounding blanks ignored; nullopt for anything else or overflow.
std::optional<long long> parseInteger(std::string_view text);

// A finite decimal number (3, 0.05, 1e-2), surrounding blanks ignored; nullopt for nan, inf or junk.
std::optional<double> parseNumber(std::string_view text);

// true/false/yes/no/on/off in any letter case; nullopt for anything else.
std::optional<bool> parseBool(std::string_view text);

// The value as a message shows it: "abc" with escapes, "an empty value", long values shortened.
std::string describeValue(std::string_view text);

// A double-quoted YAML string with YAML escapes.
std::string yamlQuote(std::string_view text);

// The shortest text that reads back as the same double (3, 0.05).
std::string formatNumber(double value);

// ASCII lower and upper case.
std::string toLower(std::string_view text);
std::string toUpper(std::string_view text);

// Removes ASCII blanks (space, tab, CR, LF) at both ends.
std::string_view trimBlanks(std::string_view text);

}  // namespace mmo::config::detail
