#pragma once
// Internal to module evaluate: the per-fold measurements behind evaluate_vocabularies().

#include <map>
#include <string>
#include <vector>

#include "motiftok/evaluate/evaluate.hpp"
#include "motiftok/model/metrics.hpp"

namespace motiftok::evaluate::detail {

/// Bag-of-tokens logistic regression: token counts of the best paths, columns scaled by their
/// training RMS, λ by choose_lambda(), refit on all training rows; metrics on the test rows.
struct LrResult {
    model::Metrics metrics;
    double lambda = 0.0;
};
LrResult logistic_baseline(const std::vector<const std::vector<std::int32_t>*>& train_ids,
                           const std::vector<std::int32_t>& train_labels,
                           const std::vector<const std::vector<std::int32_t>*>& test_ids,
                           const std::vector<std::int32_t>& test_labels, std::size_t vocab_size,
                           std::size_t classes, std::uint64_t seed);

/// Alignment of the top-N ranked tokens (length ≥ annotate's min_length) with `motifs`.
struct AlignmentResult {
    std::size_t annotated = 0;  ///< tokens looked at (≤ top)
    std::size_t matched = 0;    ///< of those, with a match of adjusted p ≤ max_p
    std::map<std::string, std::size_t> by_motif;  ///< best-matching motif name → tokens
};
AlignmentResult alignment(const vocab::Vocabulary& vocabulary, const exports::MotifDb& motifs,
                          std::size_t top, double max_p, int threads);

/// Class probabilities of the classifier on examples with the flagged tokens masked (see
/// masked_auroc()).
std::vector<std::vector<double>> masked_predictions(const model::Classifier& classifier,
                                                    const std::vector<model::Example>& forward,
                                                    const std::vector<model::Example>& reverse,
                                                    const std::vector<std::uint8_t>& masked,
                                                    int threads);

}  // namespace motiftok::evaluate::detail
