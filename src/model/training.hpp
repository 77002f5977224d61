#pragma once
// Pieces of training shared by train.cpp (members and the --conv-width / --pos-bins auto race),
// network_trainer.cpp (one network, an epoch at a time), gkm_auto.cpp and gkm_term_kernels.cpp
// (the gapped k-mer term of --gkm auto): the stratified split, the class weights, the
// fixed-chunk reduction size, NetworkTrainer, GkmTermFit and the auto settings. Private to module
// 'model' (its unit tests include it too).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "motiftok/model/classifier.hpp"
#include "motiftok/random.hpp"

namespace motiftok::model::detail {

/// A batch is cut into this many fixed chunks; each chunk sums its examples' gradients in
/// order into its own buffer, and the buffers are added in chunk order. Threads only decide
/// which chunk runs where, never the order of additions: -t 1 and -t N give the same bytes.
inline constexpr int kChunks = 8;

/// Fisher–Yates shuffle driven by `rng`.
void shuffle(std::vector<std::size_t>& v, Rng& rng);

/// Indices of the training and validation sequences, each ascending.
struct Split {
    std::vector<std::size_t> train, valid;
};

/// Fixed logits per sequence of a dataset and strand: z[(i · strands + s) · C + c] for
/// sequence i, strand s (0 forward), class c. What a network stacked on the gapped k-mer term
/// adds to its own logits (GkmTermFit::offsets).
struct TermOffsets {
    std::vector<float> z;
    std::size_t strands = 1, C = 0;
    /// The C logits of sequence i on `strand`.
    const float* of(std::size_t i, int strand) const {
        return z.data() + (i * strands + static_cast<std::size_t>(strand)) * C;
    }
};

/// Stratified split: per class, a seeded shuffle; the first round(frac · n_c) go to validation
/// (at least one when frac > 0 and the class has two or more sequences).
Split split(const std::vector<std::int32_t>& labels, std::size_t classes, double frac, Rng& rng);

/// The generator of a member's split and epoch shuffles: the split is its first draw.
inline Rng training_rng(const ClassifierOptions& options) {
    return Rng(options.seed ^ 0x5eedULL);
}

/// Class weights n / (C · n_c) over the training split: every class weighs the same in total
/// (0 for a class absent from it).
std::vector<double> class_weights(const std::vector<std::int32_t>& labels,
                                  const std::vector<std::size_t>& train, std::size_t classes);

/// One network's training (options.ensemble == 1, the gapped k-mer term as options say), an
/// epoch at a time: the member's split and shuffles (training_rng), class weights, AdamW,
/// validation after every epoch and early stopping on it (the best weights are kept). Its
/// trajectory depends only on its options and data: trainers run interleaved, or paused and
/// resumed, give the bytes of one run straight to the end.
class NetworkTrainer {
  public:
    /// `label`'s member, members and candidate_width / candidate_bins label the reports passed
    /// to `progress` (the history keeps them without the candidate: -1). With `offsets`, the
    /// network learns on top of them (GkmStack::kOn): every example's logits, in training and
    /// validation, are the network's plus the offsets' (kept alive by the caller).
    NetworkTrainer(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                   const ClassifierOptions& options, const EpochReport& label,
                   std::function<void(const EpochReport&)> progress,
                   const TermOffsets* offsets = nullptr);
    ~NetworkTrainer();
    NetworkTrainer(const NetworkTrainer&) = delete;
    NetworkTrainer& operator=(const NetworkTrainer&) = delete;

    /// options.epochs epochs run, or patience exhausted on the validation split.
    bool done() const;
    /// Trains one more batch (one Adam step; requires !done()), and when it was the epoch's
    /// last, ends the epoch: validation, early stopping, the report. Throws DataError when the
    /// epoch's loss diverges.
    void run_step();
    /// run_step() to the end of the epoch (the rest of it, when begun).
    void run_epoch();
    /// run_epoch() until done().
    void run_to_end();
    /// Epochs ended.
    int epochs_run() const;
    /// Adam steps taken.
    std::uint64_t steps_run() const;
    /// True between an epoch's first and last batch.
    bool mid_epoch() const;
    /// Epochs trained, the one under way counted by the fraction of its examples seen.
    double epochs_trained() const;
    /// The validation loss of the current weights (NaN without a validation split); nothing
    /// changes (the epochs' early stopping only sees epochs' ends).
    double valid_loss() const;
    /// A model with the current weights.
    Classifier model() const;
    /// The lowest validation loss so far (NaN without a validation split or before an epoch).
    double best_valid_loss() const;
    /// A model with the best weights so far (the trainer goes on).
    Classifier best_model() const;
    /// The report of every epoch run, in order.
    const std::vector<EpochReport>& history() const;
    /// The model with the best weights; the trainer is spent.
    Classifier finish() &&;

  private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace motiftok::model::detail

namespace motiftok::model::detail {

/// l and k of the term `--gkm auto` fits, the weights β it tries (ascending, 0 first) and the
/// most memory its float32 feature cache may take (above it, the fit and its early stopping use a
/// seeded subsample of the training and validation sequences; GkmChoice records how many
/// training sequences; β is judged on the whole validation split all the same).
inline constexpr int kAutoLength = 8;
inline constexpr int kAutoInformative = 5;
inline constexpr double kAutoScales[] = {0.0, 0.25, 0.5, 1.0};
inline constexpr std::size_t kAutoCacheBytes = std::size_t{256} << 20;
/// The term alone is trained with batches this many times --batch-size, a step this many times
/// --learning-rate, for at most kAutoEpochs epochs (a linear model converges in few).
inline constexpr std::size_t kAutoBatchFactor = 4;
inline constexpr double kAutoRateFactor = 3.0;
inline constexpr int kAutoEpochs = 10;
/// The convolution widths `--conv-width auto` tries, in order (the first wins ties).
inline constexpr int kAutoWidths[] = {9, 0};
/// The position bins `--pos-bins auto` tries, in order (the first, the default, wins ties).
inline constexpr int kAutoBins[] = {8, 32};
/// The race of --conv-width / --pos-bins auto: every candidate network trains this many epochs
/// (fewer when it stops early), then only the one with the lowest validation loss at that point
/// goes on to its own early stop (NetworkChoice::probe_epochs; kAutoProbeSteps bounds it too). 5,
/// not 3: on promoters the 32-bin network pulls ahead only at epochs 4-6 (benchmarks.md, "the
/// race's probe is 5 epochs").
inline constexpr int kAutoProbeEpochs = 5;
/// ... and at most this many Adam steps (batches), so that on large training splits the losers
/// cost a fraction of an epoch, not five: 1000 steps of 32 are 32,000 sequences, more than five
/// epochs of every benchmark set but the full CLIP sets (1.2 epochs) and a third of an epoch of
/// 100k sequences. Promoters' 32 bins pull ahead after 430-650 steps.
inline constexpr std::uint64_t kAutoProbeSteps = 1000;
/// A network stacked on the term (GkmStack::kOn) sees, for each training sequence, the logits
/// of a term fitted without it: the training split is cut into this many folds (position p in
/// the split goes to fold p mod kStackFolds) and the term refitted once per fold on the others.
/// (With the full term's own logits the network saw training losses far below the validation
/// loss and learned little: CLIP, benchmarks.md.)
inline constexpr int kStackFolds = 5;

/// The race's probe: a candidate is judged after `epochs` epochs or `steps` steps, whichever
/// comes first (or at its early stop).
struct RaceProbe {
    int epochs = kAutoProbeEpochs;
    std::uint64_t steps = kAutoProbeSteps;
};

class GkmTermFit;

/// The gapped k-mer terms of --gkm auto, one per ensemble member, each fitted on first use with
/// its stacking offsets and kept: --gkm-stack auto trains the model alone and stacked on the
/// same terms (a term fitted for the network alone is the same bytes without the offsets).
class TermFits {
  public:
    TermFits();
    ~TermFits();
    /// Member `member`'s term (1-based) under its options `one` (every caller's the same but
    /// for gkm_stack: the first call's are fitted).
    const GkmTermFit& member(const ClassifierOptions& one, std::size_t classes,
                             const io::Dataset& data, int member);

  private:
    std::vector<std::unique_ptr<GkmTermFit>> fits_;
};

/// train_classifier() with the race's probe given (the tests' short probes) and, when `terms`
/// is given, the --gkm auto terms taken from it (fitted there once) instead of fitted here.
Classifier train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                            const ClassifierOptions& options,
                            const std::function<void(const EpochReport&)>& progress,
                            const RaceProbe& probe, TermFits* terms = nullptr);

/// `--gkm auto` for one member: the gapped k-mer term fitted alone (float32, Adam, early
/// stopping) on the training split of the member's options (the network's own split), kept
/// with its logits on the whole validation split so that any network trained on that split can
/// be scored with it. Deterministic for any thread count.
class GkmTermFit {
  public:
    /// Fits the term (nothing when the split has no validation or no training sequences).
    /// `cache_bytes` bounds the cached features of the fit (a seeded subsample of the training
    /// split and of the validation split its early stopping uses, when the features exceed it);
    /// choose() judges on the whole validation split whatever it is.
    GkmTermFit(const ClassifierOptions& options, std::size_t classes, const io::Dataset& data,
               int member, std::size_t cache_bytes = kAutoCacheBytes);
    ~GkmTermFit();
    /// The record of the term with `trunk` (trained without the term): the validation loss of
    /// trunk + β · term for each β of kAutoScales, and the β of the lowest (the smaller on
    /// ties); {0} with a NaN loss without a validation split.
    GkmChoice choose(const Classifier& trunk) const;
    /// `trunk` with the term added with weight `beta` (options gkm_length = kAutoLength), or
    /// `trunk` unchanged when beta = 0.
    Classifier add(Classifier trunk, double beta) const;
    /// What a network stacked on the term adds to its logits (fitted when options.gkm_stack is
    /// not kOff): for a training sequence the logits of the term refitted without its fold
    /// (kStackFolds), or of the term itself when the fit's cache left the sequence out; for a
    /// validation sequence the term's. Empty without a validation split.
    const TermOffsets& offsets() const;
    /// The record of a network stacked on the term (`stacked` trained with offsets()): its
    /// validation loss with the term at β = 1, the model add(stacked, 1) is.
    GkmChoice choose_stacked(const Classifier& stacked) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::model::detail
