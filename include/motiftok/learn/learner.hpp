#pragma once
// The EM vocabulary learner (DESIGN.md §4, docs/algorithm.md): a unigram language model over
// tokens whose path score adds a bonus for label-informative tokens. seed -> (E-step: best-path
// tokenization of every sequence; M-step: re-estimate p and token-level information gain; prune)*
// -> vocab::Vocabulary. Deterministic: the same bytes for any thread count.

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/vocab/families.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::learn {

/// Options of `motiftok learn`. The member initializers are the defaults shown by --help.
struct LearnOptions {
    std::size_t vocab_size =
        1024;        ///< target number of vocabulary entries (strings), bases included
    int k_min = 2;   ///< shortest multi-base token
    int k_max = 16;  ///< longest token (at most kmer::kMaxPackedK)
    double ig_weight =
        1.0;  ///< β: bonus in nats per base for the most informative token; 0 = plain unigram
    std::size_t seed_size = 20000;  ///< seed candidates (strings) before EM, bases not included
    double shrink = 0.25;  ///< share of the vocabulary pruned per round while above vocab_size
    std::uint64_t min_seqs = 2;  ///< a seed k-mer must occur in at least this many sequences
    kmer::Strand strand = kmer::Strand::kBoth;  ///< kBoth: reverse-complement closed
    double tol = 0.01;       ///< stop when fewer than this share of token boundaries moved
    int max_iter = 40;       ///< EM iterations at most (E-step + M-step each)
    int threads = 1;         ///< threads of the E-step (OpenMP); results do not depend on it
    std::uint64_t seed = 1;  ///< recorded for reproducibility; the learner draws no random numbers
    bool families = true;    ///< group the final tokens into motif families (vocab/families.hpp)
    vocab::FamilyOptions family;  ///< how; its `threads` is taken from `threads`

    /// Every invalid or contradicting option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
    /// The options as a JSON object (text), written into vocab.json.
    std::string to_json() const;
};

/// What one EM iteration did; the learner hands one to the progress callback per iteration.
struct IterationReport {
    int iteration = 0;                 ///< 1-based
    std::size_t vocab_size = 0;        ///< entries (strings) used by this iteration's E-step
    double log_likelihood_per_bp = 0;  ///< nats per base of the best paths under the re-estimated p
    double mean_info_gain = 0;         ///< bits; mean token-level IG over the multi-base tokens
    double tokens_per_bp = 0;          ///< tokens of the best paths per base
    double boundaries_moved =
        1;                   ///< share of token boundaries that differ from the previous iteration
    double seconds = 0;      ///< wall time of the iteration
    std::size_t pruned = 0;  ///< entries removed after this iteration
};

/// Notes for the user that the learner does not print itself.
struct LearnSummary {
    bool info_gain_undefined = false;  ///< fewer than two non-empty classes: plain unigram, IG = 0
    bool converged = false;            ///< the boundary test passed before max_iter
    int iterations = 0;
    std::uint64_t seed_candidates = 0;  ///< k-mers that passed min_seqs before the seed was cut
    std::size_t families = 0;           ///< motif families built
    std::size_t family_tokens = 0;      ///< tokens in a family
};

using ProgressCallback = std::function<void(const IterationReport&)>;

/// Outside knowledge for the learner (`motiftok fit`'s M-step); empty = plain learn_vocabulary.
struct LearnGuide {
    /// Task-driven score in [0, 1] per string (either orientation names the piece). A piece's
    /// token score becomes (1 − prior_weight) · IG/max IG + prior_weight · prior (0 if absent);
    /// it replaces IG/max IG in the path bonus β · score · length and is written as the token's
    /// motif_score.
    std::unordered_map<std::string, double> prior;
    double prior_weight = 0.5;
    /// Candidate strings added to the seed (k_min..k_max bases of ACGT, else ignored).
    std::vector<std::string> extra;
    /// Strings (either orientation) removed from the seed; bases are never removed.
    std::unordered_set<std::string> exclude;
    /// The seed is `extra` alone (plus the bases) instead of the counted k-mers: each string is
    /// counted on the data (occurrences, sequences per class) and kept if at least `min_seqs`
    /// sequences hold it. `motiftok fit`'s rounds edit a vocabulary this way.
    bool fixed = false;

    bool empty() const { return prior.empty() && extra.empty() && exclude.empty() && !fixed; }
};

/// Learns a vocabulary from `data` (labeled or not). Calls `progress` once per iteration.
/// Throws ConfigError for invalid options, DataError for an empty dataset or a numerical
/// failure. Time O(iterations · bases · k_max); memory O(bases / 8 + seed_size · classes)
/// beyond the dataset and the seed counting (see docs/algorithm.md).
/// With a non-empty `guide`, the seed is edited and the token score is guided as LearnGuide says.
vocab::Vocabulary learn_vocabulary(const io::Dataset& data, const LearnOptions& options,
                                   const ProgressCallback& progress = {},
                                   LearnSummary* summary = nullptr, const LearnGuide& guide = {});

}  // namespace motiftok::learn
