#include "common/config/YamlDocuments.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/node/parse.h>
#include <yaml-cpp/parser.h>

#include <optional>
#include <sstream>

namespace mmo::config::detail {

namespace {

// Remembers where each document starts; builds nothing.
class DocumentStarts : public YAML::EventHandler {
  public:
    void OnDocumentStart(const YAML::Mark& mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    YAML::Mark start;
};

// Throws a ParserException where the parser reports a document without consuming anything: it would
// report that same empty document forever.
void requireProgress(const std::string& text) {
    std::istringstream input(text);
    YAML::Parser parser(input);
    DocumentStarts handler;
    std::optional<int> previous;
    while (parser.HandleNextDocument(handler)) {
        if (previous == handler.start.pos) {
            const auto at = static_cast<std::size_t>(handler.start.pos);
            const std::string what = at < text.size() ? "`" + std::string(1, text[at]) + "`" : "token";
            throw YAML::ParserException(handler.start,
                                        "unexpected " + what + " where a document should start");
        }
        previous = handler.start.pos;
    }
}

}  // namespace

std::vector<YAML::Node> loadAllDocuments(const std::string& text) {
    requireProgress(text);  // throws the same ParserException as LoadAll for any other syntax error
    return YAML::LoadAll(text);
}

}  // namespace mmo::config::detail
