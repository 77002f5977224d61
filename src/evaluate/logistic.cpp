// L-BFGS fit of the L2 multinomial logistic regression; see include/motiftok/evaluate/logistic.hpp.
#include "motiftok/evaluate/logistic.hpp"

#include <cmath>
#include <deque>
#include <limits>

#include "motiftok/error.hpp"
#include "motiftok/evaluate/split.hpp"

namespace motiftok::evaluate {

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Row-wise stable softmax of logits (n × C), in place.
void softmax_rows(MatrixXd& Z) {
    for (Eigen::Index i = 0; i < Z.rows(); ++i) {
        const double m = Z.row(i).maxCoeff();
        Z.row(i) = (Z.row(i).array() - m).exp();
        Z.row(i) /= Z.row(i).sum();
    }
}

// (W, b) packed into one vector: W column-major, then b.
VectorXd pack(const MatrixXd& W, const VectorXd& b) {
    VectorXd x(W.size() + b.size());
    x << Eigen::Map<const VectorXd>(W.data(), W.size()), b;
    return x;
}

void unpack(const VectorXd& x, MatrixXd& W, VectorXd& b) {
    W = Eigen::Map<const MatrixXd>(x.data(), W.rows(), W.cols());
    b = x.tail(b.size());
}

SparseRows select_rows(const SparseRows& X, const std::vector<std::size_t>& rows) {
    SparseRows out(static_cast<Eigen::Index>(rows.size()), X.cols());
    std::vector<Eigen::Triplet<double>> t;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (SparseRows::InnerIterator it(X, static_cast<Eigen::Index>(rows[r])); it; ++it) {
            t.emplace_back(static_cast<int>(r), static_cast<int>(it.col()), it.value());
        }
    }
    out.setFromTriplets(t.begin(), t.end());
    return out;
}

}  // namespace

MatrixXd LogisticModel::predict(const SparseRows& X) const {
    MatrixXd Z = X * W.transpose();
    Z.rowwise() += b.transpose();
    softmax_rows(Z);
    return Z;
}

double logistic_objective(const SparseRows& X, const std::vector<std::int32_t>& labels,
                          double lambda, const MatrixXd& W, const VectorXd& b, MatrixXd& dW,
                          VectorXd& db) {
    const auto n = static_cast<double>(X.rows());
    MatrixXd P = X * W.transpose();  // n × C logits
    P.rowwise() += b.transpose();
    double loss = 0.0;
    for (Eigen::Index i = 0; i < P.rows(); ++i) {
        const double m = P.row(i).maxCoeff();
        const double lse = m + std::log((P.row(i).array() - m).exp().sum());
        loss -= P(i, labels[static_cast<std::size_t>(i)]) - lse;
        P.row(i) = (P.row(i).array() - lse).exp();
        P(i, labels[static_cast<std::size_t>(i)]) -= 1.0;  // now P − Y
    }
    dW = (P.transpose() * X) / n + lambda * W;
    db = P.colwise().sum().transpose() / n;
    return loss / n + 0.5 * lambda * W.squaredNorm();
}

LogisticModel fit_logistic(const SparseRows& X, const std::vector<std::int32_t>& labels,
                           std::size_t classes, double lambda, double tolerance,
                           int max_iterations) {
    if (X.rows() == 0 || static_cast<std::size_t>(X.rows()) != labels.size() || classes < 2) {
        throw DataError("logistic regression: need one label per row and at least two classes");
    }
    const auto C = static_cast<Eigen::Index>(classes);
    LogisticModel m{MatrixXd::Zero(C, X.cols()), VectorXd::Zero(C)};
    MatrixXd dW(C, X.cols());
    VectorXd db(C);
    auto eval = [&](const VectorXd& x, VectorXd& g) {
        unpack(x, m.W, m.b);
        const double f = logistic_objective(X, labels, lambda, m.W, m.b, dW, db);
        g = pack(dW, db);
        return f;
    };
    VectorXd x = pack(m.W, m.b), g;
    double f = eval(x, g);
    std::deque<std::pair<VectorXd, VectorXd>> memory;  // (s, y) pairs, newest last
    constexpr std::size_t kMemory = 10;
    for (int iter = 0; iter < max_iterations && g.lpNorm<Eigen::Infinity>() > tolerance; ++iter) {
        // Two-loop recursion: d = −H g.
        VectorXd d = -g;
        std::vector<double> alpha(memory.size());
        for (std::size_t k = memory.size(); k-- > 0;) {
            const auto& [s, y] = memory[k];
            alpha[k] = s.dot(d) / y.dot(s);
            d -= alpha[k] * y;
        }
        if (!memory.empty()) {
            const auto& [s, y] = memory.back();
            d *= s.dot(y) / y.dot(y);
        }
        for (std::size_t k = 0; k < memory.size(); ++k) {
            const auto& [s, y] = memory[k];
            d += (alpha[k] - y.dot(d) / y.dot(s)) * s;
        }
        if (g.dot(d) >= 0.0) {  // not a descent direction: restart from steepest descent
            memory.clear();
            d = -g;
        }
        double step = memory.empty() ? std::min(1.0, 1.0 / g.lpNorm<Eigen::Infinity>()) : 1.0;
        VectorXd x_new, g_new;
        double f_new = 0.0;
        for (int tries = 0;; ++tries) {
            x_new = x + step * d;
            f_new = eval(x_new, g_new);
            if (f_new <= f + 1e-4 * step * g.dot(d)) break;
            if (tries == 60) {  // no decrease possible at double precision: converged
                unpack(x, m.W, m.b);
                return m;
            }
            step *= 0.5;
        }
        VectorXd s = x_new - x, y = g_new - g;
        if (s.dot(y) > 1e-12) {
            memory.emplace_back(std::move(s), std::move(y));
            if (memory.size() > kMemory) memory.pop_front();
        }
        x = std::move(x_new);
        g = std::move(g_new);
        f = f_new;
    }
    unpack(x, m.W, m.b);
    return m;
}

double choose_lambda(const SparseRows& X, const std::vector<std::int32_t>& labels,
                     std::size_t classes, std::uint64_t seed) {
    const std::vector<int> fold = assign_folds(labels, classes, 0, 0.2, seed);
    std::vector<std::size_t> train, valid;
    for (std::size_t i = 0; i < fold.size(); ++i) (fold[i] == 0 ? valid : train).push_back(i);
    std::vector<std::int32_t> y_train, y_valid;
    for (auto i : train) y_train.push_back(labels[i]);
    for (auto i : valid) y_valid.push_back(labels[i]);
    const SparseRows X_train = select_rows(X, train), X_valid = select_rows(X, valid);
    double best = kLambdaGrid.back(), best_loss = std::numeric_limits<double>::infinity();
    for (auto it = kLambdaGrid.rbegin(); it != kLambdaGrid.rend(); ++it) {  // larger λ first
        const MatrixXd P = fit_logistic(X_train, y_train, classes, *it).predict(X_valid);
        double loss = 0.0;
        for (std::size_t i = 0; i < y_valid.size(); ++i) {
            loss -= std::log(std::max(P(static_cast<Eigen::Index>(i), y_valid[i]), 1e-300));
        }
        loss /= static_cast<double>(std::max<std::size_t>(y_valid.size(), 1));
        if (loss < best_loss) {  // strictly better: ties keep the larger λ
            best_loss = loss;
            best = *it;
        }
    }
    return best;
}

std::vector<double> column_rms(const SparseRows& X) {
    std::vector<double> sum(static_cast<std::size_t>(X.cols()), 0.0);
    for (Eigen::Index r = 0; r < X.outerSize(); ++r) {
        for (SparseRows::InnerIterator it(X, r); it; ++it) {
            sum[static_cast<std::size_t>(it.col())] += it.value() * it.value();
        }
    }
    for (auto& s : sum) {
        s = s > 0.0 ? std::sqrt(s / static_cast<double>(std::max<Eigen::Index>(X.rows(), 1))) : 1.0;
    }
    return sum;
}

void scale_columns(SparseRows& X, const std::vector<double>& divisors) {
    for (Eigen::Index r = 0; r < X.outerSize(); ++r) {
        for (SparseRows::InnerIterator it(X, r); it; ++it) {
            it.valueRef() /= divisors[static_cast<std::size_t>(it.col())];
        }
    }
}

}  // namespace motiftok::evaluate
