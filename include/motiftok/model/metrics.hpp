#pragma once
// Classification metrics (DESIGN.md §6): accuracy, AUROC, AUPRC, MCC and macro-F1. For more
// than two classes AUROC and AUPRC are one-vs-rest, averaged over classes (macro); MCC is the
// multi-class generalisation (Gorodkin's R_K, what scikit-learn computes).

#include <cstdint>
#include <string>
#include <vector>

namespace motiftok::model {

/// Area under the ROC curve of `scores` for the binary `positive` flags, ties counted as one
/// half (the Mann–Whitney U statistic / (n_pos · n_neg)). Returns NaN if either class is
/// empty. O(n log n).
double auroc(const std::vector<double>& scores, const std::vector<std::uint8_t>& positive);

/// Area under the precision–recall curve as average precision, Σ_k (R_k − R_{k−1}) · P_k over
/// the distinct score thresholds in decreasing order (tied scores form one step, as in
/// scikit-learn's average_precision_score). Returns NaN without positives. O(n log n).
double auprc(const std::vector<double>& scores, const std::vector<std::uint8_t>& positive);

/// All metrics of one evaluation.
struct Metrics {
    std::uint64_t n = 0;
    double accuracy = 0.0;
    double auroc = 0.0;     ///< binary: of class 1's probability; else macro one-vs-rest
    double auprc = 0.0;     ///< binary: of class 1's probability; else macro one-vs-rest
    double mcc = 0.0;       ///< Matthews correlation (multi-class R_K); 0 when undefined
    double macro_f1 = 0.0;  ///< mean over classes of F1 (0 for a class never predicted nor present)
    double loss = 0.0;      ///< mean unweighted cross-entropy, nats
};

/// Computes the metrics of class probabilities `probs` (n rows of C values, each summing to 1)
/// against `labels` (0..C−1). The predicted class is the arg-max (lowest index on ties).
/// Throws DataError if sizes disagree or n == 0.
Metrics evaluate(const std::vector<std::vector<double>>& probs,
                 const std::vector<std::int32_t>& labels, std::size_t num_classes);

/// The class-weighted mean cross-entropy (nats) of `probs` against `labels`:
/// Σ w[y] (−log p[y]) / Σ w[y], `class_weight[c]` the weight of class c (the training split's
/// balancing weights judge a network by the objective it trained on). Throws DataError if
/// sizes disagree, n == 0 or the weights sum to 0.
double weighted_loss(const std::vector<std::vector<double>>& probs,
                     const std::vector<std::int32_t>& labels,
                     const std::vector<double>& class_weight);

/// The metrics as a JSON object text, with the class names.
std::string metrics_json(const Metrics& metrics, const std::vector<std::string>& classes);

}  // namespace motiftok::model
