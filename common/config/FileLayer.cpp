#include "common/config/FileLayer.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "common/config/ConfigFileReader.hpp"
#include "common/config/DidYouMean.hpp"
#include "common/config/NestingScan.hpp"
#include "common/config/ValueText.hpp"
#include "common/config/YamlDocuments.hpp"

namespace mmo::config::detail {

namespace {
std::string sectionList() {
    std::string list;
    for (const auto& section : configSections()) list += (list.empty() ? "" : ", ") + section;
    return list;
}

std::string describeNode(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a sequence";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Null:
            return "an empty value";
        case YAML::NodeType::Scalar:
            return "the scalar " + describeValue(node.Scalar());
        default:
            return "nothing";
    }
}

// Walks one file: every location it reports is "path:line:column" of the node at fault.
class FileWalker {
  public:
    FileWalker(std::string path, LoadState& state) : path_(std::move(path)), state_(state) {}

    void walkDocument(const YAML::Node& root) {
        if (root.Type() != YAML::NodeType::Map) {
            state_.addProblem(
                {at(root.Mark()), "",
                 "expected a mapping with sections " + sectionList() + ", got " + describeNode(root),
                 "write `section:` lines with `key: value` entries indented below them"});
            return;
        }
        std::map<std::string, YAML::Mark> seen;
        for (const auto& entry : root) {
            const YAML::Node& name = entry.first;
            if (!name.IsScalar()) {
                state_.addProblem(
                    {at(name.Mark()), "", "expected a section name, got " + describeNode(name), ""});
                continue;
            }
            if (!firstTime(seen, name.Scalar(), name.Mark(), name.Scalar())) continue;
            walkSection(name, entry.second);
        }
    }

  private:
    void walkSection(const YAML::Node& name, const YAML::Node& body) {
        const std::string& section = name.Scalar();
        const auto& sections = configSections();
        if (std::find(sections.begin(), sections.end(), section) == sections.end()) {
            const auto guess = closestMatch(section, sections);
            state_.addProblem(
                {at(name.Mark()), "", "unknown section " + describeValue(section),
                 guess ? "did you mean `" + *guess + "`?" : "known sections are " + sectionList()});
            return;
        }
        if (body.IsNull()) return;  // "server:" with nothing under it keeps every default
        if (!body.IsMap()) {
            state_.addProblem({at(body.Mark()), section,
                               "expected a mapping of keys, got " + describeNode(body),
                               "indent `key: value` lines below `" + section + ":`"});
            return;
        }
        std::map<std::string, YAML::Mark> seen;
        for (const auto& entry : body) {
            const YAML::Node& key = entry.first;
            if (!key.IsScalar()) {
                state_.addProblem(
                    {at(key.Mark()), section, "expected a key name, got " + describeNode(key), ""});
                continue;
            }
            if (!firstTime(seen, key.Scalar(), key.Mark(), section + "." + key.Scalar())) continue;
            walkKey(section, key, entry.second);
        }
    }

    void walkKey(const std::string& section, const YAML::Node& keyNode, const YAML::Node& value) {
        const std::string& name = keyNode.Scalar();
        const KeyDescriptor* key = findConfigKey(section, name);
        if (key == nullptr) {
            unknownKey(section, keyNode);
            return;
        }
        // A null value ("key:") is marked where the next token starts; point at the key instead.
        const YAML::Mark mark = value.IsNull() || value.Mark().is_null() ? keyNode.Mark() : value.Mark();
        if (value.IsSequence() || value.IsMap()) {
            state_.addProblem({at(mark), key->fullKey(),
                               "expected " + key->expected + ", got " + describeNode(value),
                               "give a single value"});
            return;
        }
        const std::string raw = value.IsScalar() ? value.Scalar() : std::string();
        state_.apply(*key, raw, ValueSource{SourceKind::File, path_ + ":" + std::to_string(mark.line + 1)},
                     at(mark));
    }

    void unknownKey(const std::string& section, const YAML::Node& keyNode) {
        const std::string& name = keyNode.Scalar();
        std::vector<std::string> sameSection;
        std::string elsewhere;
        for (const auto& key : configSchema()) {
            if (key.section == section)
                sameSection.push_back(key.name);
            else if (key.name == name)
                elsewhere = key.fullKey();
        }
        std::string hint;
        if (const auto guess = closestMatch(name, sameSection))
            hint = "did you mean `" + *guess + "`?";
        else if (!elsewhere.empty())
            hint = "did you mean `" + elsewhere + "`? (it is in another section)";
        else {
            hint = "keys of " + section + " are";
            for (std::size_t i = 0; i < sameSection.size(); ++i) hint += (i ? ", " : " ") + sameSection[i];
        }
        state_.addProblem({at(keyNode.Mark()), section + "." + name, "unknown key", hint});
    }

    bool firstTime(std::map<std::string, YAML::Mark>& seen, const std::string& name, const YAML::Mark& mark,
                   const std::string& what) {
        const auto [it, inserted] = seen.emplace(name, mark);
        if (!inserted)
            state_.addProblem({at(mark), what,
                               "given twice (first at line " + std::to_string(it->second.line + 1) + ")",
                               "keep one of them"});
        return inserted;
    }

    std::string at(const YAML::Mark& mark) const {
        if (mark.is_null()) return path_;
        return path_ + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
    }

    std::string path_;
    LoadState& state_;
};

std::string positionOf(const std::string& path, int line, int column) {
    return path + ":" + std::to_string(line) + ":" + std::to_string(column);
}
}  // namespace

void applyConfigFile(const std::filesystem::path& path, const std::string& pathOrigin, LoadState& state) {
    const auto file = readConfigFile(path, pathOrigin);
    if (file.problem) {
        state.addProblem(*file.problem);
        return;
    }
    applyConfigText(path.string(), *file.text, state);
}

void applyConfigText(const std::string& name, std::string_view text, LoadState& state) {
    if (text.size() > kMaxConfigFileBytes) {
        state.addProblem({name, "",
                          "config file is too large: over " + std::to_string(kMaxConfigFileBytes) + " bytes",
                          "a node config is a few hundred bytes; check that this is the right file"});
        return;
    }
    if (const auto deep = findExcessiveNesting(text)) {
        state.addProblem({positionOf(name, deep->line, deep->column), "",
                          "document nests deeper than " + std::to_string(kMaxNestingDepth) + " levels",
                          "a node config has sections with plain key: value entries"});
        return;
    }
    std::vector<YAML::Node> documents;
    try {
        documents = loadAllDocuments(std::string(text));
    } catch (const YAML::DeepRecursion& e) {
        state.addProblem({positionOf(name, e.mark.line + 1, e.mark.column + 1), "",
                          "document nests too deeply (" + std::to_string(e.depth()) + " levels)",
                          "a node config has sections with plain key: value entries"});
        return;
    } catch (const YAML::ParserException& e) {
        state.addProblem({positionOf(name, e.mark.line + 1, e.mark.column + 1), "", "invalid YAML: " + e.msg,
                          "fix the YAML syntax at this line and column"});
        return;
    }
    if (documents.size() > 1) {
        state.addProblem({name, "", "expected one YAML document, got " + std::to_string(documents.size()),
                          "remove the extra `---` documents"});
        return;
    }
    if (documents.empty() || documents.front().IsNull()) {
        state.addProblem({name, "", "file is empty; expected a mapping with sections " + sectionList(),
                          "see configs/ or docs/configuration.md for an example"});
        return;
    }
    FileWalker(name, state).walkDocument(documents.front());
}

}  // namespace mmo::config::detail
