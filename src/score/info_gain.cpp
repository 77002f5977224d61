// Information gain, G-test p-values and enrichment of k-mer presence against class labels.

#include "motiftok/score/info_gain.hpp"

#include <algorithm>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::score {
namespace {

// x * log2(x * n / (row * col)): one cell's share of the mutual information, 0 for x = 0.
double cell(double x, double n, double row, double col) {
    return x > 0 ? x * std::log2(x * n / (row * col)) : 0.0;
}

}  // namespace

double information_gain(const std::vector<std::uint64_t>& present,
                        const std::vector<std::uint64_t>& total) {
    if (present.size() != total.size()) {
        throw DataError("information_gain: " + std::to_string(present.size()) +
                        " present counts for " + std::to_string(total.size()) + " classes");
    }
    double n = 0, a = 0;
    for (std::size_t c = 0; c < total.size(); ++c) {
        if (present[c] > total[c]) {
            throw DataError("information_gain: class " + std::to_string(c) + " has " +
                            std::to_string(present[c]) + " sequences with the k-mer but only " +
                            std::to_string(total[c]) + " sequences");
        }
        n += static_cast<double>(total[c]);
        a += static_cast<double>(present[c]);
    }
    if (n == 0) return 0.0;
    const double b = n - a;
    // IG = I(X; Y) = sum over cells p(x, y) log2(p(x, y) / (p(x) p(y))), which equals
    // H(Y) - sum_x P(x) H(Y | X = x) and is never negative up to rounding.
    double sum = 0;
    for (std::size_t c = 0; c < total.size(); ++c) {
        const double nc = static_cast<double>(total[c]);
        const double ac = static_cast<double>(present[c]);
        sum += cell(ac, n, a, nc) + cell(nc - ac, n, b, nc);
    }
    return std::max(0.0, sum / n);
}

double g_statistic(double ig_bits, std::uint64_t n) {
    return 2.0 * static_cast<double>(n) * std::log(2.0) * ig_bits;
}

double g_test_p_value(double ig_bits, std::uint64_t n, std::size_t classes) {
    if (classes < 2 || ig_bits <= 0 || n == 0) return 1.0;
    const double df = static_cast<double>(classes - 1);
    return boost::math::gamma_q(df / 2.0, g_statistic(ig_bits, n) / 2.0);
}

double log2_enrichment(std::uint64_t present_in_class, std::uint64_t class_total,
                       std::uint64_t present_in_rest, std::uint64_t rest_total, double pc) {
    const double in =
        (static_cast<double>(present_in_class) + pc) / (static_cast<double>(class_total) + pc);
    const double out =
        (static_cast<double>(present_in_rest) + pc) / (static_cast<double>(rest_total) + pc);
    return std::log2(in) - std::log2(out);
}

std::vector<std::string> ScoreOptions::problems() const {
    std::vector<std::string> problems;
    if (!(max_p >= 0.0 && max_p <= 1.0)) {
        problems.push_back("`max_p` must be between 0 and 1 (got " + std::to_string(max_p) + ")");
    }
    if (!(pseudocount > 0.0) || !std::isfinite(pseudocount)) {
        problems.push_back("`pseudocount` must be positive (got " + std::to_string(pseudocount) +
                           ")");
    }
    if (k_min < 0 || k_max < 0 || (k_max > 0 && k_min > k_max)) {
        problems.push_back("score k range " + std::to_string(k_min) + ".." + std::to_string(k_max) +
                           " is invalid; use 0 for 'every counted k'");
    }
    return problems;
}

std::string ScoredKmer::kmer() const {
    return kmer::unpack(code, k);
}

namespace {

// A k-mer that passed the filters, before its full row is built (keeps scoring millions cheap).
struct Candidate {
    double info_gain;
    int k;
    std::uint64_t code;
    const std::uint64_t* occ;
    const std::uint64_t* seqs;
};

bool better(const Candidate& a, const Candidate& b) {
    if (a.info_gain != b.info_gain) return a.info_gain > b.info_gain;
    if (a.k != b.k) return a.k < b.k;
    return a.code < b.code;
}

/// Total sequences of a count file with at least two non-empty classes (DataError otherwise).
std::uint64_t require_two_classes(const kmer::KmerCounts& counts) {
    io::require_two_classes(counts.classes, counts.seqs_per_class, "information gain");
    std::uint64_t n = 0;
    for (const auto s : counts.seqs_per_class) n += s;
    return n;
}

}  // namespace

std::vector<ScoredKmer> score_kmers(const kmer::KmerCounts& counts, const ScoreOptions& options) {
    options.validate();
    const std::uint64_t n = require_two_classes(counts);
    const std::size_t classes = counts.num_classes();
    int enriched = -1;
    for (std::size_t c = 0; c < classes && !options.enriched_in.empty(); ++c) {
        if (counts.classes[c] == options.enriched_in) enriched = static_cast<int>(c);
    }
    if (!options.enriched_in.empty() && enriched < 0) {
        std::string names;
        for (const auto& c : counts.classes) names += (names.empty() ? "" : ", ") + c;
        throw ConfigError("`enriched_in`: no class '" + options.enriched_in +
                          "' (classes: " + names + ")");
    }
    const auto cls = static_cast<std::size_t>(std::max(enriched, 0));
    std::vector<Candidate> cand;
    std::vector<std::uint64_t> present(classes);
    counts.for_each([&](const kmer::KmerView& v) {
        if ((options.k_min > 0 && v.k < options.k_min) ||
            (options.k_max > 0 && v.k > options.k_max)) {
            return;
        }
        std::uint64_t support = 0;
        for (std::size_t c = 0; c < classes; ++c) support += v.seqs[c];
        if (support < options.min_seqs) return;
        if (enriched >= 0 &&
            log2_enrichment(v.seqs[cls], counts.seqs_per_class[cls], support - v.seqs[cls],
                            n - counts.seqs_per_class[cls], options.pseudocount) <= 0) {
            return;
        }
        present.assign(v.seqs, v.seqs + classes);
        const double ig = information_gain(present, counts.seqs_per_class);
        if (options.max_p < 1.0 && g_test_p_value(ig, n, classes) > options.max_p) return;
        cand.push_back({ig, v.k, v.code, v.occ, v.seqs});
    });
    if (options.top > 0 && options.top < cand.size()) {
        std::partial_sort(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(options.top),
                          cand.end(), better);
        cand.resize(options.top);
    } else {
        std::sort(cand.begin(), cand.end(), better);
    }
    std::vector<ScoredKmer> out(cand.size());
    for (std::size_t i = 0; i < cand.size(); ++i) {
        const Candidate& c = cand[i];
        ScoredKmer& s = out[i];
        s.k = c.k;
        s.code = c.code;
        s.info_gain = c.info_gain;
        s.g = g_statistic(c.info_gain, n);
        s.p_value = g_test_p_value(c.info_gain, n, classes);
        s.seqs_per_class.assign(c.seqs, c.seqs + classes);
        std::uint64_t support = 0;
        for (std::size_t j = 0; j < classes; ++j) {
            s.occurrences += c.occ[j];
            support += c.seqs[j];
        }
        for (std::size_t j = 0; j < classes; ++j) {
            s.log2_enrichment.push_back(
                log2_enrichment(c.seqs[j], counts.seqs_per_class[j], support - c.seqs[j],
                                n - counts.seqs_per_class[j], options.pseudocount));
        }
    }
    return out;
}

}  // namespace motiftok::score
