// The k-mer counting options and count summary shared by `count` and `score`.
#include "kmer_options.hpp"

#include <cstdint>

#include "common.hpp"

namespace motiftok::cli {

void add_kmer_options(CLI::App& cmd, kmer::KmerOptions& options) {
    cmd.add_option("-k,--k-min", options.k_min, "Shortest k-mer counted")->capture_default_str();
    cmd.add_option("-K,--k-max", options.k_max, "Longest k-mer counted")->capture_default_str();
    add_enum_option(cmd, "--strand", options.strand, kmer::parse_strand,
                    kmer::strand_name(options.strand),
                    "'both': a k-mer and its reverse complement are one (canonical); 'forward': "
                    "strand-specific")
        ->check(CLI::IsMember({"both", "forward"}));
    cmd.add_option("--dense-max-k", options.dense_max_k,
                   "Count k up to this exactly in 4^k arrays; longer k-mers grow level by level "
                   "from frequent shorter ones")
        ->capture_default_str();
    cmd.add_option("--min-seqs", options.min_seqs,
                   "Support floor: k-mers above --dense-max-k must occur in at least this many "
                   "sequences (1 = exact counts, needed by merge)")
        ->capture_default_str();
}

void report_counts(const std::vector<kmer::LevelSize>& levels, bool quiet) {
    std::uint64_t skipped = 0;
    std::string sizes;
    for (const auto& lv : levels) {
        skipped += lv.skipped_windows;
        sizes +=
            (sizes.empty() ? "" : ", ") + std::to_string(lv.k) + ":" + std::to_string(lv.kmers);
    }
    info(quiet, "distinct k-mers per k: " + sizes);
    if (skipped > 0) {
        info(quiet, "skipped " + std::to_string(skipped) +
                        " k-mer windows spanning non-ACGT bases (all k together)");
    }
}

void report_counts(const kmer::KmerCounts& counts, bool quiet) {
    std::vector<kmer::LevelSize> levels;
    for (const auto& lv : counts.levels) levels.push_back({lv.k, lv.size(), lv.skipped_windows});
    report_counts(levels, quiet);
}

}  // namespace motiftok::cli
