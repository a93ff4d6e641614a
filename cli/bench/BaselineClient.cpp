#include "cli/bench/BaselineClient.hpp"

#include <chrono>

#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"

namespace mmo::cli::bench {

namespace {
constexpr std::int64_t kStallWaitMs = 5000;  // a publisher blocked this long on a full window gives up
constexpr std::int64_t kCompleteWaitMs = 30000;
}  // namespace

BaselineClient::BaselineClient(const std::string& url, ErrorSink onPublishError)
    : onPublishError_(std::move(onPublishError)) {
    natsConnection* nc = nullptr;
    eventbus::check(natsConnection_ConnectTo(&nc, url.c_str()), "nats connect " + url);
    connection_.reset(nc);
    jsOptions options;
    jsOptions_Init(&options);
    options.PublishAsync.MaxPending = static_cast<int64_t>(codec::wire::kPublishWindow);
    options.PublishAsync.StallWait = kStallWaitMs;
    options.PublishAsync.ErrHandler = &BaselineClient::onPublishError;
    options.PublishAsync.ErrHandlerClosure = this;
    jsCtx* ctx = nullptr;
    eventbus::check(natsConnection_JetStream(&ctx, nc, &options), "JetStream context");
    js_.reset(ctx);
}

void BaselineClient::publishAsync(const std::string& subject, const std::vector<std::uint8_t>& payload,
                                  const Headers& headers) {
    natsMsg* raw = nullptr;
    eventbus::check(
        natsMsg_Create(&raw, subject.c_str(), nullptr, reinterpret_cast<const char*>(payload.data()),
                       static_cast<int>(payload.size())),
        "message");
    eventbus::MsgHandle msg(raw);
    for (const auto& [name, value] : headers)
        eventbus::check(natsMsgHeader_Set(raw, name.c_str(), value.c_str()), "header " + name);
    natsMsg* handed = msg.release();
    const natsStatus status = js_PublishMsgAsync(js_.get(), &handed, nullptr);
    if (status != NATS_OK) natsMsg_Destroy(handed);  // still ours when nats.c did not take it
    eventbus::check(status, "publish on " + subject);
}

void BaselineClient::completePublishes() {
    jsPubOptions options;
    jsPubOptions_Init(&options);
    options.MaxWait = kCompleteWaitMs;
    eventbus::check(js_PublishAsyncComplete(js_.get(), &options), "wait for the last PubAcks");
}

void BaselineClient::onPublishError(jsCtx*, jsPubAckErr* pae, void* closure) {
    const auto* self = static_cast<BaselineClient*>(closure);
    if (!self->onPublishError_) return;
    std::string text = std::string("asynchronous publish: ") + natsStatus_GetText(pae->Err);
    if (pae->ErrText != nullptr) text += std::string(" (") + pae->ErrText + ")";
    self->onPublishError_(text);
}

BaselineStream::BaselineStream(BaselineClient& client, std::string name)
    : client_(client), name_(std::move(name)) {
    jsStreamConfig config;
    jsStreamConfig_Init(&config);
    const std::string subjects = name_ + ".>";
    const char* list[] = {subjects.c_str()};
    config.Name = name_.c_str();
    config.Subjects = list;
    config.SubjectsLen = 1;
    config.Storage = js_FileStorage;
    config.Duplicates = std::chrono::nanoseconds(codec::wire::kDedupeWindow).count();
    jsStreamInfo* info = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    eventbus::check(js_AddStream(&info, client_.js(), &config, nullptr, &jerr), "create stream " + name_,
                    jerr);
    eventbus::StreamInfoHandle owned(info);
}

BaselineStream::~BaselineStream() {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    // Best effort: a stream left behind by a dead connection is named by its pid and harmless.
    js_DeleteStream(client_.js(), name_.c_str(), nullptr, &jerr);
}

}  // namespace mmo::cli::bench
