#include "common/eventbus/PullConsumer.hpp"

#include <algorithm>

#include "common/eventbus/BusError.hpp"

namespace mmo::eventbus {

namespace {

constexpr int kConsumerNotFound = 10014;  // JSConsumerNotFoundErr

// Consumer info, creation and deletion wait at most consumerSetupTimeout (not the context's publish
// timeout): a request lost with a server that just died fails fast and SyncConsumer sets up again.
jsOptions setupOptions(const BusSettings& settings) {
    jsOptions options;
    jsOptions_Init(&options);
    options.Wait = settings.consumerSetupTimeout.count();
    return options;
}

// Creates the durable consumer; returns how many messages wait for it.
std::uint64_t createConsumer(NatsConnection& connection, const BusSettings& settings,
                             std::uint64_t resumeAfterSeq) {
    const std::string durable = settings.consumerName();
    const std::string filter = settings.allSyncSubjects();
    jsConsumerConfig config;
    jsConsumerConfig_Init(&config);
    config.Durable = durable.c_str();
    config.FilterSubject = filter.c_str();
    config.AckPolicy = js_AckExplicit;
    config.AckWait = std::chrono::nanoseconds(std::chrono::seconds(30)).count();
    config.MaxAckPending = 20000;
    config.MaxDeliver = -1;
    if (resumeAfterSeq == 0) {
        config.DeliverPolicy = js_DeliverAll;
    } else {
        config.DeliverPolicy = js_DeliverByStartSequence;
        config.OptStartSeq = resumeAfterSeq + 1;
    }
    jsConsumerInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    jsOptions options = setupOptions(settings);
    check(js_AddConsumer(&rawInfo, connection.jetStream(), settings.stream.c_str(), &config, &options, &jerr),
          "create consumer " + durable, jerr);
    ConsumerInfoHandle info(rawInfo);
    return info->NumPending;
}

}  // namespace

IncomingMessage::IncomingMessage(MsgHandle msg) : msg_(std::move(msg)) {
    jsMsgMetaData* rawMeta = nullptr;
    if (natsMsg_GetMetaData(&rawMeta, msg_.get()) == NATS_OK) {
        MetaDataHandle meta(rawMeta);
        streamSeq_ = meta->Sequence.Stream;
        numPending_ = meta->NumPending;
        numDelivered_ = meta->NumDelivered;
    }
}

std::string IncomingMessage::subject() const {
    return natsMsg_GetSubject(msg_.get());
}

std::span<const std::uint8_t> IncomingMessage::data() const {
    return {reinterpret_cast<const std::uint8_t*>(natsMsg_GetData(msg_.get())),
            static_cast<std::size_t>(natsMsg_GetDataLength(msg_.get()))};
}

std::optional<std::string> IncomingMessage::header(const char* name) const {
    const char* value = nullptr;
    if (natsMsgHeader_Get(msg_.get(), name, &value) != NATS_OK || !value) return std::nullopt;
    return std::string(value);
}

void IncomingMessage::ack() {
    natsMsg_Ack(msg_.get(), nullptr);
}

PullConsumer::PullConsumer(NatsConnection& connection, const BusSettings& settings,
                           std::uint64_t resumeAfterSeq, spdlog::logger& logger)
    : connection_(connection) {
    const std::string durable = settings.consumerName();
    jsConsumerInfo* rawInfo = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    jsOptions options = setupOptions(settings);
    const natsStatus status = js_GetConsumerInfo(&rawInfo, connection.jetStream(), settings.stream.c_str(),
                                                 durable.c_str(), &options, &jerr);
    ConsumerInfoHandle info(rawInfo);
    if (status == NATS_NOT_FOUND || jerr == kConsumerNotFound) {
        pendingAtStart_ = createConsumer(connection, settings, resumeAfterSeq);
        logger.info("Created consumer {} on {} starting after stream seq {}", durable,
                    settings.allSyncSubjects(), resumeAfterSeq);
    } else {
        check(status, "consumer info " + durable, jerr);
        pendingAtStart_ = info->NumPending + static_cast<std::uint64_t>(info->NumAckPending);
        const bool wrongFilter =
            !info->Config->FilterSubject || settings.allSyncSubjects() != info->Config->FilterSubject;
        // Delivered, not just acknowledged: a message delivered past the snapshot but never acknowledged
        // would only come back after the ack wait, and an acknowledged one never. Messages delivered and
        // never acknowledged (lost with a broken connection or a killed node) would also only come back
        // after the ack wait (30 s), and may lie below the snapshot's position (later ones arrived on a
        // new connection first). So start over from where both the snapshot and the consumer's ack floor
        // (everything up to it acknowledged) are sure; what was applied already is applied again, which
        // changes nothing. (Acks are fire and forget: one still on its way also counts as pending here
        // and only causes such a harmless redelivery.)
        const std::uint64_t ackFloor = info->AckFloor.Stream;
        if (info->Delivered.Stream > resumeAfterSeq || info->NumAckPending > 0 || wrongFilter) {
            const std::uint64_t from = std::min(resumeAfterSeq, ackFloor);
            jerr = static_cast<jsErrCode>(0);
            check(js_DeleteConsumer(connection.jetStream(), settings.stream.c_str(), durable.c_str(),
                                    &options, &jerr),
                  "delete consumer " + durable, jerr);
            pendingAtStart_ = createConsumer(connection, settings, from);
            logger.info(
                "Rewound consumer {} from stream seq {} to {} (snapshot at {}, {} delivered but not "
                "acknowledged)",
                durable, info->Delivered.Stream, from, resumeAfterSeq, info->NumAckPending);
        }
    }
    jsSubOptions subOptions;
    jsSubOptions_Init(&subOptions);
    subOptions.Stream = settings.stream.c_str();
    subOptions.Consumer = durable.c_str();
    subOptions.ManualAck = true;
    natsSubscription* rawSub = nullptr;
    jerr = static_cast<jsErrCode>(0);
    check(js_PullSubscribe(&rawSub, connection.jetStream(), settings.allSyncSubjects().c_str(),
                           durable.c_str(), &options, &subOptions, &jerr),
          "pull subscribe " + durable, jerr);
    subscription_.reset(rawSub);
}

PullConsumer::~PullConsumer() {
    if (!subscription_) return;
    // nats.c before 3.6 can crash in its read loop on a message for a subscription destroyed meanwhile
    // (nats-io/nats.c#637; Debian 12 ships 3.4.1), and a consumer set up again after a reconnect is
    // destroyed while the server may still be answering its last fetch. Unsubscribed, then a round trip:
    // the server sends it nothing more, and the read loop has handled everything sent before. (Not a
    // drain: a pull subscription's unfetched messages would hold a drain until its timeout.)
    natsSubscription_Unsubscribe(subscription_.get());  // fails harmlessly when interrupt() already did it
    connection_.flush(std::chrono::seconds(2));
}

void PullConsumer::interrupt() {
    natsSubscription_Unsubscribe(subscription_.get());
}

std::vector<IncomingMessage> PullConsumer::fetch(int max, std::chrono::milliseconds timeout) {
    MsgList list;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    const natsStatus status =
        natsSubscription_Fetch(list.get(), subscription_.get(), max, timeout.count(), &jerr);
    std::vector<IncomingMessage> messages;
    // Messages that arrived before a timeout are kept: dropping them would delay them by the ack wait.
    if (list.size() == 0 && status == NATS_TIMEOUT) return messages;
    if (list.size() == 0) check(status, "fetch", jerr);
    messages.reserve(static_cast<std::size_t>(list.size()));
    for (int i = 0; i < list.size(); ++i) messages.emplace_back(list.take(i));
    return messages;
}

}  // namespace mmo::eventbus
