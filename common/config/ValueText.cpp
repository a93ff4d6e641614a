#include "common/config/ValueText.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "common/text/Redaction.hpp"

namespace mmo::config::detail {

namespace {
constexpr std::size_t kMaxShownValue = 80;

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view stripPlus(std::string_view text) {
    // from_chars rejects a leading '+', YAML accepts it.
    if (text.size() > 1 && text.front() == '+' && text[1] != '-' && text[1] != '+') text.remove_prefix(1);
    return text;
}
}  // namespace

std::string_view trimBlanks(std::string_view text) {
    while (!text.empty() && isBlank(text.front())) text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back())) text.remove_suffix(1);
    return text;
}

std::optional<long long> parseInteger(std::string_view text) {
    text = stripPlus(trimBlanks(text));
    if (text.empty()) return std::nullopt;
    long long value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

std::optional<double> parseNumber(std::string_view text) {
    text = stripPlus(trimBlanks(text));
    if (text.empty()) return std::nullopt;
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
    if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::optional<bool> parseBool(std::string_view text) {
    const std::string word = toLower(trimBlanks(text));
    if (word == "true" || word == "yes" || word == "on") return true;
    if (word == "false" || word == "no" || word == "off") return false;
    return std::nullopt;
}

std::string describeValue(std::string_view raw) {
    if (raw.empty()) return "an empty value";
    // An error message may be logged or shown anywhere: a URL's password never goes into one.
    const std::string redacted = text::redactUrlCredentials(raw);
    const std::string_view text = redacted;
    if (text.size() <= kMaxShownValue) return yamlQuote(text);
    return yamlQuote(text.substr(0, kMaxShownValue)) + "... (" + std::to_string(text.size()) + " characters)";
}

std::string yamlQuote(std::string_view text) {
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\0':
                out += "\\0";
                break;
            default:
                if (c < 0x20 || c == 0x7f) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\x%02x", c);
                    out += buf;
                } else {
                    out += ch;  // UTF-8 bytes pass through: YAML is UTF-8.
                }
        }
    }
    out += '"';
    return out;
}

std::string formatNumber(double value) {
    char buf[64];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
    if (ec != std::errc()) return std::to_string(value);
    return std::string(buf, ptr);
}

std::string toLower(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string toUpper(std::string_view text) {
    std::string out(text);
    for (auto& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

}  // namespace mmo::config::detail
