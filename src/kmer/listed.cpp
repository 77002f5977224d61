// count_listed: occurrences and containing sequences of given k-mers only (the fixed seed of
// `fit`'s later rounds), with the counter blocks and window roll of count_kmers.

#include <algorithm>

#include "counting.hpp"
#include "kmer_table.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer {
namespace {

void count_level(const detail::ClassedInput& in, bool both, KmerLevel& lv) {
    const std::size_t classes = in.num_classes, stride = 1 + 2 * classes;
    detail::KmerTable<std::uint32_t> blocks(stride, lv.codes.size());  // counters of listed codes
    for (const std::uint64_t code : lv.codes) blocks.insert(code);
    std::vector<std::uint64_t> skipped(1, 0);
    for (std::size_t r = 0; r < in.records->size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        const std::uint32_t cls = in.class_of[r];
        const std::string& seq = (*in.records)[r].seq;
        detail::add_skipped_windows(seq, lv.k, skipped);
        detail::for_each_window(seq, lv.k, [&](std::uint64_t fwd, std::uint64_t rev) {
            if (std::uint32_t* block = blocks.find(both ? std::min(fwd, rev) : fwd))
                detail::bump(block, stamp, cls);
        });
    }
    lv.occ.assign(lv.codes.size() * classes, 0);
    lv.seqs.assign(lv.codes.size() * classes, 0);
    for (std::size_t i = 0; i < lv.codes.size(); ++i) {
        const std::uint32_t* block = blocks.find(lv.codes[i]);
        for (std::size_t c = 0; c < classes; ++c) {
            lv.occ[i * classes + c] = block[1 + 2 * c];
            lv.seqs[i * classes + c] = block[2 + 2 * c];
        }
    }
    lv.skipped_windows = skipped[0];
    lv.pruned = false;
}

}  // namespace

void count_listed(const io::Dataset& data, Strand strand, std::vector<KmerLevel>& levels,
                  [[maybe_unused]] int threads) {  // unused without OpenMP
    for (const KmerLevel& lv : levels) {
        if (lv.k < 1 || lv.k > kMaxPackedK) {
            throw ConfigError("listed k-mers must have k between 1 and " +
                              std::to_string(kMaxPackedK) + " (got " + std::to_string(lv.k) + ")");
        }
        if (std::adjacent_find(lv.codes.begin(), lv.codes.end(),
                               [](std::uint64_t a, std::uint64_t b) { return a >= b; }) !=
            lv.codes.end()) {
            throw ConfigError("listed k-mers of k = " + std::to_string(lv.k) +
                              " must be sorted without repeats");
        }
    }
    KmerCounts totals;
    const detail::ClassedInput in = detail::classify(data, totals);
    const bool both = strand == Strand::kBoth;
#pragma omp parallel for schedule(dynamic, 1) num_threads(std::max(1, threads))
    for (std::size_t j = 0; j < levels.size(); ++j) count_level(in, both, levels[j]);
}

}  // namespace motiftok::kmer
