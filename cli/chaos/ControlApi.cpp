#include "cli/chaos/ControlApi.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cctype>
#include <stdexcept>

#include "cli/chaos/ControlToken.hpp"
#include "cli/chaos/RateText.hpp"
#include "common/http/HttpError.hpp"
#include "common/http/Responses.hpp"
#include "common/regions/RegionId.hpp"

namespace mmo::cli::chaos {

namespace json = boost::json;
namespace beasthttp = boost::beast::http;

namespace {

constexpr std::int64_t kMaxDelayMs = 60'000;
constexpr std::int64_t kMaxPartitionMs = 7LL * 24 * 3600 * 1000;

std::string isoTime(std::chrono::system_clock::time_point when) {
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count() % 1000;
    return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(when)),
                       millis);
}

json::object linkJson(const LinkView& view) {
    auto& link = *view.state;
    const auto& shape = link.shape();
    json::array upstreams;
    for (const auto& u : view.upstreams) upstreams.emplace_back(u);
    json::value partition = nullptr;
    if (link.partitionMode() != PartitionMode::None) {
        json::object p{{"mode", partitionModeName(link.partitionMode())},
                       {"heals_at", nullptr},
                       {"heals_in_ms", nullptr}};
        if (const auto at = link.healsAt()) {
            p["heals_at"] = isoTime(*at);
            p["heals_in_ms"] = std::max<std::int64_t>(
                0,
                std::chrono::duration_cast<std::chrono::milliseconds>(*at - std::chrono::system_clock::now())
                    .count());
        }
        partition = std::move(p);
    }
    return {{"region", link.region()},
            {"listen", view.listen},
            {"upstream", std::move(upstreams)},
            {"latency_ms", shape.latency.count()},
            {"jitter_ms", shape.jitter.count()},
            {"rate_bits_per_second", shape.rateBitsPerSecond},
            {"rate", formatRate(shape.rateBitsPerSecond)},
            {"partition", std::move(partition)},
            {"connections", link.openConnections()},
            {"connections_accepted", link.acceptedConnections()},
            {"connections_refused", link.refusedConnections()},
            {"bytes_up", link.forwarded(Direction::Up)},
            {"bytes_down", link.forwarded(Direction::Down)},
            {"queued_up", link.queued(Direction::Up)},
            {"queued_down", link.queued(Direction::Down)}};
}

json::object parseBody(const http::Request& request) {
    if (request.body().empty()) return {};
    boost::system::error_code error;
    auto body = json::parse(request.body(), error);
    if (error || !body.is_object())
        throw http::HttpError{beasthttp::status::bad_request, "bad_request", "the body is not a JSON object"};
    return std::move(body.as_object());
}

// body[key] as a whole number in [0, max]; nullopt when absent.
std::optional<std::int64_t> number(const json::object& body, const char* key, std::int64_t max) {
    const auto* value = body.if_contains(key);
    if (!value || value->is_null()) return std::nullopt;
    if (!value->is_int64() && !value->is_uint64())
        throw http::HttpError{beasthttp::status::bad_request, "bad_request",
                              std::string(key) + " is not a whole number"};
    const auto n = value->to_number<std::int64_t>();
    if (n < 0 || n > max)
        throw http::HttpError{beasthttp::status::bad_request, "bad_request",
                              std::string(key) + " must be from 0 to " + std::to_string(max)};
    return n;
}

std::optional<std::string> text(const json::object& body, const char* key) {
    const auto* value = body.if_contains(key);
    if (!value || value->is_null()) return std::nullopt;
    if (!value->is_string())
        throw http::HttpError{beasthttp::status::bad_request, "bad_request",
                              std::string(key) + " is not a string"};
    return std::string(value->get_string());
}

class Api {
  public:
    explicit Api(std::vector<LinkView> links) : links_(std::move(links)) {}

    json::object status() const {
        json::array links;
        for (const auto& view : links_) links.push_back(linkJson(view));
        return {{"links", std::move(links)}};
    }

    json::object set(const json::object& body) {
        auto& view = find(required(body));
        auto shape = view.state->shape();
        if (const auto v = number(body, "latency_ms", kMaxDelayMs))
            shape.latency = std::chrono::milliseconds(*v);
        if (const auto v = number(body, "jitter_ms", kMaxDelayMs))
            shape.jitter = std::chrono::milliseconds(*v);
        if (const auto v = number(body, "rate_bits_per_second", 1'000'000'000'000LL))
            shape.rateBitsPerSecond = static_cast<std::uint64_t>(*v);
        view.state->setShape(shape);
        return linkJson(view);
    }

    json::object partition(const json::object& body) {
        auto& view = find(required(body));
        const auto modeName = text(body, "mode").value_or("blackhole");
        PartitionMode mode = PartitionMode::Blackhole;
        if (modeName == "reset")
            mode = PartitionMode::Reset;
        else if (modeName != "blackhole")
            throw http::HttpError{beasthttp::status::bad_request, "bad_request",
                                  "mode must be blackhole or reset, got \"" + modeName + "\""};
        std::optional<std::chrono::milliseconds> duration;
        if (const auto v = number(body, "for_ms", kMaxPartitionMs)) duration = std::chrono::milliseconds(*v);
        view.state->partition(mode, duration);
        return linkJson(view);
    }

    json::object heal(const json::object& body) {
        if (const auto region = text(body, "region"))
            find(*region).state->heal();
        else
            for (auto& view : links_) view.state->heal();
        return status();
    }

  private:
    std::string required(const json::object& body) const {
        if (auto region = text(body, "region")) return *region;
        throw http::HttpError{beasthttp::status::bad_request, "bad_request", "region is missing"};
    }

    LinkView& find(const std::string& name) {
        const auto id = regions::expandAlias(name);
        for (auto& view : links_)
            if (view.state->region() == id) return view;
        std::string known;
        for (const auto& view : links_) known += (known.empty() ? "" : ", ") + view.state->region();
        throw http::HttpError{beasthttp::status::not_found, "unknown_region",
                              "no link for region \"" + name + "\"; the links are: " + known};
    }

    std::vector<LinkView> links_;
};

// True when the request's Content-Type is application/json (parameters such as charset allowed).
bool jsonContentType(const http::Request& request) {
    std::string type(request[beasthttp::field::content_type]);
    type = type.substr(0, type.find(';'));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type == "application/json";
}

// Wraps a handler: loopback only, then (unless open) the bearer token, then for a POST a JSON content
// type; the router answers an HttpError it throws with its status.
template <typename F>
http::Router::Handler guarded(F handler, std::shared_ptr<const std::string> token, bool open = false) {
    return [handler, token, open](const http::Request& request, const http::RequestContext& context) {
        if (!context.remoteIsLoopback())
            return http::errorResponse(beasthttp::status::forbidden, "forbidden",
                                       "the chaos control API answers loopback clients only");
        if (!open) {
            const std::string_view authorization = request[beasthttp::field::authorization];
            constexpr std::string_view kBearer = "Bearer ";
            if (authorization.substr(0, kBearer.size()) != kBearer ||
                !sameToken(authorization.substr(kBearer.size()), *token))
                return http::errorResponse(
                    beasthttp::status::unauthorized, "unauthorized",
                    "send the proxy's control token as Authorization: Bearer <token> (mmoctl chaos commands "
                    "read it from <state>/chaos.token, or --token-file)");
            if (request.method() == beasthttp::verb::post && !jsonContentType(request))
                return http::errorResponse(beasthttp::status::unsupported_media_type,
                                           "unsupported_media_type",
                                           "the body must be sent as Content-Type: application/json");
        }
        return http::jsonResponse(beasthttp::status::ok, handler(request));
    };
}

}  // namespace

void addControlRoutes(http::Router& router, std::vector<LinkView> links, std::string token) {
    if (token.empty()) throw std::invalid_argument("the chaos control API needs a token");
    auto api = std::make_shared<Api>(std::move(links));
    const auto secret = std::make_shared<const std::string>(std::move(token));
    router.add(beasthttp::verb::get, "/healthz",
               guarded(
                   [](const http::Request&) {
                       return json::object{{"status", "ok"}};
                   },
                   secret, true));
    router.add(beasthttp::verb::get, "/api/links",
               guarded([api](const http::Request&) { return api->status(); }, secret));
    router.add(beasthttp::verb::post, "/api/links/set",
               guarded([api](const http::Request& r) { return api->set(parseBody(r)); }, secret));
    router.add(beasthttp::verb::post, "/api/links/partition",
               guarded([api](const http::Request& r) { return api->partition(parseBody(r)); }, secret));
    router.add(beasthttp::verb::post, "/api/links/heal",
               guarded([api](const http::Request& r) { return api->heal(parseBody(r)); }, secret));
}

}  // namespace mmo::cli::chaos
