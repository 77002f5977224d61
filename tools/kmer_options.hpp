#pragma once
// What `count` and `score` share: the k-mer counting options and the summary of a count.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/dense_counter.hpp"

namespace motiftok::cli {

/// The k-mer counting options shared by count and score (--k-min, --k-max, --strand,
/// --dense-max-k, --min-seqs).
void add_kmer_options(CLI::App& cmd, kmer::KmerOptions& options);

/// Prints the per-level summary of a count (k-mers counted, windows skipped over N).
void report_counts(const kmer::KmerCounts& counts, bool quiet);
/// The same from the level sizes of a count written by kmer::DenseCounter::save.
void report_counts(const std::vector<kmer::LevelSize>& levels, bool quiet);

}  // namespace motiftok::cli
