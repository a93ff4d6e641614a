#include "tests/support/JetStreamAdmin.hpp"

#include <nats/nats.h>

#include <stdexcept>

namespace mmo::test {

namespace {
void check(natsStatus status, jsErrCode jerr, const std::string& what) {
    if (status != NATS_OK)
        throw std::runtime_error(what + ": " + natsStatus_GetText(status) + " (JetStream error " +
                                 std::to_string(static_cast<int>(jerr)) + ")");
}
}  // namespace

struct JetStreamAdmin::Handles {
    natsConnection* connection = nullptr;
    jsCtx* js = nullptr;
};

JetStreamAdmin::JetStreamAdmin(const std::string& url) : handles_(new Handles) {
    natsStatus status = natsConnection_ConnectTo(&handles_->connection, url.c_str());
    if (status == NATS_OK) status = natsConnection_JetStream(&handles_->js, handles_->connection, nullptr);
    if (status != NATS_OK) {
        natsConnection_Destroy(handles_->connection);
        delete handles_;
        throw std::runtime_error("connect to " + url + ": " + natsStatus_GetText(status));
    }
}

JetStreamAdmin::~JetStreamAdmin() {
    jsCtx_Destroy(handles_->js);
    natsConnection_Destroy(handles_->connection);
    delete handles_;
}

StreamCounts JetStreamAdmin::counts(const std::string& stream) {
    jsStreamInfo* info = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_GetStreamInfo(&info, handles_->js, stream.c_str(), nullptr, &jerr), jerr,
          "stream info " + stream);
    const StreamCounts counts{info->State.FirstSeq, info->State.LastSeq, info->State.Msgs};
    jsStreamInfo_Destroy(info);
    return counts;
}

void JetStreamAdmin::purge(const std::string& stream) {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_PurgeStream(handles_->js, stream.c_str(), nullptr, &jerr), jerr, "purge " + stream);
}

void JetStreamAdmin::remove(const std::string& stream) {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_DeleteStream(handles_->js, stream.c_str(), nullptr, &jerr), jerr, "delete stream " + stream);
}

void JetStreamAdmin::removeMessage(const std::string& stream, std::uint64_t seq) {
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_DeleteMsg(handles_->js, stream.c_str(), seq, nullptr, &jerr), jerr,
          "delete message " + std::to_string(seq) + " of " + stream);
}

}  // namespace mmo::test
