#include "cli/chaos/LinkState.hpp"

#include "cli/chaos/RateText.hpp"
#include "cli/chaos/WanSpec.hpp"

namespace mmo::cli::chaos {

namespace {

std::chrono::steady_clock::time_point now() {
    return std::chrono::steady_clock::now();
}

}  // namespace

const char* partitionModeName(PartitionMode mode) {
    switch (mode) {
        case PartitionMode::Blackhole:
            return "blackhole";
        case PartitionMode::Reset:
            return "reset";
        case PartitionMode::None:
            break;
    }
    return "none";
}

LinkState::LinkState(std::string region, LinkShape shape, const boost::asio::any_io_executor& executor,
                     std::shared_ptr<spdlog::logger> logger)
    : region_(std::move(region)),
      shape_(shape),
      limiters_{RateLimiter(shape.rateBitsPerSecond, now()), RateLimiter(shape.rateBitsPerSecond, now())},
      healTimer_(executor),
      logger_(std::move(logger)) {}

void LinkState::setShape(const LinkShape& shape) {
    shape_ = shape;
    for (auto& limiter : limiters_) limiter.setRate(shape.rateBitsPerSecond, now());
    logger_->info("link {}: latency {}, jitter {}, rate {}", region_, formatMillis(shape.latency),
                  formatMillis(shape.jitter), formatRate(shape.rateBitsPerSecond));
    for (const auto& peer : std::vector(peers_)) peer->linkChanged();
}

void LinkState::partition(PartitionMode mode, std::optional<std::chrono::milliseconds> duration) {
    if (mode == PartitionMode::None) return heal();
    mode_ = mode;
    ++partitionGeneration_;
    healTimer_.cancel();
    healsAt_.reset();
    if (duration) {
        healsAt_ = std::chrono::system_clock::now() + *duration;
        healTimer_.expires_after(*duration);
        healTimer_.async_wait([this, generation = partitionGeneration_](boost::system::error_code error) {
            if (!error && generation == partitionGeneration_) heal();
        });
    }
    logger_->info("link {}: partitioned ({}){}", region_, partitionModeName(mode),
                  duration ? ", heals in " + formatMillis(*duration) : std::string());
    if (mode == PartitionMode::Reset) resetAll();
}

void LinkState::heal() {
    if (mode_ == PartitionMode::None) return;
    mode_ = PartitionMode::None;
    ++partitionGeneration_;
    healTimer_.cancel();
    healsAt_.reset();
    logger_->info("link {}: healed", region_);
    for (const auto& peer : std::vector(peers_)) peer->linkChanged();  // a copy: a peer may detach
}

void LinkState::attach(std::shared_ptr<LinkPeer> peer) {
    peers_.push_back(std::move(peer));
    ++accepted_;
}

void LinkState::detach(const LinkPeer* peer) {
    std::erase_if(peers_, [peer](const std::shared_ptr<LinkPeer>& p) { return p.get() == peer; });
}

void LinkState::resetAll() {
    for (const auto& peer : std::vector(peers_)) peer->reset();  // a copy: each one detaches itself
}

std::size_t LinkState::queued(Direction direction) const {
    std::size_t total = 0;
    for (const auto& peer : peers_) total += peer->queued(direction);
    return total;
}

}  // namespace mmo::cli::chaos
