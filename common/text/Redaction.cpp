#include "common/text/Redaction.hpp"

namespace mmo::text {

namespace {

constexpr std::string_view kRedacted = "<redacted>";

bool endsAuthority(char c) {
    return c == '/' || c == ',' || c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\'' ||
           c == '?' || c == '#';
}

}  // namespace

std::string redactUrlCredentials(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t from = 0;
    while (true) {
        const auto scheme = text.find("://", from);
        if (scheme == std::string_view::npos) break;
        const std::size_t authority = scheme + 3;
        std::size_t end = authority;
        while (end < text.size() && !endsAuthority(text[end])) ++end;
        const auto at = text.substr(authority, end - authority).rfind('@');
        out.append(text.substr(from, authority - from));
        if (at != std::string_view::npos) {
            const std::string_view userInfo = text.substr(authority, at);
            const auto colon = userInfo.find(':');
            if (colon != std::string_view::npos) out.append(userInfo.substr(0, colon + 1));
            out.append(kRedacted);
            out.append(text.substr(authority + at, end - authority - at));
        } else {
            out.append(text.substr(authority, end - authority));
        }
        from = end;
    }
    out.append(text.substr(from));
    return out;
}

bool hasUrlCredentials(std::string_view text) {
    return redactUrlCredentials(text) != text;
}

}  // namespace mmo::text
