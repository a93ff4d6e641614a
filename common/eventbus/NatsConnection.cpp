#include "common/eventbus/NatsConnection.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>

#include "common/codec/SyncWire.hpp"
#include "common/eventbus/BusError.hpp"
#include "common/text/Redaction.hpp"

namespace mmo::eventbus {

namespace {

constexpr std::int64_t kSubscribeConfirmMs = 2000;  // how long subscribe() waits for the server's PONG

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

// nats.c's last error without its "(file.c:123): " prefix.
std::string lastNatsError() {
    std::string text;
    if (const char* last = nats_GetLastError(nullptr); last != nullptr) text = last;
    if (!text.empty() && text.front() == '(') {
        if (const auto end = text.find("): "); end != std::string::npos) text.erase(0, end + 3);
    }
    return text;
}

bool containsNoCase(const std::string& text, const std::string& needle) {
    return lowercase(text).find(lowercase(needle)) != std::string::npos;
}

// A file nats.c could not use: the key, the path and nats.c's reason.
void checkFile(natsStatus status, const std::string& key, const std::string& path) {
    if (status == NATS_OK) return;
    throw ConnectError("nats connect: " + key + " \"" + path + "\": " + lastNatsError());
}

void applySecurity(natsOptions* o, const BusSettings& s) {
    if (!s.token.empty()) check(natsOptions_SetToken(o, s.token.c_str()), "nats token");
    if (!s.credsFile.empty())
        checkFile(natsOptions_SetUserCredentialsFromFiles(o, s.credsFile.c_str(), nullptr),
                  "eventbus.creds_file", s.credsFile);
    if (!s.tlsWanted()) return;
    check(natsOptions_SetSecure(o, true), "nats tls");
    if (!s.tlsCaFile.empty())
        checkFile(natsOptions_LoadCATrustedCertificates(o, s.tlsCaFile.c_str()), "eventbus.tls_ca_file",
                  s.tlsCaFile);
    if (!s.tlsCertFile.empty())
        checkFile(natsOptions_LoadCertificatesChain(o, s.tlsCertFile.c_str(), s.tlsKeyFile.c_str()),
                  "eventbus.tls_cert_file / eventbus.tls_key_file", s.tlsCertFile + "\", \"" + s.tlsKeyFile);
}

std::string authFailure(const BusSettings& s) {
    if (!s.token.empty())
        return "the server refused eventbus.token (GAME_EVENTBUS_TOKEN); give the token the server was "
               "started with (nats-server --auth)";
    if (!s.credsFile.empty())
        return "the server refused the user of eventbus.creds_file \"" + s.credsFile +
               "\"; check that the account and user exist on the server and the file is current";
    return "the server requires authentication; set eventbus.token (token auth) or eventbus.creds_file "
           "(JWT and nkey user)";
}

std::string tlsFailure(const std::string& why, const BusSettings& s) {
    std::string keys = s.tlsCaFile.empty()
                           ? "set eventbus.tls_ca_file to the CA that signed the server's certificate"
                           : "check that eventbus.tls_ca_file \"" + s.tlsCaFile +
                                 "\" is the CA that signed the server's certificate";
    keys += s.tlsCertFile.empty()
                ? "; a server started with --tlsverify also needs eventbus.tls_cert_file and "
                  "eventbus.tls_key_file"
                : ", and that eventbus.tls_cert_file and eventbus.tls_key_file are a pair its CA accepts";
    return "TLS handshake failed (" + why + "); " + keys;
}

// A message on subject with payload and headers, ready to publish.
MsgHandle messageWithHeaders(const std::string& subject, std::span<const std::uint8_t> payload,
                             const Headers& headers) {
    natsMsg* rawMsg = nullptr;
    check(natsMsg_Create(&rawMsg, subject.c_str(), nullptr, reinterpret_cast<const char*>(payload.data()),
                         static_cast<int>(payload.size())),
          "create message");
    MsgHandle msg(rawMsg);
    for (const auto& [key, value] : headers)
        check(natsMsgHeader_Set(msg.get(), key.c_str(), value.c_str()), "header");
    return msg;
}

}  // namespace

std::string explainConnectFailure(natsStatus status, const std::string& natsError, const BusSettings& s) {
    if (status == NATS_CONNECTION_AUTH_FAILED || containsNoCase(natsError, "authorization violation") ||
        containsNoCase(natsError, "authentication"))
        return "authorization violation: " + authFailure(s);
    if (!s.credsFile.empty() && (containsNoCase(natsError, s.credsFile) ||
                                 containsNoCase(natsError, "nkey") || containsNoCase(natsError, "jwt")))
        return "eventbus.creds_file \"" + s.credsFile + "\": " + natsError +
               "; give a credentials file as nsc writes it (user JWT and nkey seed)";
    if (status == NATS_SSL_ERROR) return tlsFailure(natsError, s);
    if (status == NATS_SECURE_CONNECTION_WANTED)
        return "TLS is on (a tls:// URL or an eventbus.tls_* key) but the server does not offer TLS; start "
               "nats-server with --tls, or use nats:// URLs and empty eventbus.tls_ca_file, tls_cert_file "
               "and tls_key_file";
    if (status == NATS_SECURE_CONNECTION_REQUIRED)
        return "the server requires TLS; set eventbus.tls_ca_file (and eventbus.tls_cert_file with "
               "eventbus.tls_key_file for mutual TLS) or use a tls:// URL";
    if (s.tlsWanted() && status == NATS_PROTOCOL_ERROR)
        return tlsFailure("the server closed the connection: " + natsError, s);
    return describeConnectFailure(s.servers, s.connectTimeout);
}

std::string describeConnectFailure(const std::vector<std::string>& servers,
                                   std::chrono::milliseconds timeout) {
    std::string text;
    for (const auto& server : servers) {
        auto why = probeTcp(server, timeout);
        if (why.empty())
            why = "server reachable but the NATS handshake failed (is it a NATS server? TLS or auth?)";
        if (!text.empty()) text += "; ";
        text += servers.size() == 1 ? why : text::redactUrlCredentials(server) + ": " + why;
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
    // The node's own server is first in the list; the others are for failover, in the order given.
    check(natsOptions_SetNoRandomize(o, true), "nats no randomize");
    applySecurity(o, settings);
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
        throw ConnectError("nats connect: " + explainConnectFailure(status, lastNatsError(), settings));
    }
    connection_.reset(rawConnection);
    {
        char url[512] = {0};
        if (natsConnection_GetConnectedUrl(connection_.get(), url, sizeof url) != NATS_OK) url[0] = '\0';
        std::lock_guard lock(callbacks_->mutex);
        callbacks_->server = text::redactUrlCredentials(url);
        callbacks_->up = natsConnection_Status(connection_.get()) == NATS_CONN_STATUS_CONNECTED;
    }
    jsCtx* rawJs = nullptr;
    jsOptions jsOpts;
    jsOptions_Init(&jsOpts);
    jsOpts.Wait = settings.publishTimeout.count();
    jsOpts.PublishAsync.AckHandler = &NatsConnection::onAsyncPubAck;
    jsOpts.PublishAsync.AckHandlerClosure = callbacks_.get();
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
    return connection_ && callbacks_->up.load();
}

std::string NatsConnection::currentServer() const {
    if (!connected()) return {};
    std::lock_guard lock(callbacks_->mutex);
    return callbacks_->server;
}

PublishResult NatsConnection::publish(const std::string& subject, std::span<const std::uint8_t> payload,
                                      const std::string& msgId, const Headers& headers,
                                      std::chrono::milliseconds timeout) {
    MsgHandle msg = messageWithHeaders(subject, payload, headers);
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

void NatsConnection::publishAsync(const std::string& subject, std::span<const std::uint8_t> payload,
                                  const std::string& msgId, const Headers& headers, AsyncPublishDone done) {
    MsgHandle msg = messageWithHeaders(subject, payload, headers);
    jsPubOptions po;
    jsPubOptions_Init(&po);
    po.MsgId = msgId.c_str();
    // Registered before the message leaves, so a PubAck that comes back at once finds its callback.
    {
        std::lock_guard lock(callbacks_->asyncMutex);
        callbacks_->asyncPending[msgId] = std::move(done);
    }
    natsMsg* owned = msg.release();
    const natsStatus status = js_PublishMsgAsync(js_.get(), &owned, &po);
    if (status != NATS_OK) {
        natsMsg_Destroy(owned);  // still ours when nats.c did not take it
        {
            std::lock_guard lock(callbacks_->asyncMutex);
            callbacks_->asyncPending.erase(msgId);
        }
        check(status, "publish " + subject + " " + msgId);
    }
}

void NatsConnection::abandonAsyncPublishes() {
    natsMsgList pending{};
    if (js_PublishAsyncGetPendingList(&pending, js_.get()) == NATS_OK) natsMsgList_Destroy(&pending);
    std::lock_guard lock(callbacks_->asyncMutex);
    callbacks_->asyncPending.clear();
}

void NatsConnection::onAsyncPubAck(jsCtx*, natsMsg* msg, jsPubAck* pa, jsPubAckErr* pae, void* closure) {
    MsgHandle owned(msg);  // the original message, ours to destroy
    auto* state = static_cast<CallbackState*>(closure);
    const char* id = nullptr;
    if (msg == nullptr || natsMsgHeader_Get(msg, codec::wire::kMsgIdHeader, &id) != NATS_OK || id == nullptr)
        return;
    AsyncPublishOutcome outcome;
    if (pa != nullptr) {
        outcome.ok = true;
        outcome.result = PublishResult{pa->Sequence, pa->Duplicate};
    } else {
        const natsStatus err = pae != nullptr ? pae->Err : NATS_ERR;
        outcome.error =
            std::string("publish ") + natsMsg_GetSubject(msg) + " " + id + ": " + natsStatus_GetText(err);
        if (pae != nullptr && pae->ErrCode != 0)
            outcome.error += " (JetStream error " + std::to_string(static_cast<int>(pae->ErrCode)) + ")";
        if (pae != nullptr && pae->ErrText != nullptr && *pae->ErrText != '\0' &&
            std::string(pae->ErrText) != natsStatus_GetText(err))
            outcome.error += " [" + std::string(pae->ErrText) + "]";
    }
    std::lock_guard lock(state->asyncMutex);
    const auto it = state->asyncPending.find(id);
    if (it == state->asyncPending.end()) return;  // abandoned meanwhile
    auto done = std::move(it->second);
    state->asyncPending.erase(it);
    done(outcome);
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
    auto subscription = std::make_unique<Subscription>(SubscriptionHandle(raw), std::move(owned));
    // Core NATS delivers only to interest the server already knows: a round trip makes sure it has this
    // one before we return, so a message another connection publishes right after is not missed. (nats.c
    // registers the interest again by itself after a reconnect.)
    if (const natsStatus flushed = natsConnection_FlushTimeout(connection_.get(), kSubscribeConfirmMs);
        flushed != NATS_OK)
        callbacks_->logger->warn(
            "NATS subscribe {}: the server did not confirm the interest within {} ms ({}); messages "
            "published before it does are not delivered here",
            subject, kSubscribeConfirmMs, natsStatus_GetText(flushed));
    return subscription;
}

bool NatsConnection::flush(std::chrono::milliseconds timeout) {
    return natsConnection_FlushTimeout(connection_.get(), timeout.count()) == NATS_OK;
}

void NatsConnection::onDisconnected(natsConnection*, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    std::string lost;
    {
        std::lock_guard lock(state->mutex);
        lost = state->server;
        state->up = false;
    }
    if (state->listener) state->listener(false, lost);
}

void NatsConnection::onReconnected(natsConnection* nc, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    char url[512] = {0};
    if (natsConnection_GetConnectedUrl(nc, url, sizeof url) != NATS_OK) url[0] = '\0';
    {
        std::lock_guard lock(state->mutex);
        state->server = text::redactUrlCredentials(url);
        state->up = true;
    }
    state->reconnects.fetch_add(1);
    if (state->listener) state->listener(true, text::redactUrlCredentials(url));
}

void NatsConnection::onClosed(natsConnection*, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    std::lock_guard lock(state->mutex);
    state->up = false;
    state->closed = true;
    state->closedCv.notify_all();
}

void NatsConnection::onAsyncError(natsConnection*, natsSubscription*, natsStatus err, void* closure) {
    auto* state = static_cast<CallbackState*>(closure);
    state->logger->warn("NATS asynchronous error: {}", natsStatus_GetText(err));
}

}  // namespace mmo::eventbus
