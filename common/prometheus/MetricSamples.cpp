#include "common/prometheus/MetricSamples.hpp"

#include <algorithm>
#include <set>

namespace mmo::prometheus {

namespace {

bool includes(const LabelSet& have, const LabelSet& want) {
    return std::all_of(want.begin(), want.end(), [&have](const auto& pair) {
        const auto it = have.find(pair.first);
        return it != have.end() && it->second == pair.second;
    });
}

}  // namespace

void MetricSamples::add(Sample sample) {
    auto& samples = byName_[sample.name];
    samples.push_back(std::move(sample));
    ++count_;
}

const std::vector<Sample>& MetricSamples::all(const std::string& name) const {
    static const std::vector<Sample> kNone;
    const auto it = byName_.find(name);
    return it == byName_.end() ? kNone : it->second;
}

std::optional<double> MetricSamples::find(const std::string& name, const LabelSet& labels) const {
    for (const auto& sample : all(name))
        if (includes(sample.labels, labels)) return sample.value;
    return std::nullopt;
}

std::optional<double> MetricSamples::sum(const std::string& name, const LabelSet& labels) const {
    std::optional<double> total;
    for (const auto& sample : all(name))
        if (includes(sample.labels, labels)) total = total.value_or(0.0) + sample.value;
    return total;
}

std::vector<std::string> MetricSamples::labelValues(const std::string& name, const std::string& label) const {
    std::set<std::string> values;
    for (const auto& sample : all(name))
        if (const auto it = sample.labels.find(label); it != sample.labels.end()) values.insert(it->second);
    return {values.begin(), values.end()};
}

}  // namespace mmo::prometheus
