#include "motiftok/evaluate/split.hpp"

#include <cmath>

#include "motiftok/random.hpp"

namespace motiftok::evaluate {

std::vector<int> assign_folds(const std::vector<std::int32_t>& labels, std::size_t classes,
                              int folds, double test_frac, std::uint64_t seed) {
    std::vector<int> fold(labels.size(), -1);
    for (std::size_t c = 0; c < classes; ++c) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (static_cast<std::size_t>(labels[i]) == c) members.push_back(i);
        }
        Rng rng(seed * 0x9E3779B97F4A7C15ull + c);  // each class its own stream
        for (std::size_t i = members.size(); i > 1; --i) {
            std::swap(members[i - 1], members[rng.uniform(i)]);
        }
        const auto n_test =
            static_cast<std::size_t>(std::llround(test_frac * static_cast<double>(members.size())));
        for (std::size_t k = 0; k < members.size(); ++k) {
            if (folds >= 2) {
                fold[members[k]] = static_cast<int>(k % static_cast<std::size_t>(folds));
            } else if (k < n_test) {
                fold[members[k]] = 0;
            }
        }
    }
    return fold;
}

}  // namespace motiftok::evaluate
