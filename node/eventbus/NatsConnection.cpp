#include "node/eventbus/NatsConnection.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "node/eventbus/BusError.hpp"

namespace mmo::eventbus {

namespace {

std::string lowercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

// host and port of nats://[user:pass@]host[:port]; port 4222 when absent.
std::pair<std::string, std::string> hostPort(const std::string& url) {
    std::string rest = url;
    if (const auto scheme = rest.find("://"); scheme != std::string::npos) rest = rest.substr(scheme + 3);
    if (const auto at = rest.rfind('@'); at != std::string::npos) rest = rest.substr(at + 1);
    if (const auto slash = rest.find('/'); slash != std::string::npos) rest = rest.substr(0, slash);
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        const auto host = rest.substr(1, close - 1);
        const auto port = close + 1 < rest.size() && rest[close + 1] == ':' ? rest.substr(close + 2) : "4222";
        return {host, port};
    }
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) return {rest, "4222"};
    return {rest.substr(0, colon), rest.substr(colon + 1)};
}

// "connection refused", "connection timed out", or "" when a TCP connection succeeds.
std::string probeTcp(const std::string& url, std::chrono::milliseconds timeout) {
    const auto [host, port] = hostPort(url);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
        return "lookup " + host + ": " + lowercase(::gai_strerror(rc));
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(found, ::freeaddrinfo);
    const int fd = ::socket(found->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return lowercase(std::strerror(errno));
    int err = 0;
    if (::connect(fd, found->ai_addr, found->ai_addrlen) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            const int ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
            socklen_t len = sizeof err;
            if (ready <= 0)
                err = ETIMEDOUT;
            else
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        }
    }
    ::close(fd);
    return err == 0 ? std::string() : lowercase(std::strerror(err));
}

}  // namespace

std::string describeConnectFailure(const std::vector<std::string>& servers,
                                   std::chrono::milliseconds timeout) {
    std::string text;
    for (const auto& server : servers) {
        auto why = probeTcp(server, timeout);
        if (why.empty())
            why = "server reachable but the NATS handshake failed (is it a NATS server? TLS or auth?)";
        if (!text.empty()) text += "; ";
        text += servers.size() == 1 ? why : server + ": " + why;
    }
    return text;
}

NatsConnection::NatsConnection(const BusSettings& settings, std::shared_ptr<spdlog::logger> logger,
                               StateListener listener)
    : callbacks_(std::make_unique<CallbackState>()) {
    callbacks_->listener = std::move(listener);
    callbacks_->logger = std::move(logger);

    natsOptions* rawOptions = nullptr;
    check(natsOptions_Create(&rawOptions), "nats options");
    options_.reset(rawOptions);
    std::vector<const char*> servers;
    for (const auto& s : settings.servers) servers.push_back(s.c_str());
    natsOptions* o = options_.get();
    check(natsOptions_SetServers(o, servers.data(), static_cast<int>(servers.size())), "nats servers");
    check(natsOptions_SetName(o, ("mmo-node " + settings.regionId).c_str()), "nats name");
    check(natsOptions_SetTimeout(o, settings.connectTimeout.count()), "nats timeout");
    check(natsOptions_SetMaxReconnect(o, -1), "nats reconnect");  // reconnect forever
    check(natsOptions_SetReconnectWait(o, 250), "nats reconnect wait");
    check(natsOptions_SetPingInterval(o, 2000), "nats ping interval");  // notice a dead server within seconds
    check(natsOptions_SetMaxPingsOut(o, 2), "nats max pings");
    check(natsOptions_SetDisconnectedCB(o, &NatsConnection::onDisconnected, callbacks_.get()),
          "nats callback");
    check(natsOptions_SetReconnectedCB(o, &NatsConnection::onReconnected, callbacks_.get()), "nats callback");
    check(natsOptions_SetClosedCB(o, &NatsConnection::onClosed, callbacks_.get()), "nats callback");
    check(natsOptions_SetErrorHandler(o, &NatsConnection::onAsyncError, callbacks_.get()), "nats callback");

    natsConnection* rawConnection = nullptr;
    const natsStatus status = natsConnection_Connect(&rawConnection, o);
    if (status != NATS_OK) {
        callbacks_->closed = true;  // no connection, so no callbacks will come
        throw ConnectError("nats connect: " +
                           describeConnectFailure(settings.servers, settings.connectTimeout));
    }
    connection_.reset(rawConnection);
    jsCtx* rawJs = nullptr;
    jsOptions jsOpts;
    jsOptions_Init(&jsOpts);
    jsOpts.Wait = settings.publishTimeout.count();
    check(natsConnection_JetStream(&rawJs, connection_.get(), &jsOpts), "jetstream context");
    js_.reset(rawJs);
}

NatsConnection::~NatsConnection() {
    js_.reset();
    if (connection_) {
        natsConnection_Close(connection_.get());
        std::unique_lock lock(callbacks_->mutex);
        // The closed callback is the last one nats.c delivers for a connection; after it the state may go.
        callbacks_->closedCv.wait_for(lock, std::chrono::seconds(5), [&] { return callbacks_->closed; });
        if (!callbacks_->closed) {
            callbacks_.release();  // a late callback may still come: leak the small state instead of crashing
        }
    }
    connection_.reset();
}

bool NatsConnection::connected() const {
    return connection_ && natsConnection_Status(connection_.get()) == NATS_CONN_STATUS_CONNECTED;
}

std::string NatsConnection::currentServer() const {
    char url[512] = {0};
    if (connection_ && natsConnection_GetConnectedUrl(connection_.get(), url, sizeof url) == NATS_OK)
        return url;
    return {};
}

PublishResult NatsConnection::publish(const std::string& subject, std::span<const std::uint8_t> payload,
                                      const std::string& msgId, const Headers& headers,
                                      std::chrono::milliseconds timeout) {
    natsMsg* rawMsg = nullptr;
    check(natsMsg_Create(&rawMsg, subject.c_str(), nullptr, reinterpret_cast<const char*>(payload.data()),
                         static_cast<int>(payload.size())),
          "create message");
    MsgHandle msg(rawMsg);
    for (const auto& [key, value] : headers)
        check(natsMsgHeader_Set(msg.get(), key.c_str(), value.c_str()), "header");
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msgId.c_str();
    po.MaxWait = timeout.count();
    jsPubAck* rawAck = nullptr;
    jsErrCode jerr = static_cast<jsErrCode>(0);
    check(js_PublishMsg(&rawAck, js_.get(), msg.get(), &po, &jerr), "publish " + subject + " " + msgId, jerr);
    PubAckHandle ack(rawAck);
    return PublishResult{ack->Sequence, ack->Duplicate};
}

void NatsConnection::publishCore(const std::string& subject, std::span<const std::uint8_t> payload) {
    check(natsConnection_Publish(connection_.get(), subject.c_str(), payload.data(),
                                 static_cast<int>(payload.size())),
          "publish " + subject);
}

std::unique_ptr<NatsConnection::Subscription> NatsConnection::subscribe(const std::string& subject,
                                                                        MessageHandler handler) {
    auto owned = std::make_unique<MessageHandler>(std::move(handler));
    natsSubscription* raw = nullptr;
    const auto onMessage = [](natsConnection*, natsSubscription*, natsMsg* msg, void* closure) {
        MsgHandle message(msg);
        const auto* data = reinterpret_cast<const std::uint8_t*>(natsMsg_GetData(msg));
        (*static_cast<MessageHandler*>(closure))(
            natsMsg_GetSubject(msg), {data, static_cast<std::size_t>(natsMsg_GetDataLength(msg))});
    };
    check(natsConnection_Subscribe(&raw, connection_.get(), subject.c_str(), onMessage, owned.get()),
          "subscribe " + subject);
    return std::make_unique<Subscription>(SubscriptionHandle(raw), std::move(owned));
}

void NatsConnection::onDisconnected(natsConnection*, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    if (state->listener) state->listener(false);
}

void NatsConnection::onReconnected(natsConnection*, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    if (state->listener) state->listener(true);
}

void NatsConnection::onClosed(natsConnection*, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    std::lock_guard lock(state->mutex);
    state->closed = true;
    state->closedCv.notify_all();
}

void NatsConnection::onAsyncError(natsConnection*, natsSubscription*, natsStatus err, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    state->logger->warn("NATS asynchronous error: {}", natsStatus_GetText(err));
}

}  // namespace mmo::eventbus
