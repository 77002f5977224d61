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

/// Per-sequence cross-entropy −log p(y | x) of class probabilities `probs` (p clipped at
/// 1e-300, as model::evaluate does; their mean is Metrics::loss).
std::vector<double> sequence_losses(const std::vector<std::vector<double>>& probs,
                                    const std::vector<std::int32_t>& labels);

/// The round selection: true if `now` is lower than `best` beyond noise, i.e. the paired
/// differences d_x = now_x − best_x (same sequences) have mean(d) + z · SE(d) < 0, SE(d) =
/// sd(d) / √n. z = 0: any lower mean. An empty `best` (no round yet) is always beaten.
bool clearly_better(const std::vector<double>& best, const std::vector<double>& now, double z);

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
