// The REST API and /metrics of real mmo-node processes on a real nats-server: the guide's steps 6 and 7,
// tokens, ?wait=published, digests across regions, readiness and a promtool-checked scrape.
#include <cstdlib>
#include <fstream>

#include "tests/node/RestApiFixture.hpp"

namespace mmo::test {
namespace {

constexpr const char* kGuideEvent =
    R"({"event_type": "BlockEvent", "data": {"x": 100, "y": 50, "block_type": "stone"}})";

std::string base64UrlDecode(std::string text) {
    for (auto& c : text) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (text.size() % 4 != 0) text += '=';
    static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const char c : text) {
        if (c == '=') break;
        const auto index = alphabet.find(c);
        if (index == std::string::npos) return {};
        bits = (bits << 6) | static_cast<unsigned>(index);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    return out;
}

// Steps 6 and 7 of the guide: login in two regions, a BlockEvent to the first, the block in the second.
TEST_F(RestApiTest, GuideStepsSixAndSeven) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto euToken = login(eu);
    const auto usToken = login(us);
    ASSERT_FALSE(euToken.empty());
    ASSERT_FALSE(usToken.empty());

    const auto sent = sendEvent(eu, euToken, kGuideEvent);
    ASSERT_EQ(sent.status, 202) << sent.raw;
    const auto body = json(sent).as_object();
    EXPECT_EQ(body.at("event_type").as_string(), "BlockEvent");
    EXPECT_EQ(body.at("status").as_string(), "durable");
    EXPECT_EQ(body.at("changes").to_number<int>(), 1);
    const auto hlc = body.at("hlc").to_number<std::uint64_t>();
    EXPECT_GT(hlc, 0u);
    EXPECT_EQ(body.at("event_id").as_string(), "eu-west-1-" + std::to_string(hlc));

    boost::json::value block;
    EXPECT_TRUE(waitUntil(
        [&] {
            block = json(httpGet(us.ports().rest, "/api/world/block?x=100&y=50"));
            return block.is_object() && block.at("block_type").as_string() == "stone";
        },
        20s))
        << boost::json::serialize(block) << us.log();
    EXPECT_EQ(block.at("origin_region").as_string(), "eu-west-1");
    EXPECT_EQ(block.at("hlc").to_number<std::uint64_t>(), hlc);
    EXPECT_EQ(block.at("x").to_number<int>(), 100);
    EXPECT_EQ(block.at("y").to_number<int>(), 50);
}

// A never-set block reads as air with hlc 0 and a null origin.
TEST_F(RestApiTest, NeverSetBlockIsAir) {
    auto& eu = startNode("eu-west-1");
    const auto block = json(httpGet(eu.ports().rest, "/api/world/block?x=-7&y=2147483647"));
    ASSERT_TRUE(block.is_object());
    EXPECT_EQ(block.at("block_type").as_string(), "air");
    EXPECT_EQ(block.at("hlc").to_number<int>(), 0);
    EXPECT_TRUE(block.at("origin_region").is_null());
}

// The metrics of both regions show the batch published by the first and consumed by the second.
TEST_F(RestApiTest, MetricsShowPublishedAndConsumedBatches) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto before =
        sample(httpGet(eu.ports().metrics, "/metrics").body, "eventbus_published_batches_total");
    ASSERT_TRUE(before.has_value());
    ASSERT_EQ(sendEvent(eu, login(eu), kGuideEvent).status, 202);
    EXPECT_TRUE(waitUntil(
        [&] {
            return sample(httpGet(eu.ports().metrics, "/metrics").body, "eventbus_published_batches_total")
                       .value_or(0) > *before;
        },
        20s));
    EXPECT_TRUE(waitUntil(
        [&] {
            return sample(httpGet(us.ports().metrics, "/metrics").body,
                          R"(eventbus_consumed_batches_total{source_region="eu-west-1"})")
                       .value_or(0) >= 1;
        },
        20s))
        << httpGet(us.ports().metrics, "/metrics").body;
    const auto scrape = httpGet(eu.ports().metrics, "/metrics").body;
    EXPECT_TRUE(sample(scrape, R"(http_requests_total{route="/api/admin/events/send",code="202"})"));
    EXPECT_EQ(sample(scrape, "world_blocks"), 1.0);
    // The digest as one series whose value is its first 52 bits; no label that changes with the world.
    const auto digest =
        std::string(json(httpGet(eu.ports().rest, "/api/world/digest")).at("digest").as_string());
    EXPECT_EQ(sample(scrape, "world_digest_fingerprint"),
              static_cast<double>(std::stoull(digest.substr(0, 13), nullptr, 16)));
    EXPECT_EQ(scrape.find("world_digest_info"), std::string::npos) << "server.metrics_digest_label is off";
    EXPECT_EQ(sample(scrape, "game_players_online"), 0.0);
    EXPECT_NE(scrape.find("# TYPE game_frames_total counter"), std::string::npos);
    // docs/metrics.md: the game series and both refusal reasons exist from the start with the value 0.
    EXPECT_EQ(sample(scrape, "game_tcp_connections"), 0.0);
    EXPECT_EQ(sample(scrape, "game_protocol_errors_total"), 0.0);
    for (const char* type : {"hello", "place_block", "break_block", "subscribe", "chat", "ping", "goodbye",
                             "unknown", "udp_position", "udp_unverified", "udp_verify", "udp_rejected"})
        EXPECT_EQ(sample(scrape, std::string("game_frames_total{type=\"") + type + "\"}"), 0.0) << type;
    EXPECT_EQ(sample(scrape, R"(sync_writes_refused_total{reason="disk_full"})"), 0.0);
    EXPECT_EQ(sample(scrape, R"(sync_writes_refused_total{reason="io_error"})"), 0.0);
    EXPECT_TRUE(sample(scrape, "process_resident_memory_bytes"));
}

// A real scrape passes `promtool check metrics`.
TEST_F(RestApiTest, ScrapePassesPromtool) {
    if (!std::filesystem::exists("/usr/bin/promtool"))
        GTEST_SKIP() << "promtool missing (scripts/install-deps.sh)";
    auto& eu = startNode("eu-west-1");
    ASSERT_EQ(sendEvent(eu, login(eu), kGuideEvent).status, 202);  // every family gets samples
    httpGet(eu.ports().rest, "/nope");
    const auto scrape = dir_.path() / "scrape.txt";
    std::ofstream(scrape) << httpGet(eu.ports().metrics, "/metrics").body;
    const auto output = dir_.path() / "promtool.txt";
    const auto command =
        "/usr/bin/promtool check metrics < '" + scrape.string() + "' > '" + output.string() + "' 2>&1";
    EXPECT_EQ(std::system(command.c_str()), 0) << readFile(output) << readFile(scrape);
    EXPECT_EQ(readFile(output), "") << readFile(output);
}

// The token is a standard JWT: base64url header with alg HS256, payload with exp; the body says Bearer.
TEST_F(RestApiTest, TokenIsStandardJwt) {
    auto& eu = startNode("eu-west-1");
    const auto result = httpPost(eu.ports().rest, "/api/auth/login", kAdminLogin);
    ASSERT_EQ(result.status, 200) << result.raw;
    const auto body = json(result).as_object();
    EXPECT_EQ(body.at("token_type").as_string(), "Bearer");
    EXPECT_EQ(body.at("role").as_string(), "admin");
    EXPECT_EQ(body.at("expires_in").to_number<int>(), 3600);
    const std::string token(body.at("token").as_string());
    const auto dot1 = token.find('.');
    const auto dot2 = token.find('.', dot1 + 1);
    ASSERT_NE(dot2, std::string::npos) << token;
    const auto header = boost::json::parse(base64UrlDecode(token.substr(0, dot1)));
    const auto payload = boost::json::parse(base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
    EXPECT_EQ(header.at("alg").as_string(), "HS256");
    const auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    EXPECT_GT(payload.at("exp").to_number<std::int64_t>(), now);
}

// ?wait=published answers after the JetStream ack with "published" and the batch sequence.
TEST_F(RestApiTest, WaitPublishedReturnsBatchSeq) {
    auto& eu = startNode("eu-west-1");
    const auto result = sendEvent(eu, login(eu), kGuideEvent, "?wait=published");
    ASSERT_EQ(result.status, 202) << result.raw;
    const auto body = json(result).as_object();
    EXPECT_EQ(body.at("status").as_string(), "published");
    EXPECT_GE(body.at("batch_seq").to_number<std::uint64_t>(), 1u);
    const auto status = json(httpGet(eu.ports().rest, "/api/sync/status")).as_object();
    EXPECT_GE(status.at("last_published_batch_seq").to_number<std::uint64_t>(),
              body.at("batch_seq").to_number<std::uint64_t>());
    EXPECT_TRUE(status.at("last_flush").is_string());
    EXPECT_TRUE(status.at("nats").at("connected").as_bool());
}

// After a FillEvent in one region both regions report the same digest, block count and applied batches.
TEST_F(RestApiTest, DigestsAgreeAcrossRegions) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto fill =
        R"({"event_type":"FillEvent","data":{"x1":0,"y1":0,"x2":9,"y2":4,"block_type":"dirt"}})";
    const auto sent = sendEvent(eu, login(eu), fill, "?wait=published");
    ASSERT_EQ(sent.status, 202) << sent.raw;
    EXPECT_EQ(json(sent).at("changes").to_number<int>(), 50);
    boost::json::value euDigest;
    boost::json::value usDigest;
    EXPECT_TRUE(waitUntil(
        [&] {
            euDigest = json(httpGet(eu.ports().rest, "/api/world/digest"));
            usDigest = json(httpGet(us.ports().rest, "/api/world/digest"));
            return usDigest.is_object() && euDigest.is_object() &&
                   usDigest.at("digest") == euDigest.at("digest") &&
                   usDigest.at("blocks").to_number<int>() == 50;
        },
        20s))
        << boost::json::serialize(euDigest) << " vs " << boost::json::serialize(usDigest);
    EXPECT_EQ(euDigest.at("digest").as_string().size(), 16u);
    EXPECT_EQ(usDigest.at("region").as_string(), "us-east-1");
    EXPECT_EQ(usDigest.at("applied").at("eu-west-1"), json(sent).at("batch_seq"));
}

// sync_applied_batch_seq has a series for every source that /api/world/digest `applied` and
// /api/sync/status `sources` list, the node's own region included, with the same value (docs/metrics.md).
TEST_F(RestApiTest, AppliedSequencesAgreeAcrossMetricsDigestAndStatus) {
    auto& eu = startNode("eu-west-1");
    auto& us = startNode("us-east-1");
    const auto sent = sendEvent(eu, login(eu), kGuideEvent, "?wait=published");
    ASSERT_EQ(sent.status, 202) << sent.raw;
    const auto batch = json(sent).at("batch_seq").to_number<std::uint64_t>();
    for (NodeProcess* node : {&eu, &us}) {
        boost::json::value digest;
        ASSERT_TRUE(waitUntil(
            [&] {
                digest = json(httpGet(node->ports().rest, "/api/world/digest"));
                const auto* applied =
                    digest.is_object() ? digest.as_object().if_contains("applied") : nullptr;
                return applied && applied->is_object() && applied->as_object().contains("eu-west-1") &&
                       applied->at("eu-west-1").to_number<std::uint64_t>() == batch;
            },
            20s))
            << boost::json::serialize(digest);
        const auto status = json(httpGet(node->ports().rest, "/api/sync/status"));
        const auto scrape = httpGet(node->ports().metrics, "/metrics").body;
        const auto& applied = digest.at("applied").as_object();
        EXPECT_EQ(applied.size(), status.at("sources").as_object().size()) << boost::json::serialize(status);
        for (const auto& [source, seq] : applied) {
            const std::string series =
                "sync_applied_batch_seq{source_region=\"" + std::string(source) + "\"}";
            EXPECT_EQ(sample(scrape, series), static_cast<double>(seq.to_number<std::uint64_t>()))
                << series << " on " << digest.at("region").as_string() << "\n"
                << scrape;
            EXPECT_EQ(status.at("sources").at(source).at("applied_batch_seq").to_number<std::uint64_t>(),
                      seq.to_number<std::uint64_t>());
        }
    }
}

// /readyz is 200 with NATS up, and /api/status carries nats, players_online and sync.
TEST_F(RestApiTest, ReadyAndStatus) {
    auto& eu = startNode("eu-west-1");
    EXPECT_EQ(httpGet(eu.ports().rest, "/readyz").status, 200);
    const auto status = json(httpGet(eu.ports().rest, "/api/status")).as_object();
    EXPECT_TRUE(status.at("nats").at("connected").as_bool());
    EXPECT_EQ(status.at("players_online").to_number<int>(), 0);
    EXPECT_EQ(status.at("sync").at("pending_changes").to_number<int>(), 0);
    EXPECT_TRUE(status.at("sync").as_object().contains("unpublished_changes"));
}

// The node warns at start that the default password is in use.
TEST_F(RestApiTest, WarnsAboutDefaultPassword) {
    auto& eu = startNode("eu-west-1");
    EXPECT_NE(eu.log().find("Default admin password ChangeMe123! is in use"), std::string::npos) << eu.log();
}

// A JWT secret shorter than 16 bytes is a config error: exit 2 with the message naming the key.
TEST_F(RestApiTest, ShortJwtSecretExitsTwo) {
    auto env = nodeEnvironment();
    env.set("GAME_EVENTBUS_URL", nats_->url())
        .set("GAME_AUTH_JWT_SECRET", "short")
        .set("GAME_STORAGE_DATA_DIR", (dir_.path() / "data").string());
    ChildProcess node(std::filesystem::path(MMO_BIN_DIR) / "mmo-node", {}, env, dir_.path(), "short-secret",
                      dir_.path());
    EXPECT_EQ(node.waitExit(20s), 2) << node.stderrText();
    EXPECT_NE(node.stderrText().find("auth.jwt_secret"), std::string::npos) << node.stderrText();
}

}  // namespace
}  // namespace mmo::test
