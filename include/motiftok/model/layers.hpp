#pragma once
// The layers of the attention classifier (DESIGN.md §6), llm.c style: each layer is a pair of
// plain functions, <layer>_forward and <layer>_backward, over Eigen matrices. Matrices are
// column-major; a "column per item" layout is used throughout (d × m = one column per token
// occurrence). Backward functions ADD into the parameter gradients (so a caller can accumulate
// over examples) and OVERWRITE the input gradients they return. Every layer is a template on
// the scalar T, instantiated for float (training and prediction) and double (the finite-
// difference checks, explain, task effects).

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace motiftok::model {

template <typename T>
using MatrixT = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <typename T>
using VectorT = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <typename T>
using MatrixMapT = Eigen::Map<MatrixT<T>>;
template <typename T>
using ConstMatrixMapT = Eigen::Map<const MatrixT<T>>;
template <typename T>
using VectorMapT = Eigen::Map<VectorT<T>>;
template <typename T>
using ConstVectorMapT = Eigen::Map<const VectorT<T>>;
using Matrix = MatrixT<double>;
using Vector = VectorT<double>;
using MatrixMap = MatrixMapT<double>;
using ConstMatrixMap = ConstMatrixMapT<double>;
using VectorMap = VectorMapT<double>;
using ConstVectorMap = ConstVectorMapT<double>;

/// One occurrence of a vocabulary token in a sequence (one node of the token lattice).
struct Occurrence {
    std::int32_t token = 0;    ///< vocabulary id
    std::uint32_t start = 0;   ///< first base (0-based)
    std::uint32_t length = 0;  ///< bases
    double score = 0.0;        ///< motif score s_i in [0, 1] (the token's normalized IG)
    std::int32_t family = -1;  ///< the token's motif family (vocab.json), −1 = none
};

/// A sequence ready for the network: base codes 0..4 (A, C, G, T, N), its token lattice and,
/// with `--gkm`, its sparse gapped k-mer features (GappedKmers::features; else empty; float32
/// values, as the layers that read them compute).
struct Example {
    std::vector<std::uint8_t> bases;
    std::vector<Occurrence> occurrences;
    std::vector<std::uint32_t> gkm_index;
    std::vector<float> gkm_value;
    /// Fixed logits (one per class) added to the network's before the softmax, or empty: the
    /// gapped k-mer term's while a network learns on top of it (GkmStack::kOn).
    std::vector<float> offset;
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
template <typename T>
void embed_conv_forward(const ConstMatrixMapT<T>& E, const ConstMatrixMapT<T>& Wc,
                        const ConstVectorMapT<T>& bc, const ConstMatrixMapT<T>& Pp,
                        const ConstMatrixMapT<T>& F, int width, const Example& ex, MatrixT<T>& pre,
                        MatrixT<T>& h);
/// Backward of embed_conv_forward: adds into dE (only the columns of used tokens), dWc, dbc,
/// dPp, dF (only the columns of used families).
template <typename T>
void embed_conv_backward(const MatrixT<T>& dh, const MatrixT<T>& pre, int width, const Example& ex,
                         MatrixMapT<T>& dE, MatrixMapT<T>& dWc, VectorMapT<T>& dbc,
                         MatrixMapT<T>& dPp, MatrixMapT<T>& dF);

/// Latent-query attention pooling. Shapes: h d × m, Q d × H (one query per column), K d × d,
/// gamma H, scores m, keep m (0 = masked out; empty = keep all). u = Kᵀ Q (d × H);
/// logits_hi = u_hᵀ h_i / √d + γ_h s_i; alpha H × m = softmax over i of each row; g d × H =
/// h alphaᵀ. Throws DataError if every occurrence is masked. O(m · d · H).
template <typename T>
void attention_forward(const MatrixT<T>& h, const ConstMatrixMapT<T>& Q,
                       const ConstMatrixMapT<T>& K, const ConstVectorMapT<T>& gamma,
                       const VectorT<T>& scores, const std::vector<std::uint8_t>& keep,
                       MatrixT<T>& alpha, MatrixT<T>& g);
/// Backward of attention_forward: returns dh (d × m, overwritten); adds into dQ, dK, dgamma.
template <typename T>
void attention_backward(const MatrixT<T>& dg, const MatrixT<T>& h, const ConstMatrixMapT<T>& Q,
                        const ConstMatrixMapT<T>& K, const VectorT<T>& scores,
                        const MatrixT<T>& alpha, MatrixT<T>& dh, MatrixMapT<T>& dQ,
                        MatrixMapT<T>& dK, VectorMapT<T>& dgamma);

/// Dense layer y = W x + b. Shapes: W out × in, b out, x in, y out.
template <typename T>
void dense_forward(const ConstMatrixMapT<T>& W, const ConstVectorMapT<T>& b, const VectorT<T>& x,
                   VectorT<T>& y);
/// Backward of dense_forward: dx (overwritten), adds into dW and db.
template <typename T>
void dense_backward(const VectorT<T>& dy, const ConstMatrixMapT<T>& W, const VectorT<T>& x,
                    VectorT<T>& dx, MatrixMapT<T>& dW, VectorMapT<T>& db);

/// Sparse linear term, added: y += W x, x sparse (`index` distinct, `value`). Shapes: W C × F,
/// y C. O(C · nnz).
template <typename T>
void sparse_linear_forward(const ConstMatrixMapT<T>& W, const std::vector<std::uint32_t>& index,
                           const std::vector<float>& value, VectorT<T>& y);
/// Backward of sparse_linear_forward: adds dy xᵀ into dW (only the columns of x's nonzeros).
template <typename T>
void sparse_linear_backward(const VectorT<T>& dy, const std::vector<std::uint32_t>& index,
                            const std::vector<float>& value, MatrixMapT<T>& dW);

/// ReLU, elementwise: y = max(x, 0).
template <typename T>
void relu_forward(const VectorT<T>& x, VectorT<T>& y);
/// Backward of relu_forward: dx = dy where x > 0, else 0.
template <typename T>
void relu_backward(const VectorT<T>& dy, const VectorT<T>& x, VectorT<T>& dx);

/// Softmax of logits (C) into probabilities (C), numerically stable.
template <typename T>
void softmax_forward(const VectorT<T>& logits, VectorT<T>& probs);
/// Weighted cross-entropy of softmax(logits): returns weight · (−log p_label) and writes the
/// gradient with respect to the logits, weight · (p − onehot(label)).
template <typename T>
double softmax_xent(const VectorT<T>& probs, int label, double weight, VectorT<T>& dlogits);

}  // namespace motiftok::model
