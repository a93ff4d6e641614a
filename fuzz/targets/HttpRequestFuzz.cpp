// Fuzzes the node's HTTP request path without sockets: raw bytes of one client connection go through the
// node's RequestReader (header framing, limits, Beast's parser, framing rejections), then through the
// node's REST router with every real route (FuzzNode: in-memory world and sync, real auth), request after
// request while the connection is kept alive, the way HttpSession sequences them; once with the node's
// default limits and once with small limits picked from the input. The same bytes also go to the metrics
// port's router. Invariants:
//  - no handler fails unexpectedly: never a 500;
//  - every JSON answer parses (strictly: UTF-8 too) as an object, every error answer is the JSON
//    {"error":{"code","message"}} body; Content-Length matches the body;
//  - the answers do not depend on how TCP cut the bytes into reads (whole reads vs. random chunks), with
//    no exception: a request cut off by the end of the stream too;
//  - a connection's read buffer never holds more than RequestReader::bufferBound.
#include <atomic>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "common/http/RequestReader.hpp"
#include "common/http/Responses.hpp"
#include "fuzz/support/Chunker.hpp"
#include "fuzz/support/FuzzCheck.hpp"
#include "fuzz/support/FuzzNode.hpp"

namespace mmo::fuzz {
namespace {

namespace beasthttp = boost::beast::http;

struct Answer {
    unsigned status;
    std::string body;
    friend bool operator==(const Answer&, const Answer&) = default;
};

// Routes one request and waits for its answer (login answers from the worker pool).
http::Response answer(const http::Router& router, FuzzNode& node, http::Request&& request) {
    auto promise = std::make_shared<std::promise<http::Response>>();
    auto calls = std::make_shared<std::atomic<int>>(0);
    auto future = promise->get_future();
    http::RequestContext context;
    context.remote = boost::asio::ip::make_address("127.0.0.1");
    router.dispatch(std::move(request), context, [promise, calls](http::Response response) {
        MMO_FUZZ_CHECK(calls->fetch_add(1) == 0, "a request is answered exactly once");
        promise->set_value(std::move(response));
    });
    MMO_FUZZ_CHECK(future.wait_for(std::chrono::seconds(20)) == std::future_status::ready,
                   "every request is answered");
    node.poll();
    return future.get();
}

void checkResponse(const http::Response& response, bool head) {
    MMO_FUZZ_CHECK(response.result_int() != 500, "no request makes a handler fail (500)");
    if (head) return;
    MMO_FUZZ_CHECK(response[beasthttp::field::content_length] == std::to_string(response.body().size()),
                   "Content-Length is the body's size");
    const bool json = response[beasthttp::field::content_type] == "application/json";
    MMO_FUZZ_CHECK(json || response.result_int() < 400, "an error answer is JSON");
    if (!json) return;
    boost::system::error_code error;
    const auto body = boost::json::parse(response.body(), error);  // strict: UTF-8 is checked too
    MMO_FUZZ_CHECK(!error && body.is_object(), "a JSON answer is a valid JSON object");
    if (response.result_int() < 400) return;
    const auto* inner = body.as_object().if_contains("error");
    MMO_FUZZ_CHECK(inner != nullptr && inner->is_object(), "an error answer has an \"error\" object");
    const auto* code = inner->as_object().if_contains("code");
    const auto* message = inner->as_object().if_contains("message");
    MMO_FUZZ_CHECK(code != nullptr && code->is_string() && message != nullptr && message->is_string(),
                   "the error object has string code and message");
}

// HttpSession's answer to a request it refused before routing: then the close.
http::Response rejection(const http::ReadRejection& refused) {
    auto response = http::errorResponse(refused.status, refused.code, refused.message);
    http::finishResponse(response, refused.version, false);
    return response;
}

// One connection, as HttpSession runs it: the bytes go to a RequestReader in the read sizes `chunks`
// picks (or as much as it takes without one), every request it yields is routed and answered, until it
// refuses one (4xx, then the close), the stream ends, or a request does not keep the connection alive.
std::vector<Answer> serveConnection(std::span<const std::uint8_t> bytes, const http::Router& router,
                                    FuzzNode& node, const http::HttpLimits& limits, Chunker* chunks) {
    http::RequestReader reader(limits);
    std::size_t at = 0;
    bool ended = false;
    std::vector<Answer> answers;
    auto record = [&](const http::Response& response, bool head) {
        checkResponse(response, head);
        if (tracing()) trace(std::to_string(response.result_int()) + " " + response.body());
        answers.push_back({response.result_int(), response.body()});
    };
    for (;;) {
        MMO_FUZZ_CHECK(reader.bufferedBytes() <= http::RequestReader::bufferBound(limits),
                       "a connection's read buffer stays within its bound");
        auto step = reader.next();
        if (std::holds_alternative<http::RequestReader::NeedMore>(step)) {
            MMO_FUZZ_CHECK(!ended, "after the end of the stream the reader never waits for more");
            if (at == bytes.size()) {
                ended = true;
                reader.endOfStream();
                continue;
            }
            const auto room = reader.prepareRead();
            MMO_FUZZ_CHECK(room.size() > 0, "the reader always has room for the next read");
            std::size_t n = std::min(room.size(), bytes.size() - at);
            if (chunks != nullptr) n = chunks->next(n);
            std::memcpy(room.data(), bytes.data() + at, n);
            at += n;
            reader.commitRead(n);
        } else if (auto* request = std::get_if<http::Request>(&step)) {
            const unsigned version = request->version();
            const bool keepAlive = request->keep_alive();
            const bool head = request->method() == beasthttp::verb::head;
            auto response = answer(router, node, std::move(*request));
            http::finishResponse(response, version, keepAlive);
            if (head) response.body().clear();
            record(response, head);
            if (!keepAlive) break;
        } else if (const auto* refused = std::get_if<http::ReadRejection>(&step)) {
            record(rejection(*refused), false);
            break;
        } else {
            if (tracing()) trace("closed without an answer: the stream ended between requests");
            break;
        }
    }
    return answers;
}

// Small limits picked from the input, so that inputs of a few hundred bytes reach every limit.
http::HttpLimits smallLimits(std::span<const std::uint8_t> input) {
    Chunker random(input, 1);
    http::HttpLimits limits;
    limits.headerLimit = 16 + random.nextRandom() % 512;
    limits.bodyLimit = random.nextRandom() % 256;
    return limits;
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mmo::fuzz;
    const std::span<const std::uint8_t> input(data, size);
    const mmo::http::HttpLimits limits;  // the node's defaults
    for (const auto& connectionLimits : {limits, smallLimits(input)}) {
        std::vector<Answer> whole;
        {
            FuzzNode node;  // a fresh node for each pass: logins, writes and throttles change its state
            whole = serveConnection(input, node.rest(), node, connectionLimits, nullptr);
        }
        FuzzNode node;
        Chunker chunks(input, 64);
        MMO_FUZZ_CHECK(serveConnection(input, node.rest(), node, connectionLimits, &chunks) == whole,
                       "the answers do not depend on how the bytes were cut into reads");
    }
    {
        FuzzNode node;
        Chunker chunks(input, 512);
        serveConnection(input, node.metrics(), node, limits, &chunks);
    }
    return 0;
}
