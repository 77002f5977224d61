#pragma once
// Internal steps of the fit loop (not installed).

#include <cstdint>
#include <utility>
#include <vector>

#include "motiftok/fit/fit.hpp"

namespace motiftok::fit::detail {

/// Mean and standard error per token id (0 … size − 1) of per-sequence rows of (token, Δ), a
/// token absent from a row counting as Δ = 0 for that sequence. Sums in row order.
TaskEffects summarize_effects(const std::vector<std::vector<std::pair<std::int32_t, double>>>& per,
                              std::size_t size);

/// With strand "both": each token's effect averaged with its reverse complement's (one score
/// per piece, as the learner keeps one per piece), SE (se_t + se_rc) / 2 (the bound for any
/// correlation between the two). Bases keep their own.
TaskEffects strand_mean(const vocab::Vocabulary& v, const TaskEffects& effect);

/// The M-step with z = options.effect_z: tokens whose Δ − z·SE > 0 get prior Δ / max Δ over
/// those tokens; tokens whose Δ + z·SE < 0 are excluded (with every earlier exclusion); the
/// rest keep prior 0 (IG only). The `propose` highest-Δ tokens of the first kind are extended
/// by one base on either side, and adjacent pairs of them on the best paths of `held` (seen
/// at least twice) are joined, as extra candidates whose prior is their parents' best.
learn::LearnGuide next_guide(const vocab::Vocabulary& v, const TaskEffects& effect,
                             const std::vector<io::Record>& held, const FitOptions& options,
                             const learn::LearnGuide& previous);

}  // namespace motiftok::fit::detail
