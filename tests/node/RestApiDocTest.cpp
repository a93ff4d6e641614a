// docs/rest-api.md is the contract (issue 17): every `curl` example of it followed by a JSON answer is run,
// in the doc's order, against real mmo-node processes (8088 is eu-west-1, 8089 us-east-1, 8090 ap-south-1),
// and the real answer must have exactly the documented shape: the same fields in the same order, of the
// same JSON kinds, recursively.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/node/NodeTestSupport.hpp"
#include "tests/node/RestApiFixture.hpp"

namespace mmo::test {
namespace {

struct Example {
    std::string method;  // GET or POST
    std::uint16_t docPort = 0;
    std::string target;  // path and query
    std::string body;    // POST body
    bool admin = false;  // sends Authorization: Bearer $TOKEN
    std::string answer;  // the JSON block after the command
    int line = 0;        // of the JSON block in rest-api.md
};

std::string readDoc() {
    std::ifstream in(std::string(MMO_SOURCE_DIR) + "/docs/rest-api.md");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The last curl command of a bash block (to the block's end: a quoted body may span lines), its
// continuation lines joined.
Example parseCurl(const std::string& bash) {
    const std::string joined = std::regex_replace(bash, std::regex(R"(\\\n\s*)"), " ");
    const auto at = joined.rfind("curl ");
    const std::string command = at == std::string::npos ? std::string() : joined.substr(at);
    Example example;
    example.method = command.find("-X POST") != std::string::npos ? "POST" : "GET";
    std::smatch url;
    if (std::regex_search(command, url, std::regex(R"(http://localhost:(\d+)(/[^'"\s]*))"))) {
        example.docPort = static_cast<std::uint16_t>(std::stoi(url[1]));
        example.target = url[2];
    }
    std::smatch body;
    if (std::regex_search(command, body, std::regex(R"(-d '([^']*)')"))) example.body = body[1];
    example.admin = command.find("Bearer $TOKEN") != std::string::npos;
    return example;
}

// Every ```bash block with a curl command that is followed by a ```json block.
std::vector<Example> examples(const std::string& doc) {
    std::vector<Example> found;
    std::istringstream in(doc);
    std::string line;
    int number = 0;
    std::string bash;
    bool afterBash = false;
    while (std::getline(in, line)) {
        ++number;
        if (line == "```bash") {
            bash.clear();
            while (std::getline(in, line) && line != "```") {
                ++number;
                bash += line + "\n";
            }
            ++number;
            afterBash = bash.find("curl ") != std::string::npos;
            continue;
        }
        if (line == "```json" && afterBash) {
            auto example = parseCurl(bash);
            example.line = number;
            while (std::getline(in, line) && line != "```") {
                ++number;
                example.answer += line + "\n";
            }
            ++number;
            found.push_back(std::move(example));
        }
        afterBash = false;
    }
    return found;
}

bool regionKeyed(const boost::json::object& object) {
    static const std::regex region("[a-z]+-[a-z]+-[0-9]+");
    if (object.empty()) return false;
    for (const auto& [key, value] : object)
        if (!std::regex_match(std::string(key), region)) return false;
    return true;
}

// The differences between the documented value's shape and the real one ("" when they agree). null on
// either side matches anything (a nullable field); a map keyed by region ids compares each real entry with
// the documented entries' first; an array compares each real element with the documented first.
std::string shapeDifference(const boost::json::value& doc, const boost::json::value& real,
                            const std::string& path) {
    if (doc.is_null() || real.is_null()) return {};
    if (doc.is_number() && real.is_number()) return {};
    if (doc.kind() != real.kind())
        return path + ": documented " + boost::json::serialize(doc) + ", real " +
               boost::json::serialize(real) + "\n";
    std::string out;
    if (doc.is_array()) {
        if (doc.get_array().empty()) return {};
        for (std::size_t i = 0; i < real.get_array().size(); ++i)
            out += shapeDifference(doc.get_array()[0], real.get_array()[i],
                                   path + "[" + std::to_string(i) + "]");
        return out;
    }
    if (!doc.is_object()) return {};
    const auto& documented = doc.get_object();
    const auto& actual = real.get_object();
    if (regionKeyed(documented)) {
        if (!actual.empty() && !regionKeyed(actual))
            return path + ": documented a map of regions, real " + boost::json::serialize(real) + "\n";
        for (const auto& [key, value] : actual)
            out += shapeDifference(documented.begin()->value(), value, path + "." + std::string(key));
        return out;
    }
    std::string documentedKeys;
    std::string actualKeys;
    for (const auto& [key, value] : documented) documentedKeys += std::string(key) + " ";
    for (const auto& [key, value] : actual) actualKeys += std::string(key) + " ";
    if (documentedKeys != actualKeys)
        return path + ": documented fields { " + documentedKeys + "}, real { " + actualKeys + "}\n";
    for (const auto& [key, value] : documented)
        out += shapeDifference(value, actual.at(key), path + "." + std::string(key));
    return out;
}

TEST_F(RestApiTest, EveryCurlExampleOfRestApiMdAnswersTheDocumentedShape) {
    const auto found = examples(readDoc());
    ASSERT_GE(found.size(), 10u) << "rest-api.md examples not found under " << MMO_SOURCE_DIR;
    std::map<std::uint16_t, NodeProcess*> nodes{
        {8088, &startNode("eu-west-1")}, {8089, &startNode("us-east-1")}, {8090, &startNode("ap-south-1")}};
    // The world the examples show: wood in chunk (-1, 1) of us-east-1.
    ASSERT_EQ(sendEvent(*nodes[8089], login(*nodes[8089]),
                        R"({"event_type":"FillEvent","data":{"x1":-3,"y1":50,"x2":-2,"y2":51,)"
                        R"("block_type":"wood"}})",
                        "?wait=published")
                  .status,
              202);
    std::map<std::uint16_t, std::string> tokens;
    std::set<std::string> routes;
    for (const auto& example : found) {
        SCOPED_TRACE("rest-api.md line " + std::to_string(example.line) + ": " + example.method + " " +
                     example.target);
        ASSERT_TRUE(nodes.count(example.docPort) == 1) << "no node for port " << example.docPort;
        const auto& node = *nodes[example.docPort];
        if (example.admin && tokens[example.docPort].empty()) tokens[example.docPort] = login(node);
        HttpHeaders headers;
        if (example.admin) headers["Authorization"] = "Bearer " + tokens[example.docPort];
        // A block read from another region waits until the write of the example before it arrived.
        HttpResult result;
        ASSERT_TRUE(waitUntil(
            [&] {
                result = example.method == "POST"
                             ? httpPost(node.ports().rest, example.target, example.body, headers)
                             : httpGet(node.ports().rest, example.target);
                return example.target.rfind("/api/world/block", 0) != 0 ||
                       result.body.find("\"air\"") == std::string::npos;
            },
            20s))
            << result.raw;
        EXPECT_TRUE(result.status == 200 || result.status == 202) << result.raw;
        boost::system::error_code error;
        const auto documented = boost::json::parse(example.answer, error);
        ASSERT_FALSE(error) << "the documented answer is not JSON: " << example.answer;
        EXPECT_EQ(shapeDifference(documented, json(result), "answer"), "") << result.body;
        routes.insert(example.method + " " + example.target.substr(0, example.target.find('?')));
    }
    // Every route of the doc's table with an answer body has its example.
    for (const auto* route : {"POST /api/auth/login", "POST /api/admin/events/send", "GET /api/world/block",
                              "GET /api/world/digest", "GET /api/world/chunks", "GET /api/world/chunk",
                              "POST /api/admin/world/merge", "POST /api/admin/world/complete",
                              "GET /api/sync/status", "GET /api/status"})
        EXPECT_EQ(routes.count(route), 1u) << route << " has no example in rest-api.md";
}

// rest-api.md on a node that never reached NATS: /api/sync/status says "connected": false, "server": "",
// "caught_up": false, and /api/status carries the same "nats" and players_online 0 (issue 17 item 14).
TEST_F(RestApiTest, StatusBeforeTheFirstNatsConnection) {
    auto env = nodeEnvironment();  // eventbus.url on a closed port
    env.set("GAME_STORAGE_DATA_DIR", (dir_.path() / "no-nats").string());
    NodeProcess node(nodeBinary(), {}, env, dir_.path(), "no-nats");
    ASSERT_TRUE(node.waitReady()) << node.log();
    const auto sync = json(httpGet(node.ports().rest, "/api/sync/status"));
    EXPECT_EQ(boost::json::serialize(sync.at("nats")), R"({"connected":false,"server":""})");
    EXPECT_FALSE(sync.at("caught_up").as_bool());
    const auto status = json(httpGet(node.ports().rest, "/api/status"));
    EXPECT_EQ(status.at("nats"), sync.at("nats"));
    EXPECT_EQ(status.at("players_online").to_number<int>(), 0);
}

}  // namespace
}  // namespace mmo::test
