#pragma once
// Readers for what `motiftok report` draws: the outputs of predict (TSV, metrics JSON, explain
// JSONL), annotate (TSV), evaluate (TSV or JSON) and vocab.json (version 1, or 2 with motif
// families). Each parses text and throws InputError naming `source`, the line or record, and
// what is wrong. Formats: docs/formats.md, docs/classifier.md.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/strand.hpp"
#include "motiftok/report/logo.hpp"

namespace motiftok::vocab {
class Vocabulary;
}

namespace motiftok::report {

/// predict's TSV: id, predicted, p_<class>...
struct Predictions {
    std::vector<std::string> classes;  ///< from the p_<class> columns, in order
    std::vector<std::string> ids;
    std::vector<std::vector<double>> probs;  ///< per row, one per class
};
Predictions parse_predictions(std::string_view text, const std::string& source);

/// The class index (into predictions.classes) of each prediction row, from `data`: the records
/// predict read, in the same order (predict writes rows in input order; ids may repeat). Throws
/// DataError for another number of records, an id that differs, or a class the predictions
/// lack.
std::vector<std::int32_t> match_labels(const Predictions& predictions, const io::Dataset& data,
                                       const std::string& source);

/// A JSON object's top-level keys and values as text (numbers with 4 significant digits, null
/// as NA, arrays joined by ", "), in file order: predict's --metrics file.
std::vector<std::pair<std::string, std::string>> parse_metrics(std::string_view text,
                                                               const std::string& source);

/// One token occurrence of predict's --explain JSONL.
struct ExplainedToken {
    std::size_t start = 0, end = 0;
    std::string token;
    double attention = 0.0;  ///< mean over heads
    double delta = 0.0;      ///< NaN when the file has null
};
/// One line of the JSONL.
struct Explained {
    std::string id;
    std::string predicted;
    double p_predicted = 0.0;
    std::vector<ExplainedToken> tokens;
};
std::vector<Explained> parse_explain(std::string_view text, const std::string& source);

/// A token's best known motif, from annotate's TSV (match_rank 1).
struct MotifMatch {
    std::string motif_id;
    std::string motif_name;
    char strand = '+';
    int offset = 0;
    double p_adjusted = 1.0;
};
/// token id → its best match; tokens without a match are absent.
std::map<std::int64_t, MotifMatch> parse_annotation(std::string_view text,
                                                    const std::string& source);

/// One row of evaluate's output.
struct EvaluateRow {
    std::string vocabulary, axis, metric, value;
};
/// evaluate's TSV (header `vocabulary axis metric value`; `#` lines skipped) or its --json
/// (`{"rows": [{vocabulary, axis, metric, value}...]}`, or a bare array of such rows).
std::vector<EvaluateRow> parse_evaluate(std::string_view text, const std::string& source);

namespace detail {
/// The --json form of evaluate's output (parse_evaluate() dispatches on the first character).
std::vector<EvaluateRow> parse_evaluate_json(std::string_view text, const std::string& source);
}  // namespace detail

/// What the logos need from a vocabulary.
struct LogoToken {
    std::int64_t id = 0;
    std::string token;
    double info_gain = 0.0;
    double score = 0.0;
    bool in_family = false;  ///< a member of a motif family (vocab.json version 2)
};
/// A motif family (vocab.json version 2): its seed token, member count and matrix.
struct Family {
    std::int64_t id = 0;
    std::string name;
    std::int64_t seed = 0;  ///< token id
    std::size_t members = 0;
    Pwm pwm;
};
struct VocabSummary {
    kmer::Strand strand = kmer::Strand::kBoth;
    std::vector<LogoToken> tokens;  ///< index = id
    std::vector<Family> families;   ///< empty for version 1
};
/// Reads vocab.json text (format motiftok-vocab, version 1 or 2) for the fields above.
VocabSummary parse_vocab_summary(std::string_view text, const std::string& source);
/// The same from a loaded vocabulary (e.g. the one inside model.bin); no families.
VocabSummary summarize(const vocab::Vocabulary& vocabulary);

/// Ids of the tokens worth a logo: at least `min_length` bases, no N, by decreasing info_gain
/// (ties by id); with strand "both" a reverse complement of a listed token is skipped. At most
/// `top`.
std::vector<std::int64_t> top_tokens(const VocabSummary& vocab, std::size_t top,
                                     std::size_t min_length);

}  // namespace motiftok::report
