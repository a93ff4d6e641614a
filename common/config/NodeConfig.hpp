#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

// The typed configuration of one region node. Defaults live here and nowhere else;
// common/config/ConfigSchema.cpp maps every field to its YAML key, env name and validation.
namespace mmo::config {

enum class LogFormat { Text, Json };

// The shortest auth.jwt_secret accepted (bytes): --check-config and start-up refuse shorter ones alike.
inline constexpr std::size_t kMinJwtSecretBytes = 16;

struct EventbusConfig {
    std::string url = "nats://127.0.0.1:4222";  // one server or a comma-separated list
    std::string stream = "GLOBAL_EVENTS";
    int retention_hours = 24;
    int replicas = 1;                    // JetStream stream replicas (3 in a 3-server cluster)
    int home_return_after_seconds = 20;  // back on the first server of url once healthy this long; 0: never
    std::string token;                   // token auth; empty: none
    std::string token_file;              // file holding the token (instead of token); empty: none
    std::string creds_file;              // NATS user credentials (JWT + nkey seed); empty: none
    std::string tls_ca_file;             // CA to trust for the servers' certificates; empty: the system's
    std::string tls_cert_file;           // client certificate chain for mutual TLS (with tls_key_file)
    std::string tls_key_file;            // its private key
};

struct SyncConfig {
    std::string region_id = "eu-west-1";
    int batch_size = 100;
    double flush_every_seconds = 3.0;  // fractions allowed (0.05)
    bool use_gzip_compression = true;
};

struct ServerConfig {
    std::string host = "0.0.0.0";
    std::uint16_t tcp_port = 7777;  // 0 lets the OS pick
    std::uint16_t udp_port = 7778;
    std::uint16_t rest_port = 8088;
    std::uint16_t metrics_port = 2112;
    bool metrics_digest_label = false;        // also world_digest_info{digest}: a new series per world change
    int http_header_limit_bytes = 8 * 1024;   // REST and metrics: request line + headers (431 beyond)
    int http_body_limit_bytes = 1024 * 1024;  // REST: request body (413 beyond)
    int http_max_connections = 1024;          // REST and metrics, each: open connections
    int http_max_connections_per_address = 32;  // REST and metrics, each: open connections per client IP
    int http_idle_timeout_seconds = 10;         // a connection must complete its next request within this
    std::string http_allowed_origins;           // comma-separated Origin values accepted on REST; empty: none
    std::string http_allowed_hosts;  // comma-separated Host names accepted while the default password is set
    int reserved_file_descriptors = 128;  // kept free of game connections for REST, metrics, NATS and files
    int io_threads = 0;  // threads serving the game port (TCP sessions, UDP); 0: one per CPU the node may use
};

struct AuthConfig {
    std::string admin_username = "admin";
    std::string admin_password = "ChangeMe123!";
    std::string admin_password_file;  // file holding the password (instead of admin_password); empty: none
    std::string jwt_secret;           // empty: generated once and kept in storage.data_dir
    std::string jwt_secret_file;      // file holding the secret (instead of jwt_secret); empty: none
    int token_ttl_minutes = 60;
    // Whether loopback clients may log in with the default password (off behind a local reverse proxy,
    // where every client arrives from loopback).
    bool default_password_from_loopback = true;
    int login_queue_size = 256;       // logins queued or running on the login workers, all addresses
    int login_queue_per_address = 2;  // of those, from one client address
};

struct StorageConfig {
    std::string data_dir = "./data/<region_id>";  // <region_id> is replaced by sync.region_id
    int snapshot_every_seconds = 30;
    // Largest file a file key may name (eventbus.creds_file, the TLS files, the *_file secrets).
    int file_key_limit_bytes = 1024 * 1024;
};

// World checkpoints in the world store on NATS (docs/sync.md, "Checkpoints").
struct CheckpointConfig {
    bool enabled = true;
    int every_seconds = 60;  // at most a quarter of eventbus.retention_hours
};

// Limits of the game server (TCP/UDP players); every bad or excessive input is bounded by one of these.
struct GameConfig {
    int max_frame_bytes = 64 * 1024;
    int actions_per_second = 20;  // place, break, subscribe, chat per player
    int action_burst = 40;
    int frames_per_second = 200;  // frames of any type per connection; beyond the burst: flood, closed
    int frame_burst = 400;
    int max_connections = 10000;  // per node
    int max_connections_per_address = 64;
    int idle_timeout_seconds = 60;
    int max_area_side = 256;                     // subscribed area: at most this many cells wide and high
    int position_hz = 10;                        // UDP positions of nearby players sent per second
    int nearby_radius = 64;                      // cells (Euclidean distance, edge included)
    int max_chat_bytes = 256;                    // CHAT text; at most 512 so a line fits the bus message
    int snapshot_bytes_per_second = 128 * 1024;  // SUBSCRIBE snapshot bytes a player is sent per second ...
    int snapshot_burst_bytes = 256 * 1024;       // ... and at once (beyond: the snapshot is clipped)
    int udp_challenges_per_second = 2;  // CHALLENGE datagrams per player to an unverified UDP endpoint
    bool allow_guests = true;           // handshake with a guest name instead of a JWT
};

struct LogConfig {
    std::string level = "info";  // trace, debug, info, warn, error, critical, off
    LogFormat format = LogFormat::Text;
};

struct NodeConfig {
    EventbusConfig eventbus;
    SyncConfig sync;
    ServerConfig server;
    AuthConfig auth;
    StorageConfig storage;
    CheckpointConfig checkpoint;
    GameConfig game;
    LogConfig log;
};

}  // namespace mmo::config
