#pragma once
// motiftok fit: the task-driven loop (docs/algorithm.md "The fit loop"). Each round learns the
// vocabulary with the current token scores (learn::LearnGuide), trains the classifier on the
// training split, measures each token's task effect on one half of the held-back split (the
// exact loss change when all its occurrences are masked, Classifier::mask_token_losses) and edits
// the vocabulary: drops a bounded number of tokens without effect, adds a bounded number of
// extensions and joins of high-effect tokens, rescores. Rounds are compared on the other half,
// which the E-step never sees; stops when that loss stops improving and keeps the best round.
// Deterministic per seed, the same bytes for any thread count.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/learn/learner.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::fit {

/// Options of `motiftok fit`; the member initializers are the CLI defaults.
struct FitOptions {
    /// The defaults, with the tokens-only classifier (model.conv_width = 0): with the base
    /// convolution a five-base vocabulary is as good as any (docs/algorithm.md "Why tokens only").
    /// fit's classifier reads the tokens only: no base convolution and no gapped k-mer term
    /// (either can carry the task without the tokens; docs/algorithm.md "Why tokens only").
    FitOptions() {
        model.conv_width = 0;
        model.gkm_auto = false;
        model.gkm_length = 0;
    }

    learn::LearnOptions learn;       ///< the vocabulary learner's options (threads, seed set here)
    model::ClassifierOptions model;  ///< the classifier's options (seed, threads set here)
    int rounds = 5;                  ///< rounds at most
    int round_patience = 2;  ///< rounds without a clearly lower held-back loss before stopping
    /// Share of each class held back; half of it for the E-step (task effects), the other
    /// half, which the E-step never sees, for the round selection.
    double holdout_frac = 0.3;
    /// λ: token score = (1 − λ) IG/max IG + λ effect/max effect, times β = learn.ig_weight in the
    /// path bonus (rounds ≥ 2; round 1 is label-blind: `learn --ig-weight 0`).
    double effect_weight = 0.5;
    /// z of the round selection: a round replaces the best only if the mean of the paired
    /// per-sequence held-back loss differences + z · their SE is below 0 (0: any lower loss).
    double select_z = 1.0;
    /// Retrain the kept vocabulary's classifier on all the data (training + held-back split).
    bool refit = true;
    /// z of the M-step's noise rule: a token is dropped only if Δ + z·SE < 0 (it clearly hurts)
    /// and gets the effect bonus only if Δ − z·SE > 0 (it clearly helps); SE = the standard
    /// error of Δ over the E-step's sequences. 0 gives the sign rule (drop every Δ ≤ 0).
    double effect_z = 2.0;
    std::size_t propose = 64;  ///< highest-effect tokens extended and joined per round
    /// A round edits the previous vocabulary: at most this many strings dropped (Δ ≤ 0) and at
    /// most this many proposals added.
    std::size_t edit = 64;
    std::size_t effect_seqs = 2000;  ///< held-back sequences used by the E-step at most
    /// K: the classifier of every round is an ensemble of K models (seeds seed … seed+K−1,
    /// probabilities averaged), so that the task effects and the round selection average out
    /// classifier seed noise. The refit trains `model` as given (its own `ensemble`). Default 1:
    /// K = 3 cost 3–4.5× the CPU time and was not measurably better (docs/benchmarks.md).
    int round_ensemble = 1;
    std::uint64_t seed = 1;
    int threads = 1;

    /// Every invalid option (including the learner's and the model's), named by its field.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
    /// The fit options as a JSON object text (stored in vocab.json's options under "fit").
    std::string to_json() const;
};

/// One round, as reported to the progress callback and written to fit.tsv.
struct RoundReport {
    int round = 0;
    std::size_t vocab_size = 0;
    double valid_loss = 0.0;   ///< held-back mean cross-entropy, nats
    double valid_auroc = 0.0;  ///< held-back AUROC (macro one-vs-rest for > 2 classes)
    std::size_t added = 0;     ///< tokens not in the previous round's vocabulary
    std::size_t dropped = 0;   ///< previous round's tokens no longer in the vocabulary
    std::size_t changed = 0;   ///< kept tokens whose motif score moved by more than 0.05
    double seconds = 0.0;
    bool best = false;  ///< the best round so far
};

struct FitResult {
    vocab::Vocabulary vocabulary;  ///< the best round's, with task_effect per token
    model::Classifier model;       ///< the classifier trained on it
    std::vector<RoundReport> rounds;
    int best_round = 0;
};

/// Task effect per token id: Δ, its mean over sequences, and the standard error of that mean.
struct TaskEffects {
    std::vector<double> mean;  ///< Δ(t), nats
    std::vector<double> se;    ///< sd of the per-sequence Δ / √n (0 with fewer than 2 sequences)
};

/// Task effects over `records` (labels as the model's class indices): the mean and standard
/// error over the records of Classifier::mask_token_losses (0 where a token does not occur).
/// Sums in record order: the same bytes for any number of OpenMP `threads`.
TaskEffects task_effects(const model::Classifier& model, const std::vector<io::Record>& records,
                         const std::vector<std::int32_t>& labels, int threads);

/// Runs the loop on labeled `data` (≥ 2 non-empty classes, else DataError).
FitResult fit(const io::Dataset& data, const FitOptions& options,
              const std::function<void(const RoundReport&)>& progress = {});

/// fit.tsv: a header and one row per round.
std::string rounds_tsv(const std::vector<RoundReport>& rounds);

}  // namespace motiftok::fit
