#pragma once

#include <yaml-cpp/node/node.h>

#include <string>
#include <vector>

// Parsing the config file's YAML text into documents.
namespace mmo::config::detail {

// YAML::LoadAll(text), minus a yaml-cpp 0.7 bug (the Debian 12 version): on some malformed input (a ","
// where a document should start, e.g. a file holding just ",") LoadAll never returns, adding an empty
// document per round until memory runs out (jbeder/yaml-cpp#1040; fixed upstream by #1319, in no Debian 12
// package). A first pass with an event handler that builds nothing finds where the parser stops consuming
// input and throws a YAML::ParserException there, like any syntax error. Otherwise throws what LoadAll
// throws.
std::vector<YAML::Node> loadAllDocuments(const std::string& text);

}  // namespace mmo::config::detail
