#include "tests/support/ChangeWriter.hpp"

#include "tests/support/HttpClient.hpp"

namespace mmo::test {

namespace {
const char* const kTypes[] = {"stone", "dirt", "grass", "sand", "wood"};
}  // namespace

ChangeWriter::ChangeWriter(const RegionNode& region, int row, std::chrono::milliseconds pace)
    : ChangeWriter(region.rest(), row, pace) {}

ChangeWriter::ChangeWriter(std::uint16_t restPort, int row, std::chrono::milliseconds pace)
    : restPort_(restPort), row_(row), pace_(pace) {
    thread_ = std::thread([this] { run(); });
}

ChangeWriter::~ChangeWriter() {
    stop();
}

void ChangeWriter::stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::vector<AckedChange> ChangeWriter::ackedChanges() {
    std::lock_guard lock(mutex_);
    return acked_;
}

void ChangeWriter::run() {
    std::string token;
    for (int i = 0; !stop_; ++i) {
        if (token.empty()) token = adminToken(restPort_);
        const std::string type = kTypes[i % 5];
        const auto body = R"({"event_type":"BlockEvent","data":{"x":)" + std::to_string(i) + R"(,"y":)" +
                          std::to_string(row_) + R"(,"block_type":")" + type + R"("}})";
        const auto r =
            httpPost(restPort_, "/api/admin/events/send", body, {{"Authorization", "Bearer " + token}});
        if (r.status == 202) {
            {
                std::lock_guard lock(mutex_);
                acked_.push_back({i, row_, type});
                ++ackedCount_;
            }
            if (pace_.count() > 0) std::this_thread::sleep_for(pace_);  // load shaping, not a wait for state
        } else if (r.status == 401) {
            token.clear();  // a restarted node signs with another secret: log in again
        } else if (r.status == 0) {
            token.clear();  // the node is gone (killed): wait for it to come back
            std::this_thread::sleep_for(std::chrono::milliseconds(20));  // pacing a retry loop, not a wait
        }
    }
}

}  // namespace mmo::test
