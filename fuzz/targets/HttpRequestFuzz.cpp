// Fuzzes the node's HTTP request path without sockets: raw bytes of one client connection go through
// Beast's parser with the node's limits (applyLimits), the node's own framing rejections
// (checkRequestFraming) and read-error answers (rejectionFor), then through the node's REST router with
// every real route (FuzzNode: in-memory world and sync, real auth), request after request while the
// connection is kept alive, the way HttpSession sequences them. The same bytes also go to the metrics
// port's router. Invariants:
//  - no handler fails unexpectedly: never a 500;
//  - every JSON answer parses (strictly: UTF-8 too) as an object, every error answer is the JSON
//    {"error":{"code","message"}} body; Content-Length matches the body;
//  - the answers do not depend on how TCP cut the bytes into reads (whole reads vs. random chunks), but
//    for a last 400 or 431 to a request cut off inside its header (see withoutRefusalAtEof).
#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "fuzz/support/Chunker.hpp"
#include "fuzz/support/FuzzCheck.hpp"
#include "fuzz/support/FuzzNode.hpp"
#include "fuzz/support/MemoryReadStream.hpp"
#include "node/http/RequestFraming.hpp"
#include "node/http/RequestParsing.hpp"
#include "node/http/Responses.hpp"

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

// HttpSession's answer to a request it could not read or refused before routing: then the close.
http::Response rejection(beasthttp::status status, std::string_view code, const std::string& message,
                         const http::RequestParser& parser) {
    auto response = http::errorResponse(status, code, message);
    http::finishResponse(response, parser.is_header_done() ? parser.get().version() : 11, false);
    return response;
}

// One connection, as HttpSession runs it: read a header, check its framing, read the body, route,
// answer; again while the request kept the connection alive; a 4xx and the close on a bad request.
std::vector<Answer> serveConnection(std::span<const std::uint8_t> bytes, const http::Router& router,
                                    FuzzNode& node, Chunker* chunks) {
    const http::HttpLimits limits;
    MemoryReadStream stream(bytes, chunks);
    boost::beast::flat_buffer buffer;
    std::vector<Answer> answers;
    auto record = [&](const http::Response& response, bool head) {
        checkResponse(response, head);
        if (tracing()) trace(std::to_string(response.result_int()) + " " + response.body());
        answers.push_back({response.result_int(), response.body()});
    };
    for (;;) {
        http::RequestParser parser;
        http::applyLimits(parser, limits);
        boost::beast::error_code error;
        beasthttp::read_header(stream, buffer, parser, error);
        if (!error) {
            if (const auto problem = http::checkRequestFraming(parser.get())) {
                record(rejection(beasthttp::status::bad_request, "bad_request", *problem, parser), false);
                break;
            }
            beasthttp::read(stream, buffer, parser, error);
        }
        if (error) {
            if (const auto refused = http::rejectionFor(error, limits))
                record(rejection(refused->status, refused->code, refused->message, parser), false);
            else if (tracing())
                trace("closed without an answer: " + error.message());
            break;
        }
        auto request = parser.release();
        const unsigned version = request.version();
        const bool keepAlive = request.keep_alive();
        const bool head = request.method() == beasthttp::verb::head;
        auto response = answer(router, node, std::move(request));
        http::finishResponse(response, version, keepAlive);
        if (head) response.body().clear();
        record(response, head);
        if (!keepAlive) break;
    }
    return answers;
}

// Beast 1.81 checks a request's syntax and its header limit as the bytes arrive: a malformed start line
// that arrives whole is refused at once, but once a read ended inside the header Beast waits for its end
// (find_eom) before parsing again; and the header limit is checked against what one read brought. So when
// the connection ends (EOF) inside a bad or oversized header, one cut of the bytes gets the 400 or 431 and
// another just the close. Both refuse the request; only that last answer may differ.
std::vector<Answer> withoutRefusalAtEof(std::vector<Answer> answers) {
    if (answers.empty()) return answers;
    const Answer& last = answers.back();
    if ((last.status == 400 && last.body.find("\"malformed HTTP request: ") != std::string::npos) ||
        last.status == 431)
        answers.pop_back();
    return answers;
}

}  // namespace
}  // namespace mmo::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace mmo::fuzz;
    const std::span<const std::uint8_t> input(data, size);
    std::vector<Answer> whole;
    {
        FuzzNode node;
        whole = serveConnection(input, node.rest(), node, nullptr);
    }
    {
        FuzzNode node;
        Chunker chunks(input, 64);
        MMO_FUZZ_CHECK(withoutRefusalAtEof(serveConnection(input, node.rest(), node, &chunks)) ==
                           withoutRefusalAtEof(whole),
                       "the answers do not depend on how the bytes were cut into reads");
    }
    {
        FuzzNode node;
        Chunker chunks(input, 512);
        serveConnection(input, node.metrics(), node, &chunks);
    }
    return 0;
}
