#pragma once
// Scoring k-mers against class labels: information gain of "the sequence contains the k-mer"
// about the class, its G-test p-value, and per-class log2 enrichment (DESIGN.md §3).

#include <cstdint>
#include <string>
#include <vector>

#include "motiftok/kmer/counter.hpp"

namespace motiftok::score {

/// Information gain (mutual information) in bits between presence X in {0,1} and class Y, where
/// present_per_class[c] of total_per_class[c] sequences of class c contain the k-mer:
/// IG = H(Y) - sum_x P(x) H(Y | X = x). 0 when N = 0. Throws DataError if the sizes differ or a
/// present count exceeds its total. O(C).
double information_gain(const std::vector<std::uint64_t>& present_per_class,
                        const std::vector<std::uint64_t>& total_per_class);

/// G-test statistic for an information gain of `ig_bits` over n sequences: G = 2 n ln2 IG.
double g_statistic(double ig_bits, std::uint64_t n);

/// p-value of the G-test: P(chi^2 with classes - 1 degrees of freedom >= 2 n ln2 IG).
/// Returns 1 when classes < 2 or IG <= 0.
double g_test_p_value(double ig_bits, std::uint64_t n, std::size_t classes);

/// log2 of (fraction of class-c sequences containing the k-mer) over (fraction of the other
/// sequences containing it), each with `pseudocount` added to the present count and to the
/// total: log2((a_c + ψ)/(n_c + ψ)) - log2((a_rest + ψ)/(n_rest + ψ)).
double log2_enrichment(std::uint64_t present_in_class, std::uint64_t class_total,
                       std::uint64_t present_in_rest, std::uint64_t rest_total, double pseudocount);

/// Scoring options; the member initializers are the CLI defaults.
struct ScoreOptions {
    std::uint64_t min_seqs = 2;  ///< skip k-mers contained in fewer sequences (all classes)
    double max_p = 1.0;          ///< skip k-mers whose G-test p-value is larger
    std::size_t top = 0;         ///< keep the best `top` k-mers (0 = all)
    double pseudocount = 1.0;    ///< added in log2_enrichment
    int k_min = 0;               ///< score only k >= k_min (0 = every counted k)
    int k_max = 0;               ///< score only k <= k_max (0 = every counted k)
    /// Keep only k-mers whose log2 enrichment in this class is positive ("" = all k-mers).
    std::string enriched_in;

    /// Every invalid or contradicting option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
};

/// One scored k-mer.
struct ScoredKmer {
    int k = 0;
    std::uint64_t code = 0;                     ///< packed (canonical with --strand both) k-mer
    double info_gain = 0;                       ///< bits
    double g = 0;                               ///< G statistic
    double p_value = 1;                         ///< G-test, chi^2 with C - 1 degrees of freedom
    std::uint64_t occurrences = 0;              ///< all classes
    std::vector<std::uint64_t> seqs_per_class;  ///< sequences containing it, per class
    std::vector<double> log2_enrichment;        ///< per class, vs the rest

    std::string kmer() const;  ///< the k-mer as a string
};

/// Scores every counted k-mer that passes the filters, sorted by information gain (descending),
/// ties by k (ascending) then code (ascending). Throws DataError unless at least two classes
/// have sequences, ConfigError for invalid options or an unknown enriched_in class.
/// O(n C + n log n).
std::vector<ScoredKmer> score_kmers(const kmer::KmerCounts& counts, const ScoreOptions& options);

}  // namespace motiftok::score
