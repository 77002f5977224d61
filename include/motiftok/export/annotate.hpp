#pragma once
// Annotating a vocabulary with known motifs (DESIGN.md §1, §7; docs/formats.md "motiftok
// annotate"): a reader for MEME minimal-format motif files (e.g. JASPAR), and for every token
// the best-matching motifs over all offsets and both strands, with a log-odds score, the score
// normalized by the motif's best over the same positions, and an exact p-value from a dynamic
// program over discretized scores (as FIMO and Tomtom compute them), Bonferroni-adjusted.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "motiftok/error.hpp"

namespace motiftok::vocab {
class Vocabulary;
struct Family;
}  // namespace motiftok::vocab

namespace motiftok::exports {

inline constexpr const char* kAnnotateFormatName = "motiftok-annotate";
inline constexpr const char* kAnnotateFamiliesFormatName = "motiftok-annotate-families";
inline constexpr int kAnnotateFormatVersion = 1;

/// One motif of a MEME file: rows of A, C, G, T probabilities (each row normalized to sum 1).
struct Motif {
    std::string id;    ///< the word after MOTIF (e.g. MA0139.2)
    std::string name;  ///< the optional second word (e.g. CTCF); empty if absent
    std::vector<std::array<double, 4>> probs;  ///< w rows
    std::size_t line = 0;                      ///< line of its MOTIF line (1-based)
};

/// The motifs of a MEME minimal-format file, in file order.
struct MotifDb {
    std::string source;  ///< file name used in messages and in the output header
    std::vector<Motif> motifs;
};

/// Parses MEME minimal-format text (version header, ALPHABET= ACGT, optional strands: and
/// background lines, `MOTIF id [name]`, `letter-probability matrix: ... w= N ...` then N rows of
/// four probabilities; blank lines, unknown keys and other lines such as URL are skipped).
/// Throws InputError naming `source`, the line and what is wrong: missing header, another
/// alphabet, a matrix without MOTIF or without w=, alength other than 4, a row without exactly
/// four numbers in [0, 1] or not summing to 1 within 0.01, too few rows, a motif without a
/// matrix, a duplicate motif id, or no motif at all.
MotifDb parse_meme(std::string_view text, const std::string& source = "<motifs>");
/// Reads and parses a MEME file. Throws InputError (also if it cannot be read).
MotifDb load_meme(const std::string& path);

/// Annotation options; member initializers are the CLI defaults.
struct AnnotateOptions {
    std::size_t min_length = 5;    ///< only tokens at least this long (and without N)
    std::size_t max_overhang = 1;  ///< aligned positions >= min(len, w) - max_overhang
    double pseudocount = 0.01;     ///< added to each probability, then renormalized; > 0
    double bin_width = 0.01;       ///< bits per score bin of the p-value dynamic program
    std::size_t top = 0;           ///< annotate the top tokens by info_gain; 0 = all
    std::size_t matches = 1;       ///< report up to this many motifs per token
    double max_p = 1.0;            ///< report matches with adjusted p <= max_p only
    int threads = 1;               ///< OpenMP threads over the motifs (results do not depend on it)

    /// Every invalid option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
};

/// A motif as log-odds against the uniform background: bits[j][b] = log2(p'/0.25) with
/// p' = (p + pseudocount) / (1 + 4·pseudocount), and ints[j][b] = round(bits / bin_width),
/// the discretized scores the p-values are exact for.
struct ScoreMatrix {
    std::vector<std::array<double, 4>> bits;
    std::vector<std::array<std::int32_t, 4>> ints;
};

/// Builds the score matrix of `motif`, forward (`reverse` false) or reverse-complemented.
ScoreMatrix score_matrix(const Motif& motif, const AnnotateOptions& options, bool reverse);

/// Exact probability that a uniform-random string scores >= `threshold` on `columns` (sum of
/// one discretized score per column), by a dynamic program over score sums. O(w · range).
double upper_tail(const std::vector<std::array<std::int32_t, 4>>& columns, std::int64_t threshold);

/// One alignment of a token to a motif.
struct Match {
    std::size_t motif = 0;    ///< index into MotifDb::motifs
    char strand = '+';        ///< '+' forward motif, '-' reverse-complemented motif
    int offset = 0;           ///< motif position (on that strand) of the token's first base
    std::size_t aligned = 0;  ///< number of aligned positions
    double score = 0.0;       ///< log-odds, bits, summed over aligned positions
    double normalized = 0.0;  ///< score / best possible score over the same positions
    double p_value = 1.0;     ///< P(uniform random string of the token's length scores >= it)
    double p_adjusted = 1.0;  ///< min(1, p_value · alignments tried for this token)
};

/// The annotation of one token: its best matches (at most `matches`, best first, only those
/// with p_adjusted <= max_p; may be empty).
struct TokenAnnotation {
    std::size_t token_id = 0;
    std::uint64_t alignments = 0;  ///< alignments tried (motifs × strands × offsets)
    /// Motifs whose best p-value equals the best one (relative 1e-9), the best included: a
    /// short exact token often matches the consensus of many motifs equally well.
    std::size_t tied = 0;
    std::vector<Match> matches;
};

/// Annotates the tokens of length >= min_length without N, the top `top` by info_gain (ties by
/// id), in that order. For each token and motif the best alignment is the one with the smallest
/// p-value (ties: higher score, '+' strand, smaller offset); motifs are ranked the same way
/// (last tie: file order). Strands: both, or '+' only for a "forward" vocabulary. Parallel over
/// motifs (OpenMP) with a deterministic result. Throws ConfigError for invalid options.
std::vector<TokenAnnotation> annotate(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                                      const AnnotateOptions& options);

/// annotate() for motif families: each family (in family order, the first `top`; 0 = all) is
/// queried by its core consensus (family_core_consensus), so a family is scored as the exact
/// string of its PWM's most frequent bases. TokenAnnotation::token_id holds the family id.
/// Families whose core is shorter than min_length or holds an N are skipped.
std::vector<TokenAnnotation> annotate_families(const vocab::Vocabulary& vocabulary,
                                               const MotifDb& db, const AnnotateOptions& options);
/// The consensus of a family's PWM over its core (export.hpp family_core, kFamilyCoreBits).
std::string family_core_consensus(const vocab::Vocabulary& vocabulary, const vocab::Family& family);
/// The family annotation TSV (format motiftok-annotate-families): one row per family and match,
/// columns family_rank, family_id, family, seed_token, tokens, sites, consensus, info_gain (the
/// seed's), then the match columns of annotation_tsv.
std::string family_annotation_tsv(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                                  const std::vector<TokenAnnotation>& annotations,
                                  const AnnotateOptions& options);

/// The annotation TSV: a `#` line with format, version, motiftok version, motif file and the
/// options, a header, then one row per match (or one row with empty motif fields for a token
/// without a match). Columns: docs/formats.md.
std::string annotation_tsv(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                           const std::vector<TokenAnnotation>& annotations,
                           const AnnotateOptions& options);

}  // namespace motiftok::exports
