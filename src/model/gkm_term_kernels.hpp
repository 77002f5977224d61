#pragma once
// The gapped k-mer term of --gkm auto (gkm_auto.cpp fits it): its feature rows, computed once
// and cached, and the float32 kernels over them: the logits, a chunk's gradient, the AdamW
// step and the validation probabilities. Each adds in a fixed order, whatever the threads.
// Private to module 'model'.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/model/gapped_kmers.hpp"

namespace motiftok::model::detail {

// Sparse rows (one per sequence and strand) pooled in arrays; row r is [start[r], start[r + 1]),
// its features in the order GappedKmers::features gives (the logits add them in that order).
// `by_feature` (when asked for) lists each row's positions again, in ascending feature order:
// the gradient's scatter into W's columns then sweeps memory forward instead of jumping (each
// column gets one addend per row, so the order within a row changes no value).
struct Rows {
    std::vector<std::uint16_t> index;
    std::vector<float> value;
    std::vector<std::size_t> start{0};
    std::vector<std::uint16_t> by_feature;  // position within the row
};

// The feature rows of `seqs` (strands rows per sequence: forward, then reverse complement),
// computed in blocks in parallel and appended in order; `by_feature` filled when `sorted`.
// `gkm` is GappedKmers(kAutoLength, kAutoInformative): its features index in 16 bits.
Rows featurize(const GappedKmers& gkm, const io::Dataset& data,
               const std::vector<std::size_t>& seqs, int strands, bool sorted, int threads);

// The linear term in float32: W C × F (column f = feature f), b C.
struct Linear {
    std::vector<float> W, b;
    std::size_t C = 0;

    // z = W φ_r + b for row r.
    void logits(const Rows& rows, std::size_t r, float* z) const {
        for (std::size_t c = 0; c < C; ++c) z[c] = b[c];
        for (std::size_t j = rows.start[r]; j < rows.start[r + 1]; ++j) {
            const float v = rows.value[j];
            const float* w = W.data() + static_cast<std::size_t>(rows.index[j]) * C;
            for (std::size_t c = 0; c < C; ++c) z[c] += v * w[c];
        }
    }
};

// z = W φ_r + b for the rows r[0, n) into z (n × C): the values Linear::logits gives, computed
// several rows side by side where that pays.
void logits_of_rows(const Linear& model, const Rows& rows, const std::size_t* r, std::size_t n,
                    float* z);

// Mean over strands of the per-strand class probabilities of sequence k, each
// softmax(base_s + β · z_s) (base: the network's log-probabilities, or 0 for the term alone).
std::vector<double> strand_mean(const float* z, const double* base, double beta, std::size_t C,
                                int strands);

// One AdamW step of the term from the kChunks chunk gradients (each cleared for the next
// batch), for the parameters [lo, hi) of W then b. Per parameter: the chunk gradients summed in
// chunk order (a chunk that did not touch it holds zero, which adds nothing), then AdamW (decay
// on W only). Elementwise and dense: any split of [0, P) into ranges gives the same values.
struct TermStep {
    std::vector<std::vector<float>>& chunk;
    std::vector<float>& m;
    std::vector<float>& v;
    Linear& model;
    float lr, wd, inv_w, c1, c2;

    void operator()(std::size_t lo, std::size_t hi) const;
};

// Adds to `g` (W's columns, then b) the class-weighted gradient of the training examples
// order[lo, hi): per example and strand, dz = w · (softmax(z) − onehot(y)), scattered into the
// row's columns in ascending feature order.
void chunk_gradient(const Linear& model, const Rows& rows, const std::vector<std::int32_t>& y_of,
                    const std::vector<std::size_t>& order, std::size_t lo, std::size_t hi,
                    const std::vector<double>& weight, int strands, float* g);

// The class probabilities of the term alone (mean over strands) for the validation sequences
// [lo, hi), into probs.
void term_probs(const Linear& model, const Rows& rows, std::size_t lo, std::size_t hi, int strands,
                std::vector<std::vector<double>>& probs);

}  // namespace motiftok::model::detail
