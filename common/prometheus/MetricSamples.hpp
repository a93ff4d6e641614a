#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/prometheus/Sample.hpp"

// The samples of one scrape, looked up by metric name and labels.
namespace mmo::prometheus {

class MetricSamples {
  public:
    // Adds a sample; samples of a name keep their input order.
    void add(Sample sample);

    // Every sample of a name (empty when the name is absent).
    const std::vector<Sample>& all(const std::string& name) const;

    // The value of the first sample of `name` whose labels include every pair of `labels`.
    std::optional<double> find(const std::string& name, const LabelSet& labels = {}) const;

    // The sum of every sample of `name` whose labels include every pair of `labels`; nullopt when none
    // matches.
    std::optional<double> sum(const std::string& name, const LabelSet& labels = {}) const;

    // The distinct values of one label across the samples of a name, sorted.
    std::vector<std::string> labelValues(const std::string& name, const std::string& label) const;

    bool contains(const std::string& name) const { return byName_.count(name) != 0; }
    std::size_t size() const { return count_; }

  private:
    std::map<std::string, std::vector<Sample>> byName_;
    std::size_t count_ = 0;
};

}  // namespace mmo::prometheus
