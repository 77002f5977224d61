#include "motiftok/model/gapped_kmers.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "motiftok/error.hpp"

namespace motiftok::model {

double GappedKmers::feature_count(int length, int informative) {
    double count = 1.0;
    for (int j = 0; j < informative; ++j) count = count * (length - j) / (j + 1) * 4.0;
    return count;
}

GappedKmers::GappedKmers(int length, int informative) : length_(length), informative_(informative) {
    if (length < 1 || length > 16 || informative < 1 || informative > std::min(length, 10)) {
        throw ConfigError("gapped k-mers need 1 <= k <= min(l, 10) and l <= 16 (got l = " +
                          std::to_string(length) + ", k = " + std::to_string(informative) + ")");
    }
    // C(l, k) · 4^k must index into 32 bits with room to spare.
    if (feature_count(length, informative) > static_cast<double>(kMaxFeatures)) {
        throw ConfigError("gapped k-mers with l = " + std::to_string(length) +
                          ", k = " + std::to_string(informative) + " have C(l, k) · 4^k > " +
                          std::to_string(kMaxFeatures) + " features; use a smaller l or k");
    }
    // Every k-subset of 0..l−1 in lexicographic order of its bit mask.
    for (std::uint32_t mask = 0; mask < (1u << length); ++mask) {
        if (__builtin_popcount(mask) != informative) continue;
        masks_.push_back(mask);
        for (int j = 0; j < length; ++j) {
            if (mask >> j & 1u) offsets_.push_back(static_cast<std::uint8_t>(j));
        }
    }
}

std::string GappedKmers::to_string(std::uint32_t feature) const {
    if (feature >= features()) {
        throw ConfigError("gapped k-mer feature " + std::to_string(feature) + " is out of range");
    }
    const auto k = static_cast<std::size_t>(informative_);
    const std::size_t pattern = feature >> (2 * k);
    std::string out(static_cast<std::size_t>(length_), '.');
    for (std::size_t j = 0; j < k; ++j)
        out[offsets_[pattern * k + j]] = "ACGT"[feature >> (2 * j) & 3u];
    return out;
}

void GappedKmers::features(const std::vector<std::uint8_t>& bases,
                           std::vector<std::uint32_t>& index, std::vector<float>& value) const {
    index.clear();
    value.clear();
    const auto l = static_cast<std::size_t>(length_);
    const auto k = static_cast<std::size_t>(informative_);
    const std::size_t P = masks_.size();
    if (bases.size() < l) return;
    const std::size_t windows = bases.size() - l + 1;
    // Counts in a dense per-thread array (no sort: O(1) per occurrence); the features come out
    // in the order of their first occurrence (window, then pattern), which depends only on the
    // sequence. The windows go in blocks, each pattern over the whole block at a time: its
    // counts are one run of 4^k entries, which stays in cache, where window by window every
    // pattern would touch another run. `first` keeps, per window and pattern of the block, the
    // feature when it occurred there for the first time (kNone otherwise), read back in
    // window-then-pattern order. `n_masks[i]`, bit j: base i + j is not A/C/G/T.
    constexpr std::uint32_t kNone = ~std::uint32_t{0};
    thread_local std::vector<std::uint32_t> counts, first, n_masks;
    if (counts.size() < features()) counts.assign(features(), 0);
    const std::size_t block = std::max<std::size_t>(1, kFirstBlock / P);
    if (first.size() < block * P) first.resize(block * P);
    n_masks.resize(windows);
    std::uint32_t n_mask = 0;
    for (std::size_t j = 0; j + 1 < l; ++j) n_mask |= static_cast<std::uint32_t>(bases[j] > 3) << j;
    for (std::size_t i = 0; i < windows; ++i) {
        n_mask |= static_cast<std::uint32_t>(bases[i + l - 1] > 3) << (l - 1);
        n_masks[i] = n_mask;
        n_mask >>= 1;
    }
    for (std::size_t i0 = 0; i0 < windows; i0 += block) {
        const std::size_t nw = std::min(block, windows - i0);
        for (std::size_t p = 0; p < P; ++p) {
            const std::uint32_t mask = masks_[p];
            const std::uint8_t* off = offsets_.data() + p * k;
            const auto base_id = static_cast<std::uint32_t>(p << (2 * k));
            for (std::size_t i = 0; i < nw; ++i) {
                std::uint32_t& slot = first[i * P + p];
                slot = kNone;
                if (mask & n_masks[i0 + i]) continue;
                const std::uint8_t* w = bases.data() + i0 + i;
                std::uint32_t code = 0;
                for (std::size_t j = 0; j < k; ++j)
                    code |= static_cast<std::uint32_t>(w[off[j]]) << (2 * j);
                if (counts[base_id | code]++ == 0) slot = base_id | code;
            }
        }
        for (std::size_t q = 0; q < nw * P; ++q)
            if (first[q] != kNone) index.push_back(first[q]);
    }
    double norm = 0.0;
    value.resize(index.size());
    for (std::size_t j = 0; j < index.size(); ++j) {
        const double c = counts[index[j]];
        counts[index[j]] = 0;
        value[j] = static_cast<float>(c);
        norm += c * c;
    }
    const double inv = norm > 0.0 ? 1.0 / std::sqrt(norm) : 0.0;
    for (auto& v : value) v = static_cast<float>(static_cast<double>(v) * inv);
}

}  // namespace motiftok::model
