#pragma once

#include <nats/nats.h>

#include <memory>

// Owning handles for nats.c objects: every Create has its Destroy, run by the handle's destructor.
namespace mmo::eventbus {

template <typename T, void (*Destroy)(T*)>
struct NatsDeleter {
    void operator()(T* p) const noexcept {
        if (p) Destroy(p);
    }
};

template <typename T, void (*Destroy)(T*)>
using NatsHandle = std::unique_ptr<T, NatsDeleter<T, Destroy>>;

using OptionsHandle = NatsHandle<natsOptions, natsOptions_Destroy>;
using ConnectionHandle = NatsHandle<natsConnection, natsConnection_Destroy>;
using JetStreamHandle = NatsHandle<jsCtx, jsCtx_Destroy>;
using SubscriptionHandle = NatsHandle<natsSubscription, natsSubscription_Destroy>;
using MsgHandle = NatsHandle<natsMsg, natsMsg_Destroy>;
using PubAckHandle = NatsHandle<jsPubAck, jsPubAck_Destroy>;
using StreamInfoHandle = NatsHandle<jsStreamInfo, jsStreamInfo_Destroy>;
using ConsumerInfoHandle = NatsHandle<jsConsumerInfo, jsConsumerInfo_Destroy>;
using MetaDataHandle = NatsHandle<jsMsgMetaData, jsMsgMetaData_Destroy>;

// A fetched message list; destroys the list and every message still in it.
class MsgList {
  public:
    MsgList() = default;
    MsgList(const MsgList&) = delete;
    MsgList& operator=(const MsgList&) = delete;
    ~MsgList() { natsMsgList_Destroy(&list_); }
    natsMsgList* get() { return &list_; }
    int size() const { return list_.Count; }
    // Takes message i out of the list; the caller owns it.
    MsgHandle take(int i) {
        MsgHandle msg(list_.Msgs[i]);
        list_.Msgs[i] = nullptr;
        return msg;
    }

  private:
    natsMsgList list_{};
};

}  // namespace mmo::eventbus
