#pragma once
// Internal steps of the fit loop (not installed).

#include <vector>

#include "motiftok/fit/fit.hpp"

namespace motiftok::fit::detail {

/// With strand "both": each token's effect averaged with its reverse complement's (one score
/// per piece, as the learner keeps one per piece). Bases keep their own.
std::vector<double> strand_mean(const vocab::Vocabulary& v, const std::vector<double>& effect);

/// The M-step: prior = effect / max effect for tokens with a positive effect; the others are
/// excluded (with every earlier exclusion); the `propose` highest-effect tokens are extended
/// by one base on either side, and adjacent pairs of them on the best paths of `held` (seen
/// at least twice) are joined, as extra candidates whose prior is their parents' best.
learn::LearnGuide next_guide(const vocab::Vocabulary& v, const std::vector<double>& effect,
                             const std::vector<io::Record>& held, const FitOptions& options,
                             const learn::LearnGuide& previous);

}  // namespace motiftok::fit::detail
