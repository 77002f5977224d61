#include "motiftok/model/layers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "motiftok/error.hpp"

namespace motiftok::model {

namespace {

// Range of convolution window starts over the occurrences of `ex`.
void window_range(const Example& ex, int width, std::int64_t& lo, std::int64_t& hi) {
    lo = std::numeric_limits<std::int64_t>::max();
    hi = std::numeric_limits<std::int64_t>::min();
    for (const auto& o : ex.occurrences) {
        const std::int64_t c = conv_window_start(o, width);
        lo = std::min(lo, c);
        hi = std::max(hi, c);
    }
}

}  // namespace

// The convolution depends only on the window start, which many occurrences share (all tokens
// of one length starting at one base): it is computed once per window start (P, d × starts),
// O((n + w) · d · w), and each occurrence adds its column, O(m · d).
template <typename T>
void embed_conv_forward(const ConstMatrixMapT<T>& E, const ConstMatrixMapT<T>& Wc,
                        const ConstVectorMapT<T>& bc, const ConstMatrixMapT<T>& Pp,
                        const ConstMatrixMapT<T>& F, int width, const Example& ex, MatrixT<T>& pre,
                        MatrixT<T>& h) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto d = E.rows();
    const auto bins = static_cast<int>(Pp.cols());
    const std::size_t n_bases = ex.bases.size();
    const VectorT<T> no_family = VectorT<T>::Zero(d);
    auto family_col = [&](const Occurrence& o) {
        return o.family >= 0 && F.cols() > 0 ? F.data() + static_cast<Eigen::Index>(o.family) * d
                                             : no_family.data();
    };
    pre.resize(d, m);
    if (width == 0) {
        for (Eigen::Index i = 0; i < m; ++i) {
            const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
            pre.col(i) = E.col(o.token) + ConstVectorMapT<T>(family_col(o), d);
            if (bins > 0) pre.col(i) += Pp.col(position_bin(o, n_bases, bins));
        }
        h = pre;
        return;
    }
    std::int64_t lo = 0, hi = -1;
    window_range(ex, width, lo, hi);
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    MatrixT<T> P = MatrixT<T>::Zero(d, m == 0 ? 0 : static_cast<Eigen::Index>(hi - lo + 1));
    // Plain loops over contiguous columns of d values: the columns are short (d ~ 32) and
    // Eigen's per-column expression set-up cost more than the arithmetic.
    for (std::int64_t c = lo; m > 0 && c <= hi; ++c) {
        T* __restrict col = P.data() + (c - lo) * d;
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = c + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b >= 4) continue;
            const T* __restrict w = Wc.data() + (4 * k + b) * d;
            for (Eigen::Index j = 0; j < d; ++j) col[j] += w[j];
        }
    }
    h.resize(d, m);
    const VectorT<T> no_position = VectorT<T>::Zero(bins > 0 ? 0 : d);  // the term without bins
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        const T* __restrict e = E.data() + static_cast<Eigen::Index>(o.token) * d;
        const T* __restrict conv = P.data() + (conv_window_start(o, width) - lo) * d;
        const T* __restrict bias = bc.data();
        const T* __restrict pos =
            bins > 0 ? Pp.data() + position_bin(o, n_bases, bins) * d : no_position.data();
        const T* __restrict fam = family_col(o);
        T* __restrict out = pre.data() + i * d;
        T* __restrict act = h.data() + i * d;
        for (Eigen::Index j = 0; j < d; ++j) {
            out[j] = e[j] + fam[j] + bias[j] + conv[j] + pos[j];
            act[j] = std::max(out[j], T(0));
        }
    }
}

template <typename T>
void embed_conv_backward(const MatrixT<T>& dh, const MatrixT<T>& pre, int width, const Example& ex,
                         MatrixMapT<T>& dE, MatrixMapT<T>& dWc, VectorMapT<T>& dbc,
                         MatrixMapT<T>& dPp, MatrixMapT<T>& dF) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto bins = static_cast<int>(dPp.cols());
    const std::size_t n_bases = ex.bases.size();
    VectorT<T> no_family = VectorT<T>::Zero(dh.rows());  // takes the gradient of family-less tokens
    auto family_col = [&](const Occurrence& o) {
        return o.family >= 0 && dF.cols() > 0
                   ? dF.data() + static_cast<Eigen::Index>(o.family) * dh.rows()
                   : no_family.data();
    };
    if (width == 0) {
        for (Eigen::Index i = 0; i < m; ++i) {
            const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
            dE.col(o.token) += dh.col(i);
            VectorMapT<T>(family_col(o), dh.rows()) += dh.col(i);
            if (bins > 0) dPp.col(position_bin(o, n_bases, bins)) += dh.col(i);
        }
        return;
    }
    if (m == 0) return;
    std::int64_t lo = 0, hi = -1;
    window_range(ex, width, lo, hi);
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    const Eigen::Index d = dh.rows();
    MatrixT<T> dP = MatrixT<T>::Zero(d, static_cast<Eigen::Index>(hi - lo + 1));
    VectorT<T> no_position = VectorT<T>::Zero(bins > 0 ? 0 : d);  // takes the gradient without bins
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        const T* __restrict x = pre.data() + i * d;
        const T* __restrict g = dh.data() + i * d;
        T* __restrict e = dE.data() + static_cast<Eigen::Index>(o.token) * d;
        T* __restrict fam = family_col(o);
        T* __restrict conv = dP.data() + (conv_window_start(o, width) - lo) * d;
        T* __restrict pos =
            bins > 0 ? dPp.data() + position_bin(o, n_bases, bins) * d : no_position.data();
        for (Eigen::Index j = 0; j < d; ++j) {
            const T gj = g[j];  // loaded on both paths, so the select vectorizes
            const T v = x[j] > T(0) ? gj : T(0);
            e[j] += v;
            fam[j] += v;
            conv[j] += v;
            pos[j] += v;
        }
    }
    // Every occurrence's bias gradient went into exactly one column of dP.
    dbc += dP.rowwise().sum();
    for (std::int64_t c = lo; c <= hi; ++c) {
        const T* __restrict col = dP.data() + (c - lo) * d;
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = c + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b >= 4) continue;
            T* __restrict w = dWc.data() + (4 * k + b) * d;
            for (Eigen::Index j = 0; j < d; ++j) w[j] += col[j];
        }
    }
}

template <typename T>
void attention_forward(const MatrixT<T>& h, const ConstMatrixMapT<T>& Q,
                       const ConstMatrixMapT<T>& K, const ConstVectorMapT<T>& gamma,
                       const VectorT<T>& scores, const std::vector<std::uint8_t>& keep,
                       MatrixT<T>& alpha, MatrixT<T>& g) {
    const T inv_sqrt_d = T(1) / std::sqrt(static_cast<T>(h.rows()));
    const MatrixT<T> u = K.transpose() * Q;              // d × H
    alpha.noalias() = (u.transpose() * h) * inv_sqrt_d;  // H × m
    alpha += gamma * scores.transpose();
    const auto m = h.cols();
    const bool masked = !keep.empty();
    for (Eigen::Index r = 0; r < alpha.rows(); ++r) {
        T top = -std::numeric_limits<T>::infinity();
        for (Eigen::Index i = 0; i < m; ++i) {
            if (masked && keep[static_cast<std::size_t>(i)] == 0) continue;
            top = std::max(top, alpha(r, i));
        }
        if (!std::isfinite(top)) {
            throw DataError("attention: every token occurrence is masked; keep at least one");
        }
        T sum = 0;
        for (Eigen::Index i = 0; i < m; ++i) {
            const bool on = !masked || keep[static_cast<std::size_t>(i)] != 0;
            const T e = on ? std::exp(alpha(r, i) - top) : T(0);
            alpha(r, i) = e;
            sum += e;
        }
        alpha.row(r) /= sum;
    }
    g.noalias() = h * alpha.transpose();  // d × H
}

template <typename T>
void attention_backward(const MatrixT<T>& dg, const MatrixT<T>& h, const ConstMatrixMapT<T>& Q,
                        const ConstMatrixMapT<T>& K, const VectorT<T>& scores,
                        const MatrixT<T>& alpha, MatrixT<T>& dh, MatrixMapT<T>& dQ,
                        MatrixMapT<T>& dK, VectorMapT<T>& dgamma) {
    const T inv_sqrt_d = T(1) / std::sqrt(static_cast<T>(h.rows()));
    const MatrixT<T> u = K.transpose() * Q;                                 // d × H
    const MatrixT<T> dalpha = dg.transpose() * h;                           // H × m
    const VectorT<T> inner = (alpha.cwiseProduct(dalpha)).rowwise().sum();  // H
    MatrixT<T> dlogits = dalpha;
    dlogits.colwise() -= inner;
    dlogits = dlogits.cwiseProduct(alpha);  // H × m
    dh.noalias() = dg * alpha;              // d × m
    dh.noalias() += (u * dlogits) * inv_sqrt_d;
    const MatrixT<T> du = (h * dlogits.transpose()) * inv_sqrt_d;  // d × H
    dgamma += dlogits * scores;
    dQ.noalias() += K * du;
    dK.noalias() += Q * du.transpose();
}

template <typename T>
void dense_forward(const ConstMatrixMapT<T>& W, const ConstVectorMapT<T>& b, const VectorT<T>& x,
                   VectorT<T>& y) {
    y.noalias() = W * x;
    y += b;
}

template <typename T>
void dense_backward(const VectorT<T>& dy, const ConstMatrixMapT<T>& W, const VectorT<T>& x,
                    VectorT<T>& dx, MatrixMapT<T>& dW, VectorMapT<T>& db) {
    dx.noalias() = W.transpose() * dy;
    dW.noalias() += dy * x.transpose();
    db += dy;
}

// Hand loops over the C entries of each touched column (C is 2 or 3: Eigen's per-column
// expression set-up would cost more than the arithmetic); two classes get their own loop.
template <typename T>
void sparse_linear_forward(const ConstMatrixMapT<T>& W, const std::vector<std::uint32_t>& index,
                           const std::vector<float>& value, VectorT<T>& y) {
    const auto C = static_cast<std::size_t>(W.rows());
    const T* __restrict w = W.data();
    if (C == 2) {
        T y0 = 0, y1 = 0;
        for (std::size_t j = 0; j < index.size(); ++j) {
            const T v = value[j];
            const T* col = w + 2 * static_cast<std::size_t>(index[j]);
            y0 += v * col[0];
            y1 += v * col[1];
        }
        y(0) += y0;
        y(1) += y1;
        return;
    }
    for (std::size_t j = 0; j < index.size(); ++j) {
        const T v = value[j];
        const T* col = w + C * static_cast<std::size_t>(index[j]);
        for (std::size_t c = 0; c < C; ++c) y(static_cast<Eigen::Index>(c)) += v * col[c];
    }
}

template <typename T>
void sparse_linear_backward(const VectorT<T>& dy, const std::vector<std::uint32_t>& index,
                            const std::vector<float>& value, MatrixMapT<T>& dW) {
    const auto C = static_cast<std::size_t>(dW.rows());
    T* __restrict w = dW.data();
    if (C == 2) {
        const T d0 = dy(0), d1 = dy(1);
        for (std::size_t j = 0; j < index.size(); ++j) {
            const T v = value[j];
            T* col = w + 2 * static_cast<std::size_t>(index[j]);
            col[0] += v * d0;
            col[1] += v * d1;
        }
        return;
    }
    for (std::size_t j = 0; j < index.size(); ++j) {
        const T v = value[j];
        T* col = w + C * static_cast<std::size_t>(index[j]);
        for (std::size_t c = 0; c < C; ++c) col[c] += v * dy(static_cast<Eigen::Index>(c));
    }
}

template <typename T>
void relu_forward(const VectorT<T>& x, VectorT<T>& y) {
    y = x.cwiseMax(T(0));
}

template <typename T>
void relu_backward(const VectorT<T>& dy, const VectorT<T>& x, VectorT<T>& dx) {
    dx = (x.array() > T(0)).select(dy, T(0));
}

template <typename T>
void softmax_forward(const VectorT<T>& logits, VectorT<T>& probs) {
    const T top = logits.maxCoeff();
    probs = (logits.array() - top).exp().matrix();
    probs /= probs.sum();
}

// The loss in double whatever T (a float probability may underflow to 0: the floor is double's).
template <typename T>
double softmax_xent(const VectorT<T>& probs, int label, double weight, VectorT<T>& dlogits) {
    dlogits = probs * static_cast<T>(weight);
    dlogits(label) -= static_cast<T>(weight);
    return -weight * std::log(std::max(static_cast<double>(probs(label)), 1e-300));
}

#define MOTIFTOK_LAYERS(T)                                                                        \
    template void embed_conv_forward<T>(const ConstMatrixMapT<T>&, const ConstMatrixMapT<T>&,     \
                                        const ConstVectorMapT<T>&, const ConstMatrixMapT<T>&,     \
                                        const ConstMatrixMapT<T>&, int, const Example&,           \
                                        MatrixT<T>&, MatrixT<T>&);                                \
    template void embed_conv_backward<T>(const MatrixT<T>&, const MatrixT<T>&, int,               \
                                         const Example&, MatrixMapT<T>&, MatrixMapT<T>&,          \
                                         VectorMapT<T>&, MatrixMapT<T>&, MatrixMapT<T>&);         \
    template void attention_forward<T>(const MatrixT<T>&, const ConstMatrixMapT<T>&,              \
                                       const ConstMatrixMapT<T>&, const ConstVectorMapT<T>&,      \
                                       const VectorT<T>&, const std::vector<std::uint8_t>&,       \
                                       MatrixT<T>&, MatrixT<T>&);                                 \
    template void attention_backward<T>(const MatrixT<T>&, const MatrixT<T>&,                     \
                                        const ConstMatrixMapT<T>&, const ConstMatrixMapT<T>&,     \
                                        const VectorT<T>&, const MatrixT<T>&, MatrixT<T>&,        \
                                        MatrixMapT<T>&, MatrixMapT<T>&, VectorMapT<T>&);          \
    template void dense_forward<T>(const ConstMatrixMapT<T>&, const ConstVectorMapT<T>&,          \
                                   const VectorT<T>&, VectorT<T>&);                               \
    template void dense_backward<T>(const VectorT<T>&, const ConstMatrixMapT<T>&,                 \
                                    const VectorT<T>&, VectorT<T>&, MatrixMapT<T>&,               \
                                    VectorMapT<T>&);                                              \
    template void sparse_linear_forward<T>(const ConstMatrixMapT<T>&,                             \
                                           const std::vector<std::uint32_t>&,                     \
                                           const std::vector<float>&, VectorT<T>&);               \
    template void sparse_linear_backward<T>(const VectorT<T>&, const std::vector<std::uint32_t>&, \
                                            const std::vector<float>&, MatrixMapT<T>&);           \
    template void relu_forward<T>(const VectorT<T>&, VectorT<T>&);                                \
    template void relu_backward<T>(const VectorT<T>&, const VectorT<T>&, VectorT<T>&);            \
    template void softmax_forward<T>(const VectorT<T>&, VectorT<T>&);                             \
    template double softmax_xent<T>(const VectorT<T>&, int, double, VectorT<T>&);

MOTIFTOK_LAYERS(float)
MOTIFTOK_LAYERS(double)
#undef MOTIFTOK_LAYERS

}  // namespace motiftok::model
