#pragma once
// `motiftok evaluate` (docs/evaluate.md): vocabularies side by side on the four axes of a
// learnable tokenizer — expressiveness (attention classifier and bag-of-tokens logistic
// regression on a held-out part), compression (bp per token, tokens per sequence, throughput),
// alignment (top tokens matching known motifs) and interpretability (AUROC drop when the top
// tokens are masked, against random tokens). One seeded stratified split or K folds.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/export/annotate.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/learn/learner.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/tokenize/foreign.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::evaluate {

/// Best-path ids (into the candidate's vocabulary) of a normalized sequence; thread-safe.
using Encoder = std::function<void(std::string_view seq, std::vector<std::int32_t>& ids)>;

/// A vocabulary under evaluation: its tokens (what the classifier's lattice reads, what is
/// masked and annotated) and its best-path segmentation (what compression and the logistic
/// regression see).
struct Candidate {
    std::string name;
    vocab::Vocabulary vocabulary;
    Encoder encode;
};

/// A motiftok vocab.json: motiftok's best path.
Candidate motiftok_candidate(std::string name, vocab::Vocabulary vocabulary);
/// A HuggingFace tokenizer.json: its own segmentation, its DNA strings as vocabulary.
Candidate foreign_candidate(std::string name, tokenize::ForeignTokenizer tokenizer);
/// A vocabulary file: motiftok's vocab.json (its "format" is "motiftok-vocab") or else a
/// HuggingFace tokenizer.json. Throws InputError as Vocabulary::load / ForeignTokenizer::load.
Candidate load_candidate(const std::string& path, std::string name);
/// DNABERT-style fixed k-mers: all 4^k k-mers (strand forward) and the bases; the best path is
/// the non-overlapping k-mers from the sequence start, a window with N or the last < k bases
/// cut into single bases. Name "kmer<k>". Throws ConfigError unless 1 ≤ k ≤ 8.
Candidate kmer_candidate(int k);
/// The five single bases. Name "bases".
Candidate bases_candidate();

/// Built-in baselines; Unigram is learned on each training part (so it has no name here).
enum class Baseline { Unigram, Kmer6, Bases };
/// Parses "unigram", "kmer6", "bases"; throws ConfigError otherwise.
Baseline parse_baseline(const std::string& name);
const char* baseline_name(Baseline baseline);

struct EvaluateOptions {
    double test_frac = 0.2;  ///< one split: share of each class held out as the test part
    int folds = 0;           ///< ≥ 2: stratified K-fold cross-validation instead
    std::uint64_t seed = 1;  ///< splits, classifier, random masks
    model::ClassifierOptions classifier;  ///< the attention classifier (its seed is `seed`)
    bool attention = true;                ///< false: skip the classifier (and interpretability)
    std::size_t top = 20;                 ///< alignment: top-N tokens (by rank_tokens) to annotate
    double max_p = 0.05;          ///< alignment: a token matches if its best adjusted p ≤ this
    std::size_t mask_top = 10;    ///< interpretability: k tokens masked
    int mask_draws = 5;           ///< interpretability: random draws of k tokens
    learn::LearnOptions unigram;  ///< the unigram baseline (ig_weight 0, size of the first vocab)
    /// OpenMP threads of every step (≥ 1; the classifier's and the unigram learner's `threads`
    /// are set from it). Results do not depend on it, except the throughput.
    int threads = 1;

    /// Every invalid or contradicting option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
};

/// One output row. `value` is NaN where a metric is undefined (e.g. alignment of "bases").
struct Row {
    std::string vocabulary;
    std::string axis;  ///< expressiveness | compression | alignment | interpretability
    std::string metric;
    double value = 0.0;
};

/// Multi-base tokens without N, best first: by info_gain when any token has a positive one
/// (motiftok vocabularies), else by score; ties by id. With strand "both" only the first of each
/// reverse-complement pair is listed. Tokens shorter than `min_length` are left out.
std::vector<std::int32_t> rank_tokens(const vocab::Vocabulary& vocabulary,
                                      std::size_t min_length = 2);

/// Mean bases per token and tokens per sequence of the best paths `ids` of `records`.
struct Compression {
    double bp_per_token = 0.0;
    double tokens_per_sequence = 0.0;
};
Compression compression(const std::vector<std::string_view>& seqs,
                        const std::vector<std::vector<std::int32_t>>& ids);

/// The (macro) AUROC of `classifier` on `examples` (forward strand, and reverse complement
/// when the model was trained on both strands: `reverse` non-empty) after removing every
/// occurrence of the tokens flagged in `masked` (one flag per token id; empty = none). An
/// example that would lose all its occurrences keeps them. With `threads` OpenMP threads;
/// the result does not depend on their number.
double masked_auroc(const model::Classifier& classifier, const std::vector<model::Example>& forward,
                    const std::vector<model::Example>& reverse,
                    const std::vector<std::int32_t>& labels,
                    const std::vector<std::uint8_t>& masked, int threads);

/// The training part of `data` under `options` (folds must be 0: one split): the records that
/// evaluate_vocabularies() trains on, in input order, so that a vocabulary can be learned on
/// them alone. Throws ConfigError with folds.
io::Dataset training_part(const io::Dataset& data, const EvaluateOptions& options);

/// Progress messages for the user (the library never prints).
using Progress = std::function<void(const std::string& message)>;

/// Evaluates `candidates` and the `baselines` (in this order) on `data` (labeled, ≥ 2 classes).
/// `motifs` may be null (no alignment rows). Rows come in candidate order, then axis, then
/// metric; with folds, each value is the mean over folds and a "<metric>_sd" row follows.
/// Uses options.threads OpenMP threads; results do not depend on their number, except the
/// throughput.
std::vector<Row> evaluate_vocabularies(const io::Dataset& data,
                                       const std::vector<Candidate>& candidates,
                                       const std::vector<Baseline>& baselines,
                                       const exports::MotifDb* motifs,
                                       const EvaluateOptions& options,
                                       const Progress& progress = {});

/// Header line "vocabulary\taxis\tmetric\tvalue", then one line per row (values with up to 6
/// significant digits; NaN as "NA").
std::string rows_tsv(const std::vector<Row>& rows);
/// {"format": "motiftok-evaluate", "version": 1, "rows": [{vocabulary, axis, metric, value}]}
/// (NaN as null).
std::string rows_json(const std::vector<Row>& rows);

}  // namespace motiftok::evaluate
