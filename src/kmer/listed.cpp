// count_listed: occurrences and containing sequences of given k-mers only (the fixed seed of
// `fit`'s later rounds), with the counter blocks and window roll of count_kmers.

#include <algorithm>

#include "counting.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer {
namespace {

// Open-addressing map from a listed code to its index in the list; sized at <= 50 % load.
class ListIndex {
  public:
    explicit ListIndex(const std::vector<std::uint64_t>& codes) {
        std::size_t cap = 16;
        while (cap < 2 * codes.size()) cap *= 2;
        mask_ = cap - 1;
        keys_.assign(cap, 0);
        index_.assign(cap, kNone);
        for (std::size_t i = 0; i < codes.size(); ++i) {
            std::size_t h = detail::mix64(codes[i]) & mask_;
            while (index_[h] != kNone) h = (h + 1) & mask_;
            keys_[h] = codes[i];
            index_[h] = i;
        }
    }
    /// Index of `code` in the list, or -1.
    std::int64_t find(std::uint64_t code) const {
        for (std::size_t h = detail::mix64(code) & mask_;; h = (h + 1) & mask_) {
            if (index_[h] == kNone) return -1;
            if (keys_[h] == code) return static_cast<std::int64_t>(index_[h]);
        }
    }

  private:
    // An empty slot has no index (every 64-bit value is a possible code of a 32-mer).
    static constexpr std::size_t kNone = ~std::size_t{0};
    std::vector<std::uint64_t> keys_;
    std::vector<std::size_t> index_;
    std::size_t mask_ = 0;
};

void count_level(const detail::ClassedInput& in, bool both, KmerLevel& lv) {
    const std::size_t classes = in.num_classes, stride = 1 + 2 * classes;
    const ListIndex index(lv.codes);
    std::vector<std::uint32_t> blocks(lv.codes.size() * stride, 0);
    std::vector<std::uint64_t> skipped(1, 0);
    for (std::size_t r = 0; r < in.records->size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        const std::uint32_t cls = in.class_of[r];
        const std::string& seq = (*in.records)[r].seq;
        detail::add_skipped_windows(seq, lv.k, skipped);
        detail::for_each_window(seq, lv.k, [&](std::uint64_t fwd, std::uint64_t rev) {
            const std::int64_t i = index.find(both ? std::min(fwd, rev) : fwd);
            if (i >= 0)
                detail::bump(blocks.data() + static_cast<std::size_t>(i) * stride, stamp, cls);
        });
    }
    lv.occ.assign(lv.codes.size() * classes, 0);
    lv.seqs.assign(lv.codes.size() * classes, 0);
    for (std::size_t i = 0; i < lv.codes.size(); ++i) {
        for (std::size_t c = 0; c < classes; ++c) {
            lv.occ[i * classes + c] = blocks[i * stride + 1 + 2 * c];
            lv.seqs[i * classes + c] = blocks[i * stride + 2 + 2 * c];
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
