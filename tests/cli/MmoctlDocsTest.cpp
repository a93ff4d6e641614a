// docs/mmoctl.md documents every subcommand and flag the real mmoctl shows in its --help (issue 17 item 14):
// the help of `mmoctl`, of each subcommand and of each nested subcommand is parsed (CLI11's "Options:" and
// "Subcommands:" blocks), and each command must have its section (`## mmoctl <command>`, or its parent's
// for a nested one) naming `mmoctl <command>` and every one of its flags.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kMmoctl = std::string(MMO_BIN_DIR) + "/mmoctl";
const std::string kDoc = std::string(MMO_SOURCE_DIR) + "/docs/mmoctl.md";

// One command of the help tree: its path ("" for mmoctl itself, "chaos set"), its flags (long and short
// names, -h/--help left out) and its subcommands.
struct HelpNode {
    std::string path;
    std::vector<std::string> flags;
    std::vector<HelpNode> children;
};

std::string helpText(const std::string& path) {
    const auto command = kMmoctl + (path.empty() ? "" : " " + path) + " --help 2>&1";
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return out;
    std::array<char, 4096> buffer{};
    while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    ::pclose(pipe);
    return out;
}

std::string firstToken(const std::string& line) {
    const auto start = line.find_first_not_of(' ');
    if (start == std::string::npos) return {};
    return line.substr(start, line.find(' ', start) - start);
}

// CLI11's help: "Options:" lines "  -n,--lines INT=100  text" (continuation lines are indented further)
// and "Subcommands:" lines "  name  text"; a block ends at an empty line.
HelpNode parseHelp(const std::string& path, const std::string& text) {
    HelpNode node{path, {}, {}};
    std::istringstream lines(text);
    std::string block;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty()) {
            block.clear();
        } else if (line.back() == ':' && line.front() != ' ') {
            block = line;
        } else if (block == "Options:" && line.rfind("  -", 0) == 0) {
            auto names = firstToken(line);
            names = names.substr(0, names.find('{'));  // "--no-baselines{false}"
            std::istringstream split(names);
            for (std::string name; std::getline(split, name, ',');)
                if (name != "-h" && name != "--help") node.flags.push_back(name);
        } else if (block == "Subcommands:" && line.rfind("  ", 0) == 0 && line[2] != ' ') {
            node.children.push_back({(path.empty() ? "" : path + " ") + firstToken(line), {}, {}});
        }
    }
    return node;
}

HelpNode helpTree(const std::string& path = "") {
    auto node = parseHelp(path, helpText(path));
    for (auto& child : node.children) child = helpTree(child.path);
    return node;
}

// The doc cut at its "## " headings: the text before the first one, then each section with its heading.
std::vector<std::string> sections(const std::string& doc) {
    std::vector<std::string> parts{""};
    std::istringstream lines(doc);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("## ", 0) == 0) parts.emplace_back();
        parts.back() += line + "\n";
    }
    return parts;
}

// `word` in `text` as a whole flag or command: not followed by a letter, digit or '-'.
bool mentions(const std::string& text, const std::string& word) {
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const auto end = at + word.size();
        if (end == text.size() || !(std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-'))
            return true;
    }
    return false;
}

// The section of a command: the one headed `mmoctl <the longest prefix of the path that has one>` (or
// `mmoctl <path> <subcommand>`); the text before the first heading for mmoctl itself. Empty when none.
std::string sectionOf(const std::vector<std::string>& parts, const std::string& path) {
    if (path.empty()) return parts.front();
    for (auto prefix = path;;) {
        for (const auto& part : parts) {
            const auto heading = part.substr(0, part.find('\n'));
            if (mentions(heading, "`mmoctl " + prefix + "`")) return part;
            // a command made of subcommands only (`config`, `bench`) may be headed by one of them
            if (prefix == path && heading.find("`mmoctl " + path + " ") != std::string::npos) return part;
        }
        const auto space = prefix.rfind(' ');
        if (space == std::string::npos) return {};
        prefix = prefix.substr(0, space);
    }
}

// What the doc lacks, one line each: "chaos set: no section", "verify-sync: --deep", ...
void findMissing(const HelpNode& node, const std::vector<std::string>& parts,
                 std::vector<std::string>& missing) {
    const auto section = sectionOf(parts, node.path);
    const auto name = node.path.empty() ? std::string("mmoctl") : node.path;
    if (section.empty()) {
        missing.push_back(name + ": no section headed `mmoctl " + node.path + "`");
    } else {
        if (!node.path.empty() && !mentions(section, "mmoctl " + node.path))
            missing.push_back(name + ": the section does not name `mmoctl " + node.path + "`");
        for (const auto& flag : node.flags)
            if (!mentions(section, flag)) missing.push_back(name + ": " + flag);
    }
    for (const auto& child : node.children) findMissing(child, parts, missing);
}

std::vector<std::string> missingFromDoc(const HelpNode& tree, const std::string& doc) {
    std::vector<std::string> missing;
    findMissing(tree, sections(doc), missing);
    return missing;
}

std::string readDoc() {
    std::ifstream in(kDoc);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (const auto& line : lines) text += "  " + line + "\n";
    return text;
}

TEST(MmoctlDocsTest, HelpTreeIsReadFromTheRealBinary) {
    const auto tree = helpTree();
    std::vector<std::string> top;
    for (const auto& child : tree.children) top.push_back(child.path);
    for (const char* command : {"config", "up", "status", "logs", "down", "send-event", "verify-sync",
                                "repair", "completion", "bots", "bench", "chaos"})
        EXPECT_NE(std::find(top.begin(), top.end(), command), top.end()) << command << " in\n" << joined(top);
    EXPECT_NE(std::find(tree.flags.begin(), tree.flags.end(), "--version"), tree.flags.end());
    const auto logs = parseHelp("logs", helpText("logs"));
    EXPECT_EQ(logs.flags, (std::vector<std::string>{"--state-dir", "-f", "--follow", "-n", "--lines"}));
}

TEST(MmoctlDocsTest, DocumentsEverySubcommandAndFlagOfTheHelp) {
    const auto doc = readDoc();
    ASSERT_FALSE(doc.empty()) << kDoc;
    const auto missing = missingFromDoc(helpTree(), doc);
    EXPECT_TRUE(missing.empty()) << "docs/mmoctl.md misses what `mmoctl ... --help` shows:\n"
                                 << joined(missing);
}

// The check itself: a flag or a section taken out of the doc is reported.
TEST(MmoctlDocsTest, ReportsAFlagOrACommandTheDocLacks) {
    const auto tree = helpTree();
    auto doc = readDoc();
    for (auto at = doc.find("--deep"); at != std::string::npos; at = doc.find("--deep", at))
        doc.replace(at, 6, "--dxxp");
    auto missing = missingFromDoc(tree, doc);
    EXPECT_NE(std::find(missing.begin(), missing.end(), "verify-sync: --deep"), missing.end())
        << joined(missing);

    doc = readDoc();
    for (auto at = doc.find("`mmoctl bots`"); at != std::string::npos; at = doc.find("`mmoctl bots`", at))
        doc.replace(at, 13, "`mmoctl b0ts`");
    missing = missingFromDoc(tree, doc);
    EXPECT_NE(std::find(missing.begin(), missing.end(), "bots: no section headed `mmoctl bots`"),
              missing.end())
        << joined(missing);
}

}  // namespace
