// Expressiveness (logistic regression), alignment and interpretability measurements of
// `motiftok evaluate`; see docs/evaluate.md for their definitions.
#include "axes.hpp"

#include "motiftok/evaluate/logistic.hpp"

namespace motiftok::evaluate {
namespace detail {

namespace {

SparseRows count_matrix(const std::vector<const std::vector<std::int32_t>*>& ids,
                        std::size_t vocab_size) {
    std::vector<Eigen::Triplet<double>> t;
    for (std::size_t r = 0; r < ids.size(); ++r) {
        for (std::int32_t id : *ids[r]) t.emplace_back(static_cast<int>(r), id, 1.0);
    }
    SparseRows X(static_cast<Eigen::Index>(ids.size()), static_cast<Eigen::Index>(vocab_size));
    X.setFromTriplets(t.begin(), t.end());  // duplicates are summed: counts
    return X;
}

std::vector<std::vector<double>> rows_of(const Eigen::MatrixXd& P) {
    std::vector<std::vector<double>> out(static_cast<std::size_t>(P.rows()));
    for (Eigen::Index i = 0; i < P.rows(); ++i) {
        for (Eigen::Index c = 0; c < P.cols(); ++c)
            out[static_cast<std::size_t>(i)].push_back(P(i, c));
    }
    return out;
}

model::Example masked_copy(const model::Example& ex, const std::vector<std::uint8_t>& masked) {
    model::Example out;
    out.bases = ex.bases;
    out.gkm_index = ex.gkm_index;
    out.gkm_value = ex.gkm_value;
    for (const auto& o : ex.occurrences) {
        if (!masked[static_cast<std::size_t>(o.token)]) out.occurrences.push_back(o);
    }
    if (out.occurrences.empty()) out.occurrences = ex.occurrences;  // attention needs one
    return out;
}

}  // namespace

LrResult logistic_baseline(const std::vector<const std::vector<std::int32_t>*>& train_ids,
                           const std::vector<std::int32_t>& train_labels,
                           const std::vector<const std::vector<std::int32_t>*>& test_ids,
                           const std::vector<std::int32_t>& test_labels, std::size_t vocab_size,
                           std::size_t classes, std::uint64_t seed) {
    SparseRows X = count_matrix(train_ids, vocab_size);
    SparseRows T = count_matrix(test_ids, vocab_size);
    const std::vector<double> rms = column_rms(X);
    scale_columns(X, rms);
    scale_columns(T, rms);
    LrResult r;
    r.lambda = choose_lambda(X, train_labels, classes, seed);
    const LogisticModel m = fit_logistic(X, train_labels, classes, r.lambda);
    r.metrics = model::evaluate(rows_of(m.predict(T)), test_labels, classes);
    return r;
}

AlignmentResult alignment(const vocab::Vocabulary& vocabulary, const exports::MotifDb& motifs,
                          std::size_t top, double max_p, int threads) {
    exports::AnnotateOptions o;
    o.max_p = max_p;
    o.threads = threads;
    o.matches = 1;
    std::vector<std::int32_t> ids = rank_tokens(vocabulary, o.min_length);
    if (ids.size() > top) ids.resize(top);
    // annotate() reads a vocabulary; this one holds just the chosen tokens in rank order (equal
    // info_gain, so its stable order by info_gain keeps them as they are).
    vocab::Vocabulary chosen;
    chosen.strand = vocabulary.strand;
    for (std::int32_t id : ids) {
        vocab::Token t;
        t.token = vocabulary.tokens()[static_cast<std::size_t>(id)].token;
        chosen.add_token(t);
    }
    AlignmentResult r;
    r.annotated = ids.size();
    for (const auto& a : exports::annotate(chosen, motifs, o)) {
        if (a.matches.empty()) continue;
        ++r.matched;
        const auto& motif = motifs.motifs[a.matches.front().motif];
        ++r.by_motif[motif.name.empty() ? motif.id : motif.name];
    }
    return r;
}

std::vector<std::vector<double>> masked_predictions(const model::Classifier& classifier,
                                                    const std::vector<model::Example>& forward,
                                                    const std::vector<model::Example>& reverse,
                                                    const std::vector<std::uint8_t>& masked,
                                                    [[maybe_unused]] int threads) {
    std::vector<std::vector<double>> probs(forward.size());
    const auto n = static_cast<std::int64_t>(forward.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
    for (std::int64_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        auto p = masked.empty() ? classifier.forward(forward[k])
                                : classifier.forward(masked_copy(forward[k], masked));
        if (!reverse.empty()) {
            const auto q = masked.empty() ? classifier.forward(reverse[k])
                                          : classifier.forward(masked_copy(reverse[k], masked));
            for (std::size_t c = 0; c < p.size(); ++c) p[c] = 0.5 * (p[c] + q[c]);
        }
        probs[k] = std::move(p);
    }
    return probs;
}

}  // namespace detail

double masked_auroc(const model::Classifier& classifier, const std::vector<model::Example>& forward,
                    const std::vector<model::Example>& reverse,
                    const std::vector<std::int32_t>& labels,
                    const std::vector<std::uint8_t>& masked, int threads) {
    return model::evaluate(
               detail::masked_predictions(classifier, forward, reverse, masked, threads), labels,
               classifier.classes().size())
        .auroc;
}

}  // namespace motiftok::evaluate
