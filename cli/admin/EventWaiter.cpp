#include "cli/admin/EventWaiter.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <thread>

#include "cli/admin/NodeApiClient.hpp"
#include "common/http/HttpClient.hpp"

namespace mmo::cli {

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kPollEvery = std::chrono::milliseconds(50);

std::optional<std::int64_t> integerField(const boost::json::object& data, const char* key) {
    const auto* value = data.if_contains(key);
    if (value && value->is_int64()) return value->get_int64();
    if (value && value->is_uint64()) return static_cast<std::int64_t>(value->get_uint64());
    return std::nullopt;
}

}  // namespace

std::optional<std::pair<std::int64_t, std::int64_t>> probeBlockOf(const std::string& type,
                                                                  const std::string& dataJson) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(dataJson, ec);
    if (ec || !value.is_object()) return std::nullopt;
    const auto& data = value.get_object();
    if (type == "BlockEvent") {
        const auto x = integerField(data, "x");
        const auto y = integerField(data, "y");
        if (x && y) return std::pair{*x, *y};
    } else if (type == "FillEvent") {
        const auto x1 = integerField(data, "x1"), x2 = integerField(data, "x2");
        const auto y1 = integerField(data, "y1"), y2 = integerField(data, "y2");
        if (x1 && x2 && y1 && y2) return std::pair{std::max(*x1, *x2), std::max(*y1, *y2)};
    }
    return std::nullopt;
}

std::vector<RegionApplied> waitForEvent(const std::vector<NodeTarget>& nodes, const std::string& origin,
                                        std::pair<std::int64_t, std::int64_t> block, std::uint64_t hlc,
                                        std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    std::vector<RegionApplied> results;
    std::vector<const NodeTarget*> waiting;
    for (const auto& node : nodes)
        if (node.region != origin) {
            results.push_back({node.region, std::nullopt});
            waiting.push_back(&node);
        }
    while (true) {
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (results[i].after) continue;
            try {
                const NodeApiClient client(waiting[i]->host, waiting[i]->restPort,
                                           std::chrono::milliseconds(1000));
                if (client.blockHlc(block.first, block.second) >= hlc)
                    results[i].after =
                        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
            } catch (const std::exception&) {
                // a region that does not answer yet simply has not applied it; the timeout decides
            }
        }
        const bool all = std::all_of(results.begin(), results.end(), [](const auto& r) { return r.after; });
        if (all || Clock::now() + kPollEvery >= deadline) return results;
        std::this_thread::sleep_for(kPollEvery);
    }
}

}  // namespace mmo::cli
