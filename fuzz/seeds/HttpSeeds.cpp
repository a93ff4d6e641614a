// Seeds of http_request: a request for every route of the REST API and the metrics port (valid and the
// documented errors), admin events carrying a token signed with the fuzz secret, pipelined requests on
// one connection, and the framing the node refuses (request smuggling shapes, limits).
#include <string>

#include "fuzz/seeds/SeedWriter.hpp"
#include "fuzz/seeds/TokenSeeds.hpp"
#include "fuzz/support/FuzzFixtures.hpp"

namespace mmo::fuzz::seeds {

namespace {

constexpr const char* kTarget = "http_request";

std::string get(const std::string& target, const std::string& extraHeaders = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: localhost:8088\r\n" + extraHeaders + "\r\n";
}

std::string post(const std::string& target, const std::string& body, const std::string& extraHeaders = "") {
    return "POST " + target + " HTTP/1.1\r\nHost: localhost:8088\r\nContent-Type: application/json\r\n" +
           extraHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::string bearer(const std::string& token) {
    return "Authorization: Bearer " + token + "\r\n";
}

void writeReads(SeedWriter& out) {
    out.write(kTarget, "healthz.http", get("/healthz"));
    out.write(kTarget, "readyz.http", get("/readyz"));
    out.write(kTarget, "status.http", get("/api/status"));
    out.write(kTarget, "block.http", get("/api/world/block?x=100&y=50"));
    out.write(kTarget, "block-negative.http", get("/api/world/block?x=-3&y=7"));
    out.write(kTarget, "block-bad-x.http", get("/api/world/block?x=abc&y=1"));
    out.write(kTarget, "block-missing-y.http", get("/api/world/block?x=1"));
    out.write(kTarget, "block-encoded.http", get("/api/world/block?x=%2D3&y=7&x=5#frag"));
    out.write(kTarget, "digest.http", get("/api/world/digest"));
    out.write(kTarget, "sync-status.http", get("/api/sync/status"));
    out.write(kTarget, "metrics.http", get("/metrics"));
    out.write(kTarget, "head-healthz.http", "HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    out.write(kTarget, "not-found.http", get("/nope"));
    out.write(kTarget, "method-not-allowed.http", "DELETE /api/status HTTP/1.1\r\nHost: x\r\n\r\n");
    out.write(kTarget, "http10-close.http", "GET /healthz HTTP/1.0\r\n\r\n");
}

void writeLogins(SeedWriter& out) {
    out.write(kTarget, "login.http",
              post("/api/auth/login", R"({"username":"admin","password":"ChangeMe123!"})"));
    out.write(kTarget, "login-wrong-password.http",
              post("/api/auth/login", R"({"username":"admin","password":"x"})"));
    out.write(kTarget, "login-bad-json.http", post("/api/auth/login", R"({"username":"admin",)"));
    out.write(kTarget, "login-missing-field.http", post("/api/auth/login", R"({"username":"admin"})"));
    out.write(kTarget, "login-number-password.http",
              post("/api/auth/login", R"({"username":"admin","password":5})"));
    std::string sixFailures;
    for (int i = 0; i < 6; ++i)
        sixFailures += post("/api/auth/login", R"({"username":"admin","password":"no"})");
    out.write(kTarget, "login-throttled.http", sixFailures);
}

void writeAdminEvents(SeedWriter& out) {
    const std::string admin = bearer(nodeToken(freshClaims("admin")));
    const std::string path = "/api/admin/events/send";
    out.write(
        kTarget, "event-block.http",
        post(path, R"({"event_type":"BlockEvent","data":{"x":100,"y":50,"block_type":"stone"}})", admin));
    out.write(kTarget, "event-fill-published.http",
              post(path + "?wait=published",
                   R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":2,"y2":1,"block_type":"sand"}})",
                   admin));
    out.write(
        kTarget, "event-fill-too-large.http",
        post(path,
             R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":1000,"y2":1000,"block_type":"sand"}})",
             admin));
    out.write(kTarget, "event-chat.http",
              post(path, R"({"event_type":"ChatEvent","data":{"text":"hello"}})", admin));
    out.write(kTarget, "event-air-float.http",
              post(path, R"({"event_type":"BlockEvent","data":{"x":5.0,"y":-2147483648,"block_type":"air"}})",
                   admin));
    out.write(
        kTarget, "event-bad-type.http",
        post(path, R"({"event_type":"BlockEvent","data":{"x":1,"y":2,"block_type":"unobtainium"}})", admin));
    out.write(kTarget, "event-unknown-event.http", post(path, R"({"event_type":"Nuke","data":{}})", admin));
    out.write(kTarget, "event-bad-wait.http",
              post(path + "?wait=never", R"({"event_type":"ChatEvent","data":{"text":"x"}})", admin));
    out.write(kTarget, "event-bad-json.http", post(path, R"({"event_type":)", admin));
    out.write(kTarget, "event-no-token.http",
              post(path, R"({"event_type":"ChatEvent","data":{"text":"x"}})"));
    out.write(kTarget, "event-viewer-token.http",
              post(path, R"({"event_type":"ChatEvent","data":{"text":"x"}})",
                   bearer(nodeToken(freshClaims("viewer")))));
    out.write(kTarget, "event-expired-token.http",
              post(path, R"({"event_type":"ChatEvent","data":{"text":"x"}})",
                   bearer(nodeToken({"admin", "admin", kNowUnixSeconds - 7200, kNowUnixSeconds - 3600}))));
    // Write, then read it back and see the digest change, on one kept-alive connection.
    out.write(kTarget, "pipelined-write-read.http",
              post(path, R"({"event_type":"BlockEvent","data":{"x":1,"y":1,"block_type":"dirt"}})", admin) +
                  get("/api/world/block?x=1&y=1") + get("/api/world/digest") +
                  get("/metrics", "Connection: close\r\n"));
}

void writeFraming(SeedWriter& out) {
    out.write(kTarget, "chunked-body.http",
              "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "10\r\n{\"username\":\"adm\r\n1e\r\nin\",\"password\":\"ChangeMe123!\"}\r\n0\r\n\r\n");
    out.write(kTarget, "http10-chunked.http",
              "POST /api/auth/login HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
    out.write(
        kTarget, "te-and-cl.http",
        "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
        "0\r\n\r\nGET /healthz HTTP/1.1\r\n\r\n");
    out.write(kTarget, "te-not-chunked.http",
              "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc");
    out.write(
        kTarget, "te-chunked-then-gzip.http",
        "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n");
    out.write(kTarget, "two-content-lengths.http",
              "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
    out.write(kTarget, "body-over-limit.http",
              "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 1048577\r\n\r\n{");
    out.write(kTarget, "header-over-limit.http",
              get("/healthz", "X-Pad: " + std::string(8300, 'a') + "\r\n"));
    out.write(kTarget, "bad-request-line.http", "GET\r\n\r\n");
    out.write(kTarget, "bad-version.http", "GET /healthz HTTP/9.9\r\n\r\n");
    out.write(kTarget, "truncated-body.http",
              "POST /api/auth/login HTTP/1.1\r\nContent-Length: 50\r\n\r\n{\"user");
    out.write(kTarget, "bare-lf.http", "GET /healthz HTTP/1.1\nHost: x\n\n");
    out.write(kTarget, "absolute-target.http", get("http://localhost:8088/api/status?x=1"));
}

}  // namespace

void writeHttpSeeds(SeedWriter& out) {
    writeReads(out);
    writeLogins(out);
    writeAdminEvents(out);
    writeFraming(out);
}

}  // namespace mmo::fuzz::seeds
