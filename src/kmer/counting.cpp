// Level-wise growth above the dense limit: hash tables keyed by the packed k-mer, counting only
// windows whose (k-1)-prefix and suffix were frequent one level below (docs/counting.md).

#include "counting.hpp"

#include <algorithm>

#include "motiftok/kmer/encode.hpp"

namespace motiftok::kmer::detail {

void append(KmerLevel& lv, std::uint64_t code, const std::uint32_t* block, std::size_t classes) {
    lv.codes.push_back(code);
    for (std::size_t c = 0; c < classes; ++c) {
        lv.occ.push_back(block[1 + 2 * c]);
        lv.seqs.push_back(block[2 + 2 * c]);
    }
}

void add_skipped_windows(std::string_view s, int k_lo, std::vector<std::uint64_t>& skipped) {
    if (s.find('N') == std::string_view::npos) return;
    std::vector<std::uint64_t> valid(skipped.size(), 0);
    for (std::size_t start = 0; start <= s.size();) {
        std::size_t end = s.find('N', start);
        if (end == std::string_view::npos) end = s.size();
        const std::size_t run = end - start;
        for (std::size_t j = 0; j < skipped.size(); ++j) {
            const auto k = static_cast<std::size_t>(k_lo) + j;
            if (run >= k) valid[j] += run - k + 1;
        }
        start = end + 1;
    }
    for (std::size_t j = 0; j < skipped.size(); ++j) {
        const auto k = static_cast<std::size_t>(k_lo) + j;
        const std::uint64_t total = s.size() >= k ? s.size() - k + 1 : 0;
        skipped[j] += total - valid[j];
    }
}

SupportSet::SupportSet(const KmerLevel& lv, std::size_t classes, std::uint64_t min_seqs) {
    std::vector<std::uint64_t> keep;
    for (std::size_t i = 0; i < lv.size(); ++i) {
        std::uint64_t total = 0;
        for (std::size_t c = 0; c < classes; ++c) total += lv.seqs[i * classes + c];
        if (total >= min_seqs) keep.push_back(lv.codes[i]);
    }
    dense_ = lv.k <= kMaxDenseK;
    if (dense_) {
        bits_.assign(((std::uint64_t{1} << (2 * lv.k)) + 63) / 64, 0);
        for (const auto c : keep) bits_[c >> 6] |= std::uint64_t{1} << (c & 63);
        return;
    }
    sparse_ = KmerTable<std::uint8_t>(0, keep.size());
    for (const auto c : keep) sparse_.insert(c);
}

namespace {

// Counts the candidates of level k whose hash falls in partition `part` of `parts`.
KmerLevel count_partition(const ClassedInput& in, const SupportSet& below, int k, bool both,
                          std::uint64_t min_seqs, std::uint64_t part, std::uint64_t parts) {
    const std::size_t classes = in.num_classes;
    KmerTable<std::uint32_t> table(1 + 2 * classes, 512);  // counter blocks, from 1024 slots
    const std::uint64_t sub_mask = kmer_mask(k - 1);
    const auto& records = *in.records;
    for (std::size_t r = 0; r < records.size(); ++r) {
        const auto stamp = static_cast<std::uint32_t>(r + 1);
        const std::uint32_t cls = in.class_of[r];
        for_each_window(records[r].seq, k, [&](std::uint64_t fwd, std::uint64_t rev) {
            const std::uint64_t code = both ? std::min(fwd, rev) : fwd;
            if (parts > 1 && mix64(code ^ 0x5bd1e995ULL) % parts != part) return;
            std::uint64_t prefix = fwd >> 2, suffix = fwd & sub_mask;
            if (both) {
                prefix = std::min(prefix, rev & sub_mask);
                suffix = std::min(suffix, rev >> 2);
            }
            if (!below.contains(prefix) || !below.contains(suffix)) return;
            bump(table.insert(code), stamp, cls);
        });
    }
    std::vector<std::pair<std::uint64_t, const std::uint32_t*>> kept;
    table.for_each([&](std::uint64_t code, const std::uint32_t* block) {
        std::uint64_t total = 0;
        for (std::size_t c = 0; c < classes; ++c) total += block[2 + 2 * c];
        if (total >= min_seqs) kept.emplace_back(code, block);
    });
    std::sort(kept.begin(), kept.end());
    KmerLevel lv;
    lv.k = k;
    for (const auto& [code, block] : kept) append(lv, code, block, classes);
    return lv;
}

}  // namespace

KmerLevel count_sparse(const ClassedInput& in, const SupportSet& below, int k, bool both,
                       std::uint64_t min_seqs, int threads) {
    const auto parts = static_cast<std::uint64_t>(std::max(1, threads));
    std::vector<KmerLevel> pieces(parts);
#pragma omp parallel for schedule(static, 1) num_threads(threads)
    for (std::uint64_t p = 0; p < parts; ++p) {
        pieces[p] = count_partition(in, below, k, both, min_seqs, p, parts);
    }
    if (parts == 1) {
        pieces[0].pruned = min_seqs > 1;
        return std::move(pieces[0]);
    }
    // Partitions hold disjoint codes: merge them by code.
    KmerLevel lv;
    lv.k = k;
    lv.pruned = min_seqs > 1;
    std::vector<std::size_t> pos(parts, 0);
    const std::size_t classes = in.num_classes;
    std::size_t total = 0;
    for (const KmerLevel& piece : pieces) total += piece.size();
    lv.codes.reserve(total);
    lv.occ.reserve(total * classes);
    lv.seqs.reserve(total * classes);
    for (;;) {
        std::size_t best = parts;
        for (std::size_t p = 0; p < parts; ++p) {
            if (pos[p] < pieces[p].size() &&
                (best == parts || pieces[p].codes[pos[p]] < pieces[best].codes[pos[best]])) {
                best = p;
            }
        }
        if (best == parts) break;
        const auto i = pos[best]++;
        lv.codes.push_back(pieces[best].codes[i]);
        lv.occ.insert(lv.occ.end(), pieces[best].occ.begin() + i * classes,
                      pieces[best].occ.begin() + (i + 1) * classes);
        lv.seqs.insert(lv.seqs.end(), pieces[best].seqs.begin() + i * classes,
                       pieces[best].seqs.begin() + (i + 1) * classes);
    }
    return lv;
}

}  // namespace motiftok::kmer::detail
