#include "motiftok/model/layers.hpp"

#include <cmath>
#include <limits>

#include "motiftok/error.hpp"

namespace motiftok::model {

void embed_conv_forward(const ConstMatrixMap& E, const ConstMatrixMap& Wc, const ConstVectorMap& bc,
                        int width, const Example& ex, Matrix& pre, Matrix& h) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto d = E.rows();
    pre.resize(d, m);
    h.resize(d, m);
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        auto col = pre.col(i);
        col = E.col(o.token);
        if (width == 0) continue;
        col += bc;
        const std::int64_t first = conv_window_start(o, width);
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = first + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b < 4) col += Wc.col(4 * k + b);
        }
    }
    if (width == 0) {
        h = pre;
    } else {
        h = pre.cwiseMax(0.0);
    }
}

void embed_conv_backward(const Matrix& dh, const Matrix& pre, int width, const Example& ex,
                         MatrixMap& dE, MatrixMap& dWc, VectorMap& dbc) {
    const auto m = static_cast<Eigen::Index>(ex.occurrences.size());
    const auto n = static_cast<std::int64_t>(ex.bases.size());
    Vector dpre(dh.rows());
    for (Eigen::Index i = 0; i < m; ++i) {
        const Occurrence& o = ex.occurrences[static_cast<std::size_t>(i)];
        if (width == 0) {
            dE.col(o.token) += dh.col(i);
            continue;
        }
        dpre = (pre.col(i).array() > 0.0).select(dh.col(i), 0.0);
        dE.col(o.token) += dpre;
        dbc += dpre;
        const std::int64_t first = conv_window_start(o, width);
        for (int k = 0; k < width; ++k) {
            const std::int64_t p = first + k;
            if (p < 0 || p >= n) continue;
            const int b = ex.bases[static_cast<std::size_t>(p)];
            if (b < 4) dWc.col(4 * k + b) += dpre;
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
