#pragma once
// Seeded stratified splits of labeled records for `motiftok evaluate`.

#include <cstdint>
#include <vector>

namespace motiftok::evaluate {

/// The fold of each record. With `folds` ≥ 2: each class's records are shuffled (seeded) and
/// dealt to folds 0, 1, …, folds−1 in turn, so every fold holds ⌊n_c/K⌋ or ⌈n_c/K⌉ of class c.
/// With `folds` = 0: one split, the first round(test_frac · n_c) shuffled records of each class
/// are the test part (fold 0), the rest −1 (training only). Deterministic in `seed`; does not
/// depend on the record order within other classes. Labels are 0..classes−1.
std::vector<int> assign_folds(const std::vector<std::int32_t>& labels, std::size_t classes,
                              int folds, double test_frac, std::uint64_t seed);

}  // namespace motiftok::evaluate
