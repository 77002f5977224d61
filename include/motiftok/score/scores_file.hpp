#pragma once
// The output of `motiftok score`: the scored k-mers as TSV, or as JSON (format "motiftok-scores",
// version 1) with the options that made them. docs/formats.md describes both.

#include <ostream>
#include <vector>

#include "motiftok/kmer/counter.hpp"
#include "motiftok/score/info_gain.hpp"

namespace motiftok::score {

inline constexpr const char* kScoresFormatName = "motiftok-scores";
inline constexpr int kScoresFormatVersion = 1;

/// One header line (kmer, k, info_gain, p_value, g, occurrences, seqs_<class>...,
/// log2_enrichment_<class>...), then one line per row; numbers with 6 significant digits.
void write_scores_tsv(std::ostream& out, const kmer::KmerCounts& counts,
                      const std::vector<ScoredKmer>& rows);

/// One JSON document: format, version, motiftok version, the counting and scoring options,
/// classes, sequences per class and one object per row.
void write_scores_json(std::ostream& out, const kmer::KmerCounts& counts,
                       const ScoreOptions& options, const std::vector<ScoredKmer>& rows);

}  // namespace motiftok::score
