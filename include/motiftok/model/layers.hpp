#pragma once
// The layers of the attention classifier (DESIGN.md §6), llm.c style: each layer is a pair of
// plain functions, <layer>_forward and <layer>_backward, over Eigen matrices. Matrices are
// column-major; a "column per item" layout is used throughout (d × m = one column per token
// occurrence). Backward functions ADD into the parameter gradients (so a caller can accumulate
// over examples) and OVERWRITE the input gradients they return.

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace motiftok::model {

using Matrix = Eigen::MatrixXd;
using Vector = Eigen::VectorXd;
using MatrixMap = Eigen::Map<Eigen::MatrixXd>;
using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXd>;
using VectorMap = Eigen::Map<Eigen::VectorXd>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXd>;

/// One occurrence of a vocabulary token in a sequence (one node of the token lattice).
struct Occurrence {
    std::int32_t token = 0;    ///< vocabulary id
    std::uint32_t start = 0;   ///< first base (0-based)
    std::uint32_t length = 0;  ///< bases
    double score = 0.0;        ///< motif score s_i in [0, 1] (the token's normalized IG)
    std::int32_t family = -1;  ///< the token's motif family (vocab.json), −1 = none
};

/// A sequence ready for the network: base codes 0..4 (A, C, G, T, N), its token lattice and,
/// with `--gkm`, its sparse gapped k-mer features (GappedKmers::features; else empty).
struct Example {
    std::vector<std::uint8_t> bases;
    std::vector<Occurrence> occurrences;
    std::vector<std::uint32_t> gkm_index;
    std::vector<double> gkm_value;
};

/// First base of the width-`width` convolution window of occurrence `o` (may be negative):
/// the window is centred on the token, so it covers the token's own letters (fastText-style
/// composition) and its flanks (neighbouring positions).
inline std::int64_t conv_window_start(const Occurrence& o, int width) {
    return static_cast<std::int64_t>(o.start) +
           (static_cast<std::int64_t>(o.length) - static_cast<std::int64_t>(width)) / 2;
}

/// The position bin of occurrence `o` in a sequence of `n` bases: the token's centre as a share
/// of the length, cut into `bins` equal bins (0 … bins − 1).
inline Eigen::Index position_bin(const Occurrence& o, std::size_t n, int bins) {
    const double centre = static_cast<double>(o.start) + 0.5 * static_cast<double>(o.length);
    const auto b = static_cast<Eigen::Index>(centre / static_cast<double>(n) * bins);
    return std::min<Eigen::Index>(std::max<Eigen::Index>(b, 0), bins - 1);
}

/// Token embedding plus family embedding plus base convolution plus position. Shapes: E d × |V|,
/// Wc d × 4w (column 4k + b is the weight of base b at window offset k; N bases and positions
/// outside the sequence add nothing), bc d, Pp d × B (B position bins, may be 0 = no position
/// term), F d × nF (motif families, may be 0 = no family term; occurrences with family −1 add
/// nothing). Output pre d × m (before the ReLU) and h d × m: pre_i = E[t_i] + F[f_i] +
/// Σ_k Wc[:, 4k + base(start_i + k)] + bc + Pp[:, bin_i], h_i = relu(pre_i) when width > 0;
/// h_i = E[t_i] + F[f_i] + Pp[:, bin_i] when width == 0 (no convolution, no ReLU). O(m · d · w).
void embed_conv_forward(const ConstMatrixMap& E, const ConstMatrixMap& Wc, const ConstVectorMap& bc,
                        const ConstMatrixMap& Pp, const ConstMatrixMap& F, int width,
                        const Example& ex, Matrix& pre, Matrix& h);
/// Backward of embed_conv_forward: adds into dE (only the columns of used tokens), dWc, dbc,
/// dPp, dF (only the columns of used families).
void embed_conv_backward(const Matrix& dh, const Matrix& pre, int width, const Example& ex,
                         MatrixMap& dE, MatrixMap& dWc, VectorMap& dbc, MatrixMap& dPp,
                         MatrixMap& dF);

/// Latent-query attention pooling. Shapes: h d × m, Q d × H (one query per column), K d × d,
/// gamma H, scores m, keep m (0 = masked out; empty = keep all). u = Kᵀ Q (d × H);
/// logits_hi = u_hᵀ h_i / √d + γ_h s_i; alpha H × m = softmax over i of each row; g d × H =
/// h alphaᵀ. Throws DataError if every occurrence is masked. O(m · d · H).
void attention_forward(const Matrix& h, const ConstMatrixMap& Q, const ConstMatrixMap& K,
                       const ConstVectorMap& gamma, const Vector& scores,
                       const std::vector<std::uint8_t>& keep, Matrix& alpha, Matrix& g);
/// Backward of attention_forward: returns dh (d × m, overwritten); adds into dQ, dK, dgamma.
void attention_backward(const Matrix& dg, const Matrix& h, const ConstMatrixMap& Q,
                        const ConstMatrixMap& K, const Vector& scores, const Matrix& alpha,
                        Matrix& dh, MatrixMap& dQ, MatrixMap& dK, VectorMap& dgamma);

/// Dense layer y = W x + b. Shapes: W out × in, b out, x in, y out.
void dense_forward(const ConstMatrixMap& W, const ConstVectorMap& b, const Vector& x, Vector& y);
/// Backward of dense_forward: dx (overwritten), adds into dW and db.
void dense_backward(const Vector& dy, const ConstMatrixMap& W, const Vector& x, Vector& dx,
                    MatrixMap& dW, VectorMap& db);

/// Sparse linear term, added: y += W x, x sparse (`index` distinct, `value`). Shapes: W C × F,
/// y C. O(C · nnz).
void sparse_linear_forward(const ConstMatrixMap& W, const std::vector<std::uint32_t>& index,
                           const std::vector<double>& value, Vector& y);
/// Backward of sparse_linear_forward: adds dy xᵀ into dW (only the columns of x's nonzeros).
void sparse_linear_backward(const Vector& dy, const std::vector<std::uint32_t>& index,
                            const std::vector<double>& value, MatrixMap& dW);

/// ReLU, elementwise: y = max(x, 0).
void relu_forward(const Vector& x, Vector& y);
/// Backward of relu_forward: dx = dy where x > 0, else 0.
void relu_backward(const Vector& dy, const Vector& x, Vector& dx);

/// Softmax of logits (C) into probabilities (C), numerically stable.
void softmax_forward(const Vector& logits, Vector& probs);
/// Weighted cross-entropy of softmax(logits): returns weight · (−log p_label) and writes the
/// gradient with respect to the logits, weight · (p − onehot(label)).
double softmax_xent(const Vector& probs, int label, double weight, Vector& dlogits);

}  // namespace motiftok::model
