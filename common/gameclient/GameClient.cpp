#include "common/gameclient/GameClient.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include "common/gameproto/FrameDecoder.hpp"
#include "common/gameproto/FrameEncoder.hpp"

namespace mmo::gameclient {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

std::shared_ptr<GameClient> GameClient::create(asio::any_io_executor executor, ClientOptions options,
                                               EventHandler handler) {
    return std::make_shared<GameClient>(std::move(executor), std::move(options), std::move(handler));
}

GameClient::GameClient(asio::any_io_executor executor, ClientOptions options, EventHandler handler)
    : strand_(asio::make_strand(executor)),
      options_(std::move(options)),
      handler_(std::move(handler)),
      socket_(strand_),
      udp_(strand_) {}

void GameClient::connect(std::optional<game::Hello> hello, ConnectHandler done) {
    asio::dispatch(
        strand_, [self = shared_from_this(), hello = std::move(hello), done = std::move(done)]() mutable {
            boost::system::error_code error;
            tcp::resolver resolver(self->strand_);
            // Numeric hosts resolve without a lookup; names block briefly here, once per connection.
            const auto tcpEndpoints =
                resolver.resolve(self->options_.host, std::to_string(self->options_.tcpPort), error);
            if (error) return done(error);
            if (self->options_.localAddress) {
                const tcp::endpoint local(*self->options_.localAddress, 0);
                self->socket_.open(local.protocol(), error);
                if (!error) self->socket_.bind(local, error);
                if (error) return done(error);
            }
            if (self->options_.udpPort != 0) {
                self->udpServer_ =
                    udp::endpoint(tcpEndpoints.begin()->endpoint().address(), self->options_.udpPort);
                self->udp_.open(self->udpServer_.protocol(), error);
                if (!error) self->udp_.non_blocking(true, error);
                if (error) return done(error);
            }
            auto connectDone = [self, hello = std::move(hello), done = std::move(done)](
                                   boost::system::error_code error, const tcp::endpoint&) mutable {
                if (error) return done(error);
                boost::system::error_code ignored;
                self->socket_.set_option(tcp::no_delay(true), ignored);
                self->connected_ = true;
                if (hello) self->send(*hello);
                self->readMore();
                if (self->udp_.is_open()) self->readDatagram();
                done({});
            };
            if (self->socket_.is_open())  // bound to a local address: connect that socket
                self->socket_.async_connect(
                    *tcpEndpoints.begin(),
                    [self, connectDone = std::move(connectDone), endpoint = tcpEndpoints.begin()->endpoint()](
                        boost::system::error_code error) mutable { connectDone(error, endpoint); });
            else
                asio::async_connect(self->socket_, tcpEndpoints, std::move(connectDone));
        });
}

bool GameClient::send(const game::ClientMessage& message) {
    return sendRaw(game::encodeFrame(message));
}

bool GameClient::sendRaw(std::vector<std::uint8_t> bytes) {
    asio::dispatch(strand_, [self = shared_from_this(), bytes = std::move(bytes)]() mutable {
        if (self->disconnected_) return;
        if (self->queuedBytes_ + bytes.size() > self->options_.maxQueuedBytes)
            return self->disconnect("send queue full (the server does not read)");
        self->queuedBytes_ += bytes.size();
        self->queue_.push_back(std::move(bytes));
        self->writeNext();
    });
    return true;
}

void GameClient::sendPosition(float x, float y) {
    const auto key = udpKey_.load();
    if (key == 0) return;
    sendDatagram(game::encodePosition({key, ++udpSeq_, x, y}));
}

void GameClient::sendDatagram(std::vector<std::uint8_t> bytes) {
    asio::dispatch(strand_, [self = shared_from_this(), bytes = std::move(bytes)] {
        if (!self->udp_.is_open()) return;
        boost::system::error_code ignored;  // UDP: a full buffer loses the datagram
        self->udp_.send_to(asio::buffer(bytes), self->udpServer_, 0, ignored);
    });
}

void GameClient::close() {
    asio::dispatch(strand_, [self = shared_from_this()] { self->disconnect("closed by the client"); });
}

void GameClient::readMore() {
    // Small, so thousands of bots stay cheap; a large frame grows it, and it shrinks back once drained.
    constexpr std::size_t kReadChunk = 4096;
    if (readBytes_ == 0 && readBuffer_.size() > 16 * kReadChunk)
        std::vector<std::uint8_t>().swap(readBuffer_);
    if (readBuffer_.size() < readBytes_ + kReadChunk) readBuffer_.resize(readBytes_ + kReadChunk);
    socket_.async_read_some(
        asio::buffer(readBuffer_.data() + readBytes_, readBuffer_.size() - readBytes_),
        [self = shared_from_this()](boost::system::error_code error, std::size_t size) {
            if (error)
                return self->disconnect(error == asio::error::eof ? "closed by the server" : error.message());
            self->readBytes_ += size;
            if (self->emitFrames()) self->readMore();
        });
}

bool GameClient::emitFrames() {
    std::size_t at = 0;
    while (readBytes_ - at >= 4) {
        const auto length = game::frameLengthOf(std::span<const std::uint8_t, 4>(readBuffer_.data() + at, 4),
                                                options_.maxFrameBytes);
        if (const auto* failure = std::get_if<game::DecodeFailure>(&length)) {
            disconnect(failure->message);
            return false;
        }
        const auto size = std::get<std::uint32_t>(length);
        if (readBytes_ - at < 4 + std::size_t{size}) break;
        const std::span<const std::uint8_t> body(readBuffer_.data() + at + 4, size);
        auto decoded = game::decodeServerPayload(body[0], body.subspan(1));
        if (const auto* failure = std::get_if<game::DecodeFailure>(&decoded)) {
            disconnect("bad frame from the server: " + failure->message);
            return false;
        }
        std::visit(
            [this](auto&& message) {
                using T = std::decay_t<decltype(message)>;
                if constexpr (std::is_same_v<T, game::Welcome>) udpKey_ = message.udpKey;
                emit(ServerEvent(std::move(message)));
            },
            std::move(std::get<game::ServerMessage>(decoded)));
        if (disconnected_) return false;
        at += 4 + std::size_t{size};
    }
    if (at > 0) {
        std::copy(readBuffer_.begin() + static_cast<std::ptrdiff_t>(at),
                  readBuffer_.begin() + static_cast<std::ptrdiff_t>(readBytes_), readBuffer_.begin());
        readBytes_ -= at;
    }
    return true;
}

void GameClient::readDatagram() {
    udp_.async_receive_from(asio::buffer(datagram_), udpSender_,
                            [self = shared_from_this()](boost::system::error_code error, std::size_t size) {
                                if (error == asio::error::operation_aborted || !self->udp_.is_open()) return;
                                if (!error) {
                                    const auto datagram =
                                        std::span<const std::uint8_t>(self->datagram_.data(), size);
                                    if (auto d = game::decodePositions(datagram))
                                        self->emit(std::move(*d));
                                    else if (const auto challenge = game::decodeChallenge(datagram))
                                        self->answerChallenge(*challenge);
                                }
                                self->readDatagram();
                            });
}

void GameClient::answerChallenge(const game::UdpChallenge& challenge) {
    const auto key = udpKey_.load();
    if (key == 0) return;  // not ours: no session yet
    const auto bytes = game::encodeVerify({key, challenge.nonce});
    boost::system::error_code ignored;  // lost: the next POSITION brings another challenge
    udp_.send_to(asio::buffer(bytes), udpServer_, 0, ignored);
}

void GameClient::writeNext() {
    if (writing_ || queue_.empty() || !connected_ || disconnected_) return;
    writing_ = true;
    asio::async_write(socket_, asio::buffer(queue_.front()),
                      [self = shared_from_this()](boost::system::error_code error, std::size_t) {
                          self->writing_ = false;
                          if (error) return self->disconnect(error.message());
                          self->queuedBytes_ -= self->queue_.front().size();
                          self->queue_.pop_front();
                          self->writeNext();
                      });
}

void GameClient::emit(ServerEvent&& event) {
    if (handler_) handler_(std::move(event));
}

void GameClient::disconnect(std::string reason) {
    if (disconnected_) return;
    disconnected_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    udp_.close(ignored);
    emit(Disconnected{std::move(reason)});
}

}  // namespace mmo::gameclient
