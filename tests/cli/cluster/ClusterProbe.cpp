#include "tests/cli/cluster/ClusterProbe.hpp"

#include <boost/json.hpp>
#include <chrono>

#include "tests/support/HttpClient.hpp"
#include "tests/support/RegionNode.hpp"

namespace mmo::test {

namespace json = boost::json;

namespace {

json::value parsed(const std::string& body) {
    boost::system::error_code ec;
    auto value = json::parse(body, ec);
    return ec ? json::value(nullptr) : value;
}

}  // namespace

bool natsClusterReady(std::uint16_t monitorPort) {
    const auto jsz = parsed(httpGet(monitorPort, "/jsz").body);
    const auto* meta = jsz.is_object() ? jsz.get_object().if_contains("meta_cluster") : nullptr;
    const auto* leader = meta && meta->is_object() ? meta->get_object().if_contains("leader") : nullptr;
    if (!leader || !leader->is_string() || leader->get_string().empty()) return false;
    return httpGet(monitorPort, "/healthz").status == 200;
}

std::string streamClusterOn(std::uint16_t monitorPort, const std::string& stream) {
    const auto jsz = parsed(httpGet(monitorPort, "/jsz?streams=true").body);
    if (!jsz.is_object()) return {};
    const auto* accounts = jsz.get_object().if_contains("account_details");
    if (!accounts || !accounts->is_array()) return {};
    for (const auto& account : accounts->get_array()) {
        const auto* streams = account.get_object().if_contains("stream_detail");
        if (!streams || !streams->is_array()) continue;
        for (const auto& s : streams->get_array()) {
            const auto& o = s.get_object();
            if (o.at("name").as_string() != stream) continue;
            const auto* cluster = o.if_contains("cluster");
            if (cluster && cluster->is_object())
                if (const auto* name = cluster->get_object().if_contains("name"); name && name->is_string())
                    return std::string(name->get_string());
        }
    }
    return {};
}

std::string worldDigest(std::uint16_t restPort) {
    const auto body = parsed(httpGet(restPort, "/api/world/digest").body);
    const auto* digest = body.is_object() ? body.get_object().if_contains("digest") : nullptr;
    return digest && digest->is_string() ? std::string(digest->get_string()) : std::string();
}

std::string blockTypeAt(std::uint16_t restPort, int x, int y) {
    const auto body =
        parsed(httpGet(restPort, "/api/world/block?x=" + std::to_string(x) + "&y=" + std::to_string(y)).body);
    const auto* type = body.is_object() ? body.get_object().if_contains("block_type") : nullptr;
    return type && type->is_string() ? std::string(type->get_string()) : std::string();
}

bool hasAllBlocks(std::uint16_t restPort, const std::vector<AckedChange>& blocks) {
    for (const auto& b : blocks)
        if (blockTypeAt(restPort, b.x, b.y) != b.type) return false;
    return true;
}

}  // namespace mmo::test
