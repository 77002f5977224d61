#pragma once
// L2-regularized multinomial logistic regression on sparse features (the bag-of-tokens
// baseline of `motiftok evaluate`, docs/evaluate.md): deterministic L-BFGS in one thread.

#include <Eigen/Dense>
#include <Eigen/SparseCore>
#include <cstdint>
#include <vector>

namespace motiftok::evaluate {

using SparseRows = Eigen::SparseMatrix<double, Eigen::RowMajor>;

/// A fitted model: probabilities softmax(W x + b).
struct LogisticModel {
    Eigen::MatrixXd W;  ///< C × p
    Eigen::VectorXd b;  ///< C (not penalized)
    /// Class probabilities of each row of `X` (n × p): n × C.
    Eigen::MatrixXd predict(const SparseRows& X) const;
};

/// The objective (1/n) Σ_i −log softmax(W x_i + b)_{y_i} + (λ/2) ‖W‖²_F and its gradient with
/// respect to (W, b), written into dW (C × p) and db (C). O(nnz · C).
double logistic_objective(const SparseRows& X, const std::vector<std::int32_t>& labels,
                          double lambda, const Eigen::MatrixXd& W, const Eigen::VectorXd& b,
                          Eigen::MatrixXd& dW, Eigen::VectorXd& db);

/// Minimizes logistic_objective() by L-BFGS (memory 10, backtracking Armijo line search) from
/// zero weights until the gradient's largest entry is below `tolerance` or after
/// `max_iterations`. `labels` are 0..classes−1; λ > 0 makes the optimum unique (separable data
/// included). Throws DataError if sizes disagree or the data are empty.
LogisticModel fit_logistic(const SparseRows& X, const std::vector<std::int32_t>& labels,
                           std::size_t classes, double lambda, double tolerance = 1e-7,
                           int max_iterations = 1000);

/// The regularization grid searched by choose_lambda().
inline const std::vector<double> kLambdaGrid = {1e-4, 1e-3, 1e-2, 1e-1, 1.0};

/// Picks λ from kLambdaGrid by an inner stratified split of the rows (a fifth of each class,
/// drawn with `seed`, held out): the λ with the lowest held-out mean log-loss; ties go to the
/// larger λ.
double choose_lambda(const SparseRows& X, const std::vector<std::int32_t>& labels,
                     std::size_t classes, std::uint64_t seed);

/// Divides every column by its root mean square over the rows of `X` (no centering: the matrix
/// stays sparse); columns that are all zero stay zero. Returns the divisors (1 for empty
/// columns) so that test rows can be scaled the same way with scale_columns().
std::vector<double> column_rms(const SparseRows& X);
void scale_columns(SparseRows& X, const std::vector<double>& divisors);

}  // namespace motiftok::evaluate
