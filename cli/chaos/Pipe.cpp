#include "cli/chaos/Pipe.hpp"

#include <algorithm>
#include <boost/asio/write.hpp>

namespace mmo::cli::chaos {

namespace asio = boost::asio;

Pipe::Pipe(asio::ip::tcp::socket& from, asio::ip::tcp::socket& to, LinkState& link, Direction direction,
           std::size_t queueLimit, std::uint64_t seed, Finished finished)
    : from_(from),
      to_(to),
      link_(link),
      direction_(direction),
      queueLimit_(std::max<std::size_t>(queueLimit, 1)),
      scheduler_(seed),
      finished_(std::move(finished)),
      timer_(to.get_executor()) {}

void Pipe::start(const std::weak_ptr<void>& owner) {
    owner_ = owner;
    kick();
}

void Pipe::kick() {
    if (stopped_) return;
    if (!reading_ && !endOfStream_ && !link_.blackholed() && queuedBytes_ < queueLimit_) read();
    if (!writing_ && !queue_.empty() && !link_.blackholed()) pump();
}

void Pipe::stop() {
    stopped_ = true;
    timer_.cancel();
    queue_.clear();
    queuedBytes_ = 0;
}

void Pipe::read() {
    reading_ = true;
    const auto room = std::min(buffer_.size(), queueLimit_ - queuedBytes_);
    from_.async_read_some(asio::buffer(buffer_.data(), room),
                          [this, keep = owner_.lock()](boost::system::error_code error, std::size_t bytes) {
                              onRead(error, bytes);
                          });
}

void Pipe::onRead(boost::system::error_code error, std::size_t bytes) {
    reading_ = false;
    if (stopped_) return;
    const auto now = std::chrono::steady_clock::now();
    if (bytes > 0) {
        Chunk chunk;
        chunk.bytes.assign(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(bytes));
        chunk.due = scheduler_.deliveryTime(now, link_.shape());
        queue_.push_back(std::move(chunk));
        queuedBytes_ += bytes;
    }
    if (error == asio::error::eof) {
        endOfStream_ = true;
        Chunk fin;
        fin.fin = true;
        fin.due = scheduler_.deliveryTime(now, link_.shape());
        queue_.push_back(std::move(fin));
    } else if (error) {
        return finish(true);
    }
    kick();
}

void Pipe::pump() {
    writing_ = true;
    if (stopped_ || link_.blackholed() || queue_.empty()) {
        writing_ = false;
        return;
    }
    auto& chunk = queue_.front();
    const auto now = std::chrono::steady_clock::now();
    if (chunk.due > now) return waitUntil(chunk.due);
    if (chunk.fin) {
        queue_.pop_front();
        writing_ = false;
        boost::system::error_code ignored;
        to_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
        return finish(false);
    }
    if (!chunk.reserved) {
        auto& limiter = link_.limiter(direction_);
        chunk.piece = std::min(chunk.bytes.size() - chunk.sent, limiter.quantum());
        chunk.sendAt = limiter.reserve(chunk.piece, now);
        chunk.reserved = true;
    }
    if (chunk.sendAt > now) return waitUntil(chunk.sendAt);
    asio::async_write(to_, asio::buffer(chunk.bytes.data() + chunk.sent, chunk.piece),
                      [this, keep = owner_.lock()](boost::system::error_code error, std::size_t bytes) {
                          onWrite(error, bytes);
                      });
}

void Pipe::waitUntil(TimePoint when) {
    timer_.expires_at(when);
    timer_.async_wait([this, keep = owner_.lock()](boost::system::error_code error) {
        if (error || stopped_) return;
        pump();
    });
}

void Pipe::onWrite(boost::system::error_code error, std::size_t bytes) {
    writing_ = false;
    if (stopped_) return;
    if (error) return finish(true);
    auto& chunk = queue_.front();
    chunk.sent += bytes;
    chunk.reserved = false;
    queuedBytes_ -= bytes;
    link_.addForwarded(direction_, bytes);
    if (chunk.sent >= chunk.bytes.size()) queue_.pop_front();
    kick();
}

void Pipe::finish(bool failed) {
    if (stopped_) return;
    if (failed) stopped_ = true;
    if (finished_) finished_(failed);
}

}  // namespace mmo::cli::chaos
