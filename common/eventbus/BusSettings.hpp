#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/codec/SyncWire.hpp"

namespace mmo::eventbus {

// What the event bus needs from the node config, resolved.
struct BusSettings {
    std::vector<std::string> servers;  // nats://host:port, tried in order: this node's own server first
    std::string stream = "GLOBAL_EVENTS";
    std::chrono::hours retention{24};
    int replicas = 1;  // stream replicas when this node creates the stream
    // Authentication: at most one of the two (the config loader refuses both).
    std::string token;
    std::string credsFile;  // JWT + nkey seed, as nsc writes it
    // TLS: a CA to trust, and a client certificate chain with its key for mutual TLS.
    std::string tlsCaFile;
    std::string tlsCertFile;
    std::string tlsKeyFile;
    std::string regionId;
    std::chrono::seconds dedupeWindow = codec::wire::kDedupeWindow;
    std::chrono::milliseconds connectTimeout{2000};
    std::chrono::milliseconds publishTimeout{5000};
    // Consumer info and creation (a request to the stream's leader): shorter than a publish, and retried.
    std::chrono::milliseconds consumerSetupTimeout{2000};
    // After a failover, back on servers.front() once it has been healthy this long; zero: never.
    std::chrono::seconds homeReturnAfter{20};

    // <stream>.sync.<region>: where a region publishes its batches.
    std::string syncSubject(const std::string& region) const {
        return codec::wire::syncSubject(stream, region);
    }
    // <stream>.sync.>: every region's batches.
    std::string allSyncSubjects() const { return codec::wire::allSyncSubjects(stream); }
    // The durable consumer of a region.
    std::string consumerName() const { return "sync-" + regionId; }
    // True when a tls:// URL or any TLS file asks for TLS.
    bool tlsWanted() const;
};

// True when two server URLs name the same host and port ("nats://h:4222" and "h", credentials and scheme
// ignored; hosts compared without case). nats.c reports the server it uses in its own spelling.
bool sameServer(const std::string& a, const std::string& b);

// Splits "nats://a:4222, nats://b:4222" into trimmed URLs.
std::vector<std::string> splitServerList(const std::string& urls);

}  // namespace mmo::eventbus
