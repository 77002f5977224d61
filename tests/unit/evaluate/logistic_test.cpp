// The L2 logistic regression of `evaluate` against a slow reference (plain gradient descent run
// to convergence) and finite differences; the λ choice and the column scaling by hand.
#include "motiftok/evaluate/logistic.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace motiftok::evaluate;

namespace {

SparseRows dense_rows(const std::vector<std::vector<double>>& rows) {
    SparseRows X(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(rows[0].size()));
    std::vector<Eigen::Triplet<double>> t;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (std::size_t j = 0; j < rows[i].size(); ++j) {
            if (rows[i][j] != 0.0)
                t.emplace_back(static_cast<int>(i), static_cast<int>(j), rows[i][j]);
        }
    }
    X.setFromTriplets(t.begin(), t.end());
    return X;
}

// Slow reference: fixed-step gradient descent from zero for many iterations.
LogisticModel gradient_descent(const SparseRows& X, const std::vector<std::int32_t>& y,
                               std::size_t classes, double lambda, int iterations, double step) {
    const auto C = static_cast<Eigen::Index>(classes);
    LogisticModel m{Eigen::MatrixXd::Zero(C, X.cols()), Eigen::VectorXd::Zero(C)};
    Eigen::MatrixXd dW;
    Eigen::VectorXd db;
    for (int i = 0; i < iterations; ++i) {
        logistic_objective(X, y, lambda, m.W, m.b, dW, db);
        m.W -= step * dW;
        m.b -= step * db;
    }
    return m;
}

void check_same(const LogisticModel& a, const LogisticModel& b, const SparseRows& X) {
    CHECK((a.W - b.W).cwiseAbs().maxCoeff() < 1e-5);
    CHECK((a.predict(X) - b.predict(X)).cwiseAbs().maxCoeff() < 1e-6);
}

// Counts of three tokens in eight sequences; classes overlap (row 3 and 7 are alike).
const std::vector<std::vector<double>> kOverlap = {{2, 0, 1}, {3, 1, 0}, {1, 0, 2}, {0, 2, 1},
                                                   {0, 3, 1}, {1, 2, 0}, {0, 1, 3}, {0, 2, 1}};
const std::vector<std::int32_t> kOverlapY = {0, 0, 0, 0, 1, 1, 1, 1};

}  // namespace

TEST_CASE("the logistic objective's gradient matches finite differences", "[evaluate]") {
    const SparseRows X = dense_rows(kOverlap);
    Eigen::MatrixXd W(3, 3);
    W << 0.3, -0.2, 0.1, -0.5, 0.4, 0.2, 0.0, 0.1, -0.3;
    Eigen::VectorXd b(3);
    b << 0.1, -0.2, 0.05;
    const std::vector<std::int32_t> y = {0, 1, 2, 0, 1, 2, 0, 1};
    Eigen::MatrixXd dW, tmpW;
    Eigen::VectorXd db, tmpb;
    logistic_objective(X, y, 0.3, W, b, dW, db);
    const double h = 1e-6;
    for (Eigen::Index k = 0; k < W.size(); ++k) {
        Eigen::MatrixXd Wp = W, Wm = W;
        Wp.data()[k] += h;
        Wm.data()[k] -= h;
        const double fd = (logistic_objective(X, y, 0.3, Wp, b, tmpW, tmpb) -
                           logistic_objective(X, y, 0.3, Wm, b, tmpW, tmpb)) /
                          (2 * h);
        CHECK(dW.data()[k] == Approx(fd).margin(1e-7));
    }
    for (Eigen::Index k = 0; k < b.size(); ++k) {
        Eigen::VectorXd bp = b, bm = b;
        bp[k] += h;
        bm[k] -= h;
        const double fd = (logistic_objective(X, y, 0.3, W, bp, tmpW, tmpb) -
                           logistic_objective(X, y, 0.3, W, bm, tmpW, tmpb)) /
                          (2 * h);
        CHECK(db[k] == Approx(fd).margin(1e-7));
    }
    // At zero weights the loss is log C: every class has probability 1/C.
    Eigen::MatrixXd Z = Eigen::MatrixXd::Zero(3, 3);
    CHECK(logistic_objective(X, y, 0.3, Z, Eigen::VectorXd::Zero(3), dW, db) ==
          Approx(std::log(3.0)));
}

TEST_CASE("L-BFGS reaches the optimum that slow gradient descent finds", "[evaluate]") {
    const SparseRows X = dense_rows(kOverlap);
    SECTION("overlapping classes") {
        check_same(fit_logistic(X, kOverlapY, 2, 0.1),
                   gradient_descent(X, kOverlapY, 2, 0.1, 40000, 0.2), X);
    }
    SECTION("separable classes: λ keeps the weights finite") {
        const std::vector<std::int32_t> y = {0, 0, 0, 1,
                                             1, 1, 1, 1};  // token 0 present <=> class 0
        const SparseRows S = dense_rows({{2, 0, 1},
                                         {3, 1, 0},
                                         {1, 0, 2},
                                         {0, 2, 1},
                                         {0, 3, 1},
                                         {0, 2, 0},
                                         {0, 1, 3},
                                         {0, 2, 2}});
        const auto m = fit_logistic(S, y, 2, 0.01);
        check_same(m, gradient_descent(S, y, 2, 0.01, 200000, 0.2), S);
        CHECK(m.predict(S)(0, 0) > 0.9);
    }
    SECTION("three classes") {
        const std::vector<std::int32_t> y = {0, 1, 2, 0, 1, 2, 0, 1};
        check_same(fit_logistic(X, y, 3, 0.05), gradient_descent(X, y, 3, 0.05, 60000, 0.2), X);
    }
}

TEST_CASE("column scaling divides by the root mean square and keeps zeros", "[evaluate]") {
    SparseRows X = dense_rows({{3, 0, 0}, {4, 0, 2}});
    const auto rms = column_rms(X);
    CHECK(rms[0] == Approx(std::sqrt(12.5)));
    CHECK(rms[1] == 1.0);  // an empty column
    CHECK(rms[2] == Approx(std::sqrt(2.0)));
    scale_columns(X, rms);
    CHECK(X.coeff(0, 0) == Approx(3 / std::sqrt(12.5)));
    CHECK(X.coeff(1, 2) == Approx(2 / std::sqrt(2.0)));
    CHECK(X.nonZeros() == 3);
}

TEST_CASE("λ is picked from the grid by held-out log-loss", "[evaluate]") {
    // Pure noise (labels independent of the features): the strongest penalty predicts best.
    std::vector<std::vector<double>> rows;
    std::vector<std::int32_t> y;
    for (int i = 0; i < 40; ++i) {
        rows.push_back({static_cast<double>((i * 7) % 5), static_cast<double>((i * 3) % 4), 1.0});
        y.push_back((i * 11) % 3 == 0 ? 1 : 0);
    }
    const double lambda = choose_lambda(dense_rows(rows), y, 2, 1);
    CHECK(lambda == kLambdaGrid.back());
    // A clean signal: a small penalty predicts best.
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i][2] = y[i] == 1 ? 3.0 : 0.0;
    CHECK(choose_lambda(dense_rows(rows), y, 2, 1) < 1e-2);
}
