#pragma once
// Pieces of training shared by train.cpp (the network) and gkm_auto.cpp (the gapped k-mer term
// of --gkm auto): the stratified split, the class weights and the fixed-chunk reduction size.
// Private to module 'model'.

#include <cstddef>
#include <cstdint>
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

}  // namespace motiftok::model::detail

namespace motiftok::model::detail {

/// l and k of the term `--gkm auto` fits, the weights β it tries (ascending, 0 first) and the
/// most memory its float32 feature cache may take (above it, a seeded subsample of the
/// training and validation sequences is used; GkmChoice records how many).
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

/// `--gkm auto` for one member: the gapped k-mer term fitted alone (float32, Adam, early
/// stopping) on the training split of the member's options (the network's own split), kept
/// with its validation features so that any network trained on that split can be scored with
/// it. Deterministic for any thread count.
class GkmTermFit {
  public:
    /// Fits the term (nothing when the split has no validation or no training sequences).
    GkmTermFit(const ClassifierOptions& options, std::size_t classes, const io::Dataset& data,
               int member);
    ~GkmTermFit();
    /// The record of the term with `trunk` (trained without the term): the validation loss of
    /// trunk + β · term for each β of kAutoScales, and the β of the lowest (the smaller on
    /// ties); {0} with a NaN loss without a validation split.
    GkmChoice choose(const Classifier& trunk) const;
    /// `trunk` with the term added with weight `beta` (options gkm_length = kAutoLength), or
    /// `trunk` unchanged when beta = 0.
    Classifier add(Classifier trunk, double beta) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace motiftok::model::detail
