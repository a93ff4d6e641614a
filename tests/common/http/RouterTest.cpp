#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include <stdexcept>

#include "common/http/HttpError.hpp"
#include "common/http/Responses.hpp"
#include "common/http/Router.hpp"

namespace mmo::http {
namespace {

namespace beasthttp = boost::beast::http;

std::shared_ptr<spdlog::logger> quietLogger() {
    return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

Response route(const Router& router, beasthttp::verb method, const std::string& target) {
    Request request{method, target, 11};
    Response out;
    int calls = 0;
    router.dispatch(std::move(request), RequestContext{}, [&](Response response) {
        out = std::move(response);
        ++calls;
    });
    EXPECT_EQ(calls, 1);
    return out;
}

Router sampleRouter() {
    Router router(quietLogger());
    router.add(beasthttp::verb::get, "/healthz", [](const Request&, const RequestContext&) {
        return textResponse(beasthttp::status::ok, "text/plain", "ok");
    });
    router.add(beasthttp::verb::post, "/healthz", [](const Request&, const RequestContext&) {
        return textResponse(beasthttp::status::created, "text/plain", "posted");
    });
    router.add(beasthttp::verb::get, "/boom",
               [](const Request&, const RequestContext&) -> Response { throw std::runtime_error("kaput"); });
    router.add(beasthttp::verb::get, "/refuse", [](const Request&, const RequestContext&) -> Response {
        throw HttpError::badRequest("bad_x", "x must be an integer, e.g. ?x=12");
    });
    router.addAsync(beasthttp::verb::post, "/refuse-async", [](Request&&, const RequestContext&, Respond) {
        throw HttpError(beasthttp::status::conflict, "taken", "that name is taken");
    });
    return router;
}

// A registered method and path reaches its handler.
TEST(RouterTest, DispatchesByMethodAndPath) {
    const auto router = sampleRouter();
    EXPECT_EQ(route(router, beasthttp::verb::get, "/healthz").body(), "ok");
    EXPECT_EQ(route(router, beasthttp::verb::post, "/healthz").result(), beasthttp::status::created);
}

// The query string does not take part in the match.
TEST(RouterTest, IgnoresQueryString) {
    EXPECT_EQ(route(sampleRouter(), beasthttp::verb::get, "/healthz?verbose=1").body(), "ok");
}

// An unknown path is a 404 with the JSON error body.
TEST(RouterTest, UnknownPathIs404Json) {
    const auto response = route(sampleRouter(), beasthttp::verb::get, "/nope");
    EXPECT_EQ(response.result(), beasthttp::status::not_found);
    EXPECT_EQ(response[beasthttp::field::content_type], "application/json");
    EXPECT_NE(response.body().find(R"({"error":{"code":"not_found","message":)"), std::string::npos);
}

// A known path with another method is a 405 listing the allowed methods.
TEST(RouterTest, WrongMethodIs405WithAllow) {
    const auto response = route(sampleRouter(), beasthttp::verb::delete_, "/healthz");
    EXPECT_EQ(response.result(), beasthttp::status::method_not_allowed);
    EXPECT_EQ(response[beasthttp::field::allow], "GET, POST");
    EXPECT_NE(response.body().find(R"("code":"method_not_allowed")"), std::string::npos);
}

// HEAD is answered by the GET handler.
TEST(RouterTest, HeadFallsBackToGet) {
    EXPECT_EQ(route(sampleRouter(), beasthttp::verb::head, "/healthz").result(), beasthttp::status::ok);
}

// A throwing handler becomes a 500 without the exception text.
TEST(RouterTest, ThrowingHandlerIs500) {
    const auto response = route(sampleRouter(), beasthttp::verb::get, "/boom");
    EXPECT_EQ(response.result(), beasthttp::status::internal_server_error);
    EXPECT_EQ(response.body().find("kaput"), std::string::npos);
}

// A handler refuses a request by throwing HttpError: the router answers with its status, code and message.
TEST(RouterTest, HttpErrorIsAnsweredWithItsStatusAndCode) {
    const auto response = route(sampleRouter(), beasthttp::verb::get, "/refuse");
    EXPECT_EQ(response.result(), beasthttp::status::bad_request);
    EXPECT_EQ(response.body(), R"({"error":{"code":"bad_x","message":"x must be an integer, e.g. ?x=12"}})"
                               "\n");
    const auto async = route(sampleRouter(), beasthttp::verb::post, "/refuse-async");
    EXPECT_EQ(async.result(), beasthttp::status::conflict);
    EXPECT_NE(async.body().find(R"("code":"taken")"), std::string::npos) << async.body();
}

}  // namespace
}  // namespace mmo::http
