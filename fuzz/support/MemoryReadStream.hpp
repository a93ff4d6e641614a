#pragma once

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/system/system_error.hpp>
#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz/support/Chunker.hpp"

namespace mmo::fuzz {

// A SyncReadStream over bytes in memory, ending in EOF, that hands out reads in the sizes a Chunker
// picks (or as much as the buffer takes without one): what a client's TCP segments might look like to
// the server. Beast's synchronous read algorithms run over it exactly as its asynchronous ones run over
// a socket in HttpSession.
class MemoryReadStream {
  public:
    MemoryReadStream(std::span<const std::uint8_t> bytes, Chunker* chunks) : bytes_(bytes), chunks_(chunks) {}

    template <typename MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& error) {
        const std::size_t room = boost::asio::buffer_size(buffers);
        if (room == 0) {
            error = {};
            return 0;
        }
        if (at_ == bytes_.size()) {
            error = boost::asio::error::eof;
            return 0;
        }
        std::size_t n = std::min(room, bytes_.size() - at_);
        if (chunks_ != nullptr) n = chunks_->next(n);
        n = boost::asio::buffer_copy(buffers, boost::asio::buffer(bytes_.data() + at_, n));
        at_ += n;
        error = {};
        return n;
    }

    template <typename MutableBufferSequence>
    std::size_t read_some(const MutableBufferSequence& buffers) {
        boost::system::error_code error;
        const std::size_t n = read_some(buffers, error);
        if (error) throw boost::system::system_error(error);
        return n;
    }

  private:
    std::span<const std::uint8_t> bytes_;
    Chunker* chunks_;
    std::size_t at_ = 0;
};

}  // namespace mmo::fuzz
