#pragma once
// Gapped k-mer features, gkm-SVM's feature map (Ghandi et al. 2014): every window of l bases
// contributes, for each choice of k of its l positions, the k bases at those positions (the
// other l − k are gaps). Two sequences that share a motif up to l − k mismatches share features,
// which is what exact tokens cannot do (DESIGN.md §6). The classifier adds a linear term over
// these features to its logits (`--gkm`).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace motiftok::model {

/// The C(l, k) position patterns of gapped k-mers in windows of l bases.
class GappedKmers {
  public:
    /// Most features C(l, k) · 4^k a feature map may have (the linear term's weights are C ×
    /// features doubles: 64 MB for two classes).
    static constexpr std::size_t kMaxFeatures = std::size_t{1} << 22;
    /// C(l, k) · 4^k as a double (no overflow for any l, k ≥ 0): the feature count of (l, k).
    static double feature_count(int length, int informative);
    /// l = `length` (1..16), k = `informative` (1..min(l, 10)), at most kMaxFeatures features.
    /// Throws ConfigError otherwise.
    GappedKmers(int length, int informative);
    int length() const { return length_; }
    int informative() const { return informative_; }
    /// Number of patterns, C(l, k).
    std::size_t patterns() const {
        return offsets_.size() / static_cast<std::size_t>(informative_);
    }
    /// Number of distinct features, C(l, k) · 4^k: feature = pattern · 4^k + code, where code
    /// packs the k bases (A0 C1 G2 T3) two bits each, the first informative position lowest.
    std::size_t features() const { return patterns() << (2 * informative_); }
    /// The most entries features() gives for a sequence of `bases` bases: one per window and
    /// pattern, at most features() (what the term's caches reserve and estimate).
    std::size_t max_entries(std::size_t bases) const {
        const auto l = static_cast<std::size_t>(length_);
        const std::size_t windows = bases >= l ? bases - l + 1 : 0;
        return std::min(windows * patterns(), features());
    }
    /// The sparse, L2-normalized feature vector of `bases` (codes 0..3 = ACGT, 4 = N): `index`
    /// distinct, in the order of first occurrence; `value` = count / sqrt(Σ counts²). A pattern
    /// whose informative positions cover an N is skipped (no base is invented); gaps may cover
    /// N. Empty when no window has a valid pattern. O(n · C(l, k) · k); thread-safe (a
    /// per-thread count array of features() entries).
    void features(const std::vector<std::uint8_t>& bases, std::vector<std::uint32_t>& index,
                  std::vector<float>& value) const;
    /// A feature as l letters, '.' at the gaps: with l = 5, k = 3, "TG.C." is T, G and C at
    /// window offsets 0, 1 and 3. Throws ConfigError for a feature ≥ features().
    std::string to_string(std::uint32_t feature) const;

  private:
    /// Window × pattern slots `features` handles at a time (a block of windows: 64 KB).
    static constexpr std::size_t kFirstBlock = std::size_t{1} << 14;
    int length_, informative_;
    std::vector<std::uint8_t> offsets_;  // patterns() × k window offsets, ascending per pattern
    std::vector<std::uint32_t> masks_;   // per pattern: bit j set when offset j is informative
};

}  // namespace motiftok::model
