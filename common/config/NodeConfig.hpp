#pragma once

#include <cstdint>
#include <string>

// The typed configuration of one region node. Defaults live here and nowhere else;
// common/config/ConfigSchema.cpp maps every field to its YAML key, env name and validation.
namespace mmo::config {

enum class LogFormat { Text, Json };

struct EventbusConfig {
    std::string url = "nats://127.0.0.1:4222";  // one server or a comma-separated list
    std::string stream = "GLOBAL_EVENTS";
    int retention_hours = 24;
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
};

struct AuthConfig {
    std::string admin_username = "admin";
    std::string admin_password = "ChangeMe123!";
    std::string jwt_secret;  // empty: generated once and kept in storage.data_dir
    int token_ttl_minutes = 60;
};

struct StorageConfig {
    std::string data_dir = "./data/<region_id>";  // <region_id> is replaced by sync.region_id
    int snapshot_every_seconds = 30;
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
    LogConfig log;
};

}  // namespace mmo::config
