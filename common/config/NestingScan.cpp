#include "common/config/NestingScan.hpp"

#include <vector>

namespace mmo::config::detail {

namespace {
// True when c ends a token, so a following quote, bracket, '#' or '-' starts a new one.
bool startsToken(char previous) {
    return previous == '\0' || previous == ' ' || previous == '\t' || previous == '[' || previous == '{' ||
           previous == ',' || previous == ':' || previous == '-' || previous == '?';
}
}  // namespace

std::optional<NestingPosition> findExcessiveNesting(std::string_view text, int maxDepth) {
    std::vector<int> blockIndents;  // indentation of the open block levels, increasing
    int flow = 0;                   // open [ and {
    int dashes = 0;                 // "- " entries opened on this line
    int line = 1;
    int column = 0;
    int indent = 0;
    bool atLineStart = true;
    char previous = '\0';
    char quote = '\0';
    bool inComment = false;
    int blockScalarIndent = -1;  // indentation of the line that opened a | or > scalar
    bool pendingBlockScalar = false;

    auto depth = [&] { return static_cast<int>(blockIndents.size()) + dashes + flow; };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        ++column;
        if (c == '\n') {
            if (pendingBlockScalar) blockScalarIndent = indent;
            pendingBlockScalar = false;
            ++line;
            column = 0;
            indent = 0;
            atLineStart = true;
            previous = '\0';
            inComment = false;
            dashes = 0;
            continue;
        }
        if (quote != '\0') {
            if (quote == '"' && c == '\\') {
                if (i + 1 < text.size() && text[i + 1] != '\n') ++i, ++column;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'')
                    ++i, ++column;
                else
                    quote = '\0';
            }
            continue;
        }
        if (inComment) continue;
        if (atLineStart) {
            if (c == ' ') {
                ++indent;
                continue;
            }
            atLineStart = false;
            if (blockScalarIndent >= 0) {
                // The scalar's content lines are text, not structure; it ends at a line indented no deeper.
                if (indent > blockScalarIndent || c == '\r') {
                    inComment = true;
                    continue;
                }
                blockScalarIndent = -1;
            }
            if (c == '#') {
                inComment = true;
                continue;
            }
            if (flow == 0 && c != '\r') {
                while (!blockIndents.empty() && blockIndents.back() > indent) blockIndents.pop_back();
                if (blockIndents.empty() || blockIndents.back() < indent) blockIndents.push_back(indent);
            }
        }
        const bool tokenStart = startsToken(previous);
        // In block context a flow collection starts only after a blank; "x[" is plain text.
        const bool afterBlank = previous == '\0' || previous == ' ';
        if (c == '#' && (previous == ' ' || previous == '\t' || previous == '\0')) {
            inComment = true;
        } else if ((c == '"' || c == '\'') && tokenStart) {
            quote = c;
        } else if ((c == '[' || c == '{') && (flow > 0 ? tokenStart : afterBlank)) {
            ++flow;
        } else if ((c == ']' || c == '}') && flow > 0) {
            --flow;
        } else if (c == '-' && flow == 0 && tokenStart && (i + 1 == text.size() || text[i + 1] == ' ')) {
            ++dashes;
        } else if ((c == '|' || c == '>') && flow == 0 && tokenStart) {
            pendingBlockScalar = true;
            blockScalarIndent = -1;
        }
        if (depth() > maxDepth) return NestingPosition{line, column};
        if (c != ' ' && c != '\t')
            previous = c;
        else
            previous = ' ';
    }
    return std::nullopt;
}

}  // namespace mmo::config::detail
