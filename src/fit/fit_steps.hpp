#pragma once
// Internal steps of the fit loop (not installed).

#include <cstdint>
#include <utility>
#include <vector>

#include "motiftok/fit/fit.hpp"

namespace motiftok::fit::detail {

/// The three disjoint parts of the data, as record indices in input order.
struct Split {
    std::vector<std::size_t> train;   ///< the vocabulary and the classifier are fit here
    std::vector<std::size_t> effect;  ///< the E-step measures task effects here
    std::vector<std::size_t> select;  ///< rounds are compared here (never seen by the E-step)
};

/// Stratified and seeded: per class a shuffle (Rng(seed ^ 0xF17F17)); of its first
/// round(frac · n_c) members the even positions go to `effect`, the odd ones to `select`; the
/// rest to `train`. The same `labels`, `frac` and `seed` give the same split.
Split holdout_split(const std::vector<std::int32_t>& labels, std::size_t n_classes, double frac,
                    std::uint64_t seed);

/// The records (and labels) of `data` at `indices`, classes as in `data`.
io::Dataset subset(const io::Dataset& data, const std::vector<std::size_t>& indices);

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

/// The M-step, an edit of `v` (the round's vocabulary; its task effects measured on `effect`),
/// with z = options.effect_z. Scores: a token whose Δ − z·SE > 0 gets prior Δ / max Δ over those
/// tokens, the rest prior 0 (IG only). Drops: tokens with Δ ≤ 0, smallest |Δ| first (ties by
/// string), up to options.edit strings (a token's reverse complement goes with it); dropped
/// strings stay excluded in later rounds. Proposals: the options.propose highest-Δ helpful
/// tokens extended by one base on either side, and adjacent pairs of helpful tokens on the best
/// paths of `effect` (seen at least twice) joined, best parent prior first, up to options.edit
/// strings, each with its parents' best prior. The guide is `fixed`: the next vocabulary is the
/// kept tokens plus the proposals, with the unigram probabilities re-estimated by the learner.
learn::LearnGuide next_guide(const vocab::Vocabulary& v, const TaskEffects& effect,
                             const std::vector<io::Record>& effect_records,
                             const FitOptions& options, const learn::LearnGuide& previous);

}  // namespace motiftok::fit::detail
