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
void embed_conv_forward(const ConstMatrixMap& E, const ConstMatrixMap& Wc, const ConstVectorMap& bc,
                        const ConstMatrixMap& Pp, const ConstMatrixMap& F, int width,
                        const Example& ex, Matrix& pre, Matrix& h) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto d = E.rows();
    const auto bins = static_cast<int>(Pp.cols());
    const std::size_t n_bases = ex.bases.size();
    const Vector no_family = Vector::Zero(d);
    auto family_col = [&](const Occurrence& o) {
        return o.family >= 0 && F.cols() > 0 ? F.data() + static_cast<Eigen::Index>(o.family) * d
                                             : no_family.data();
    };
    pre.resize(d, m);
    if (width == 0) {
        for (Eigen::Index i = 0; i < m; ++i) {
            const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
            pre.col(i) = E.col(o.token) + ConstVectorMap(family_col(o), d);
            if (bins > 0) pre.col(i) += Pp.col(position_bin(o, n_bases, bins));
        }
        h = pre;
        return;
    }
    std::int64_t lo = 0, hi = -1;
    window_range(ex, width, lo, hi);
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    Matrix P = Matrix::Zero(d, m == 0 ? 0 : static_cast<Eigen::Index>(hi - lo + 1));
    // Plain loops over contiguous columns of d values: the columns are short (d ~ 32) and
    // Eigen's per-column expression set-up cost more than the arithmetic.
    for (std::int64_t c = lo; m > 0 && c <= hi; ++c) {
        double* __restrict col = P.data() + (c - lo) * d;
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = c + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b >= 4) continue;
            const double* __restrict w = Wc.data() + (4 * k + b) * d;
            for (Eigen::Index j = 0; j < d; ++j) col[j] += w[j];
        }
    }
    h.resize(d, m);
    const Vector no_position = Vector::Zero(bins > 0 ? 0 : d);  // the term without bins
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        const double* __restrict e = E.data() + static_cast<Eigen::Index>(o.token) * d;
        const double* __restrict conv = P.data() + (conv_window_start(o, width) - lo) * d;
        const double* __restrict bias = bc.data();
        const double* __restrict pos =
            bins > 0 ? Pp.data() + position_bin(o, n_bases, bins) * d : no_position.data();
        const double* __restrict fam = family_col(o);
        double* __restrict out = pre.data() + i * d;
        double* __restrict act = h.data() + i * d;
        for (Eigen::Index j = 0; j < d; ++j) {
            out[j] = e[j] + fam[j] + bias[j] + conv[j] + pos[j];
            act[j] = std::max(out[j], 0.0);
        }
    }
}

void embed_conv_backward(const Matrix& dh, const Matrix& pre, int width, const Example& ex,
                         MatrixMap& dE, MatrixMap& dWc, VectorMap& dbc, MatrixMap& dPp,
                         MatrixMap& dF) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto bins = static_cast<int>(dPp.cols());
    const std::size_t n_bases = ex.bases.size();
    Vector no_family = Vector::Zero(dh.rows());  // takes the gradient of family-less tokens
    auto family_col = [&](const Occurrence& o) {
        return o.family >= 0 && dF.cols() > 0
                   ? dF.data() + static_cast<Eigen::Index>(o.family) * dh.rows()
                   : no_family.data();
    };
    if (width == 0) {
        for (Eigen::Index i = 0; i < m; ++i) {
            const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
            dE.col(o.token) += dh.col(i);
            VectorMap(family_col(o), dh.rows()) += dh.col(i);
            if (bins > 0) dPp.col(position_bin(o, n_bases, bins)) += dh.col(i);
        }
        return;
    }
    if (m == 0) return;
    std::int64_t lo = 0, hi = -1;
    window_range(ex, width, lo, hi);
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    const Eigen::Index d = dh.rows();
    Matrix dP = Matrix::Zero(d, static_cast<Eigen::Index>(hi - lo + 1));
    Vector no_position = Vector::Zero(bins > 0 ? 0 : d);  // takes the gradient without bins
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        const double* __restrict x = pre.data() + i * d;
        const double* __restrict g = dh.data() + i * d;
        double* __restrict e = dE.data() + static_cast<Eigen::Index>(o.token) * d;
        double* __restrict fam = family_col(o);
        double* __restrict conv = dP.data() + (conv_window_start(o, width) - lo) * d;
        double* __restrict pos =
            bins > 0 ? dPp.data() + position_bin(o, n_bases, bins) * d : no_position.data();
        for (Eigen::Index j = 0; j < d; ++j) {
            const double gj = g[j];  // loaded on both paths, so the select vectorizes
            const double v = x[j] > 0.0 ? gj : 0.0;
            e[j] += v;
            fam[j] += v;
            conv[j] += v;
            pos[j] += v;
        }
    }
    // Every occurrence's bias gradient went into exactly one column of dP.
    dbc += dP.rowwise().sum();
    for (std::int64_t c = lo; c <= hi; ++c) {
        const double* __restrict col = dP.data() + (c - lo) * d;
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = c + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b >= 4) continue;
            double* __restrict w = dWc.data() + (4 * k + b) * d;
            for (Eigen::Index j = 0; j < d; ++j) w[j] += col[j];
        }
    }
}

void attention_forward(const Matrix& h, const ConstMatrixMap& Q, const ConstMatrixMap& K,
                       const ConstVectorMap& gamma, const Vector& scores,
                       const std::vector<std::uint8_t>& keep, Matrix& alpha, Matrix& g) {
    const double inv_sqrt_d = 1.0 / std::sqrt(static_cast<double>(h.rows()));
    const Matrix u = K.transpose() * Q;                  // d × H
    alpha.noalias() = (u.transpose() * h) * inv_sqrt_d;  // H × m
    alpha += gamma * scores.transpose();
    const auto m = h.cols();
    const bool masked = !keep.empty();
    for (Eigen::Index r = 0; r < alpha.rows(); ++r) {
        double top = -std::numeric_limits<double>::infinity();
        for (Eigen::Index i = 0; i < m; ++i) {
            if (masked && keep[static_cast<std::size_t>(i)] == 0) continue;
            top = std::max(top, alpha(r, i));
        }
        if (!std::isfinite(top)) {
            throw DataError("attention: every token occurrence is masked; keep at least one");
        }
        double sum = 0.0;
        for (Eigen::Index i = 0; i < m; ++i) {
            const bool on = !masked || keep[static_cast<std::size_t>(i)] != 0;
            const double e = on ? std::exp(alpha(r, i) - top) : 0.0;
            alpha(r, i) = e;
            sum += e;
        }
        alpha.row(r) /= sum;
    }
    g.noalias() = h * alpha.transpose();  // d × H
}

void attention_backward(const Matrix& dg, const Matrix& h, const ConstMatrixMap& Q,
                        const ConstMatrixMap& K, const Vector& scores, const Matrix& alpha,
                        Matrix& dh, MatrixMap& dQ, MatrixMap& dK, VectorMap& dgamma) {
    const double inv_sqrt_d = 1.0 / std::sqrt(static_cast<double>(h.rows()));
    const Matrix u = K.transpose() * Q;                                 // d × H
    const Matrix dalpha = dg.transpose() * h;                           // H × m
    const Vector inner = (alpha.cwiseProduct(dalpha)).rowwise().sum();  // H
    Matrix dlogits = dalpha;
    dlogits.colwise() -= inner;
    dlogits = dlogits.cwiseProduct(alpha);  // H × m
    dh.noalias() = dg * alpha;              // d × m
    dh.noalias() += (u * dlogits) * inv_sqrt_d;
    const Matrix du = (h * dlogits.transpose()) * inv_sqrt_d;  // d × H
    dgamma += dlogits * scores;
    dQ.noalias() += K * du;
    dK.noalias() += Q * du.transpose();
}

void dense_forward(const ConstMatrixMap& W, const ConstVectorMap& b, const Vector& x, Vector& y) {
    y.noalias() = W * x;
    y += b;
}

void dense_backward(const Vector& dy, const ConstMatrixMap& W, const Vector& x, Vector& dx,
                    MatrixMap& dW, VectorMap& db) {
    dx.noalias() = W.transpose() * dy;
    dW.noalias() += dy * x.transpose();
    db += dy;
}

void sparse_linear_forward(const ConstMatrixMap& W, const std::vector<std::uint32_t>& index,
                           const std::vector<double>& value, Vector& y) {
    for (std::size_t j = 0; j < index.size(); ++j) y.noalias() += value[j] * W.col(index[j]);
}

void sparse_linear_backward(const Vector& dy, const std::vector<std::uint32_t>& index,
                            const std::vector<double>& value, MatrixMap& dW) {
    for (std::size_t j = 0; j < index.size(); ++j) dW.col(index[j]).noalias() += value[j] * dy;
}

void relu_forward(const Vector& x, Vector& y) {
    y = x.cwiseMax(0.0);
}

void relu_backward(const Vector& dy, const Vector& x, Vector& dx) {
    dx = (x.array() > 0.0).select(dy, 0.0);
}

void softmax_forward(const Vector& logits, Vector& probs) {
    const double top = logits.maxCoeff();
    probs = (logits.array() - top).exp().matrix();
    probs /= probs.sum();
}

double softmax_xent(const Vector& probs, int label, double weight, Vector& dlogits) {
    dlogits = probs * weight;
    dlogits(label) -= weight;
    return -weight * std::log(std::max(probs(label), 1e-300));
}

}  // namespace motiftok::model
