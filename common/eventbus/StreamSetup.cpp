#include "common/eventbus/StreamSetup.hpp"

#include <chrono>

#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"

namespace mmo::eventbus {

namespace {

constexpr int kStreamNotFound = 10059;  // JSStreamNotFoundErr

std::int64_t nanos(std::chrono::nanoseconds d) {
    return d.count();
}

bool coversSyncSubjects(const jsStreamConfig& config, const std::string& stream) {
    for (int i = 0; i < config.SubjectsLen; ++i) {
        const std::string subject = config.Subjects[i];
        if (subject == ">" || subject == stream + ".>" || subject == codec::wire::allSyncSubjects(stream))
            return true;
    }
    return false;
}

void fillConfig(jsStreamConfig& config, const BusSettings& settings, const char** subjects) {
    jsStreamConfig_Init(&config);
    config.Name = settings.stream.c_str();
    config.Subjects = subjects;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Retention = js_LimitsPolicy;
    config.MaxAge = nanos(settings.retention);
    config.Duplicates = nanos(settings.dedupeWindow);
    config.Replicas = static_cast<std::int64_t>(settings.replicas);
}

// The add failed and nobody else created the stream: say why, naming eventbus.replicas when more than
// one replica is asked of a server that cannot hold them.
[[noreturn]] void throwCreateFailed(const BusSettings& settings, natsStatus status, jsErrCode jerr) {
    std::string what = "create stream " + settings.stream;
    if (settings.replicas > 1)
        what += " with eventbus.replicas=" + std::to_string(settings.replicas) +
                " (needs a JetStream cluster of at least that many servers; a single nats-server holds 1)";
    throw BusError(what, status, static_cast<int>(jerr));
}

StreamState stateOf(const jsStreamInfo& info, bool created) {
    return StreamState{created, info.State.FirstSeq, info.State.LastSeq};
}

}  // namespace

StreamState currentStreamState(NatsConnection& connection, const BusSettings& settings) {
    jsStreamInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_GetStreamInfo(&rawInfo, connection.jetStream(), settings.stream.c_str(), nullptr, &jerr),
          "stream info " + settings.stream, jerr);
    StreamInfoHandle info(rawInfo);
    return stateOf(*info, false);
}

StreamState ensureStream(NatsConnection& connection, const BusSettings& settings, spdlog::logger& logger) {
    const std::string subject = settings.stream + ".>";
    const char* subjects[] = {subject.c_str()};
    jsStreamInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus status =
        js_GetStreamInfo(&rawInfo, connection.jetStream(), settings.stream.c_str(), nullptr, &jerr);
    StreamInfoHandle info(rawInfo);
    if (status == NATS_NOT_FOUND || jerr == kStreamNotFound) {
        jsStreamConfig config;
        fillConfig(config, settings, subjects);
        jsStreamInfo* rawCreated = nullptr;
        jerr = static_cast<jsErrCode>(0);
        status = js_AddStream(&rawCreated, connection.jetStream(), &config, nullptr, &jerr);
        StreamInfoHandle created(rawCreated);
        if (status == NATS_OK) {
            logger.info("Created JetStream stream {} (subjects {}, file storage, max age {}h, {} replica{})",
                        settings.stream, subject, settings.retention.count(), settings.replicas,
                        settings.replicas == 1 ? "" : "s");
            return stateOf(*created, true);
        }
        // Another region may have created it in the meantime: fall through and inspect what exists.
        const natsStatus addStatus = status;
        const jsErrCode addErr = jerr;
        jerr = static_cast<jsErrCode>(0);
        status = js_GetStreamInfo(&rawInfo, connection.jetStream(), settings.stream.c_str(), nullptr, &jerr);
        info.reset(rawInfo);
        if (status == NATS_NOT_FOUND || jerr == kStreamNotFound)
            throwCreateFailed(settings, addStatus, addErr);
    }
    check(status, "stream info " + settings.stream, jerr);

    const jsStreamConfig& existing = *info->Config;
    if (!coversSyncSubjects(existing, settings.stream))
        throw BusError("stream " + settings.stream + " exists but its subjects do not include " + subject +
                           "; delete it (nats stream rm " + settings.stream +
                           ") or set eventbus.stream to another name",
                       NATS_ERR);
    if (existing.Storage != js_FileStorage)
        logger.warn("Stream {} uses memory storage: batches are lost if nats-server restarts",
                    settings.stream);
    if (existing.MaxAge != nanos(settings.retention))
        logger.warn(
            "Stream {} keeps messages for {}h, this node's retention_hours is {}: keeping the stream's",
            settings.stream, existing.MaxAge / 3'600'000'000'000LL, settings.retention.count());
    // Replicas are the operator's decision for the whole set, not one node's: a node that rescaled the
    // stream at start would fight every node configured differently. Keep the stream's and say so.
    if (existing.Replicas != settings.replicas)
        logger.warn(
            "Stream {} has {} replica(s), this node's eventbus.replicas is {}: keeping the stream's (change "
            "it with `nats stream edit {} --replicas {}` if that is what you want)",
            settings.stream, existing.Replicas, settings.replicas, settings.stream, settings.replicas);
    if (existing.Duplicates < nanos(settings.dedupeWindow)) {
        jsStreamConfig update = existing;
        update.Duplicates = nanos(settings.dedupeWindow);
        jsStreamInfo* rawUpdated = nullptr;
        jerr = static_cast<jsErrCode>(0);
        check(js_UpdateStream(&rawUpdated, connection.jetStream(), &update, nullptr, &jerr),
              "raise duplicate window of " + settings.stream, jerr);
        StreamInfoHandle updated(rawUpdated);
        logger.info("Raised duplicate window of stream {} to {}s", settings.stream,
                    settings.dedupeWindow.count());
    }
    return stateOf(*info, false);
}

}  // namespace mmo::eventbus
