#include "common/eventbus/WorldStore.hpp"

#include "common/eventbus/BusError.hpp"

namespace mmo::eventbus {

namespace {
constexpr int kStreamNotFound = 10059;   // JSStreamNotFoundErr
constexpr int kMessageNotFound = 10037;  // JSNoMessageFoundErr
constexpr auto kPutTimeout = std::chrono::seconds(5);

bool notFound(natsStatus status, jsErrCode jerr) {
    return status == NATS_NOT_FOUND || jerr == kStreamNotFound || jerr == kMessageNotFound;
}
}  // namespace

std::string WorldStoreSubjects::chunk(const std::string& region, std::int32_t cx, std::int32_t cy) const {
    return store + ".chunk." + region + "." + std::to_string(cx) + "." + std::to_string(cy);
}

WorldStore::WorldStore(NatsConnection& connection, const BusSettings& settings)
    : connection_(connection), settings_(settings), subjects_(settings.stream) {}

bool WorldStore::ensure(spdlog::logger& logger) {
    jsStreamInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    natsStatus status =
        js_GetStreamInfo(&rawInfo, connection_.jetStream(), subjects_.store.c_str(), nullptr, &jerr);
    StreamInfoHandle info(rawInfo);
    if (status == NATS_OK) return false;
    if (!notFound(status, jerr)) check(status, "stream info " + subjects_.store, jerr);
    const std::string subject = subjects_.store + ".>";
    const char* subjectList[] = {subject.c_str()};
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    config.Name = subjects_.store.c_str();
    config.Subjects = subjectList;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Retention = js_LimitsPolicy;
    config.MaxMsgsPerSubject = 1;
    config.Replicas = static_cast<std::int64_t>(settings_.replicas);
    jsStreamInfo* rawCreated = nullptr;
    jerr = static_cast<jsErrCode>(0);
    status = js_AddStream(&rawCreated, connection_.jetStream(), &config, nullptr, &jerr);
    StreamInfoHandle created(rawCreated);
    if (status != NATS_OK) {
        // Another region may have created it meanwhile.
        jerr = static_cast<jsErrCode>(0);
        status = js_GetStreamInfo(&rawInfo, connection_.jetStream(), subjects_.store.c_str(), nullptr, &jerr);
        info.reset(rawInfo);
        check(status, "create world store " + subjects_.store, jerr);
        return false;
    }
    logger.info("Created the world store {} (subjects {}, the newest message per subject, {} replica{})",
                subjects_.store, subject, settings_.replicas, settings_.replicas == 1 ? "" : "s");
    return true;
}

void WorldStore::put(const std::string& subject, std::span<const std::uint8_t> bytes) {
    natsMsg* rawMsg = nullptr;
    check(natsMsg_Create(&rawMsg, subject.c_str(), nullptr, reinterpret_cast<const char*>(bytes.data()),
                         static_cast<int>(bytes.size())),
          "create message");
    MsgHandle msg(rawMsg);
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = std::chrono::milliseconds(kPutTimeout).count();
    options.ExpectStream = subjects_.store.c_str();
    jsPubAck* rawAck = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_PublishMsg(&rawAck, connection_.jetStream(), msg.get(), &options, &jerr), "store " + subject,
          jerr);
    PubAckHandle ack(rawAck);
}

std::optional<std::vector<std::uint8_t>> WorldStore::get(const std::string& subject) {
    natsMsg* rawMsg = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    const natsStatus status = js_GetLastMsg(&rawMsg, connection_.jetStream(), subjects_.store.c_str(),
                                            subject.c_str(), nullptr, &jerr);
    MsgHandle msg(rawMsg);
    if (notFound(status, jerr)) return std::nullopt;
    check(status, "get " + subject, jerr);
    const auto* data = reinterpret_cast<const std::uint8_t*>(natsMsg_GetData(msg.get()));
    return std::vector<std::uint8_t>(data, data + natsMsg_GetDataLength(msg.get()));
}

std::uint64_t WorldStore::count(const std::string& filter) {
    jsOptions options;
    jsOptions_Init(&options);
    options.Stream.Info.SubjectsFilter = filter.c_str();
    jsStreamInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    const natsStatus status =
        js_GetStreamInfo(&rawInfo, connection_.jetStream(), subjects_.store.c_str(), &options, &jerr);
    StreamInfoHandle info(rawInfo);
    if (notFound(status, jerr)) return 0;
    check(status, "stream info " + subjects_.store, jerr);
    const jsStreamStateSubjects* subjects = info->State.Subjects;
    return subjects ? static_cast<std::uint64_t>(subjects->Count) : 0;
}

std::uint64_t WorldStore::readAll(const std::string& filter, const Visitor& visit,
                                  std::chrono::milliseconds idle) {
    if (count(filter) == 0) return 0;
    jsSubOptions subOptions;
    jsSubOptions_Init(&subOptions);
    subOptions.Stream = subjects_.store.c_str();
    subOptions.Ordered = true;
    natsSubscription* rawSub = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_SubscribeSync(&rawSub, connection_.jetStream(), filter.c_str(), nullptr, &subOptions, &jerr),
          "read " + filter, jerr);
    SubscriptionHandle subscription(rawSub);
    std::uint64_t seen = 0;
    for (;;) {
        natsMsg* rawMsg = nullptr;
        const natsStatus status =
            natsSubscription_NextMsg(&rawMsg, subscription.get(), static_cast<std::int64_t>(idle.count()));
        MsgHandle msg(rawMsg);
        check(status, "read " + filter + " (after " + std::to_string(seen) + " messages)");
        jsMsgMetaData* rawMeta = nullptr;
        if (natsMsg_GetMetaData(&rawMeta, msg.get()) != NATS_OK) continue;  // flow control, heartbeat
        MetaDataHandle meta(rawMeta);
        visit(natsMsg_GetSubject(msg.get()),
              {reinterpret_cast<const std::uint8_t*>(natsMsg_GetData(msg.get())),
               static_cast<std::size_t>(natsMsg_GetDataLength(msg.get()))});
        ++seen;
        if (meta->NumPending == 0) break;
    }
    natsSubscription_Unsubscribe(subscription.get());
    return seen;
}

}  // namespace mmo::eventbus
