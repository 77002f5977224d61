// Options, result accessors and the driver of count_kmers: which levels are counted densely,
// which by level-wise growth, and how the work is spread over threads (docs/counting.md).

#include "motiftok/kmer/counter.hpp"

#include <algorithm>
#include <memory>
#include <sstream>

#include "counting.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/dense_counter.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace motiftok::kmer {

std::vector<std::string> KmerOptions::problems() const {
    std::vector<std::string> problems;
    auto in_range = [&](const char* name, long long v, long long lo, long long hi) {
        if (v < lo || v > hi) {
            problems.push_back(std::string(name) + " must be between " + std::to_string(lo) +
                               " and " + std::to_string(hi) + " (got " + std::to_string(v) + ")");
        }
    };
    in_range("`k_min`", k_min, 1, kMaxCountK);
    in_range("`k_max`", k_max, 1, kMaxCountK);
    in_range("`dense_max_k`", dense_max_k, 1, kMaxDenseK);
    if (k_min > k_max) {
        problems.push_back("`k_min` (" + std::to_string(k_min) + ") must not exceed `k_max` (" +
                           std::to_string(k_max) + ")");
    }
    if (min_seqs < 1) problems.push_back("`min_seqs` must be at least 1 (got 0)");
    return problems;
}

bool KmerOptions::operator==(const KmerOptions& o) const {
    return k_min == o.k_min && k_max == o.k_max && strand == o.strand &&
           dense_max_k == o.dense_max_k && min_seqs == o.min_seqs;
}

std::int64_t KmerLevel::find(std::uint64_t code) const {
    const auto it = std::lower_bound(codes.begin(), codes.end(), code);
    if (it == codes.end() || *it != code) return -1;
    return it - codes.begin();
}

const KmerLevel& KmerCounts::level(int k) const {
    if (k < options.k_min || k > options.k_max) {
        throw ConfigError("k = " + std::to_string(k) + " was not counted (counted " +
                          std::to_string(options.k_min) + ".." + std::to_string(options.k_max) +
                          ")");
    }
    return levels[static_cast<std::size_t>(k - options.k_min)];
}

bool KmerCounts::operator==(const KmerCounts& o) const {
    if (options != o.options || classes != o.classes || seqs_per_class != o.seqs_per_class ||
        bases_per_class != o.bases_per_class || levels.size() != o.levels.size()) {
        return false;
    }
    for (std::size_t i = 0; i < levels.size(); ++i) {
        const auto& a = levels[i];
        const auto& b = o.levels[i];
        if (a.k != b.k || a.codes != b.codes || a.occ != b.occ || a.seqs != b.seqs ||
            a.skipped_windows != b.skipped_windows || a.pruned != b.pruned) {
            return false;
        }
    }
    return true;
}

namespace detail {

ClassedInput classify(const io::Dataset& data, KmerCounts& out) {
    detail::ClassedInput in;
    in.records = &data.records;
    const bool labeled = data.labeled();
    out.classes = labeled ? data.classes : std::vector<std::string>{"all"};
    in.num_classes = out.classes.size();
    out.seqs_per_class.assign(in.num_classes, 0);
    out.bases_per_class.assign(in.num_classes, 0);
    if (data.records.size() >= 0xffffffffULL) {
        throw DataError(
            "more than 4294967294 sequences in one count; split the input, count "
            "each part and combine them with 'motiftok merge'");
    }
    in.class_of.resize(data.records.size());
    for (std::size_t i = 0; i < data.records.size(); ++i) {
        const auto c = labeled ? static_cast<std::uint32_t>(data.labels[i]) : 0u;
        in.class_of[i] = c;
        out.seqs_per_class[c] += 1;
        out.bases_per_class[c] += data.records[i].seq.size();
    }
    for (std::size_t c = 0; c < in.num_classes; ++c) {
        if (out.bases_per_class[c] >= 0xffffffffULL) {
            throw DataError("class '" + out.classes[c] + "' has " +
                            std::to_string(out.bases_per_class[c]) +
                            " bp; one count handles < 4294967295 bp per class: split the input, "
                            "count each part and combine them with 'motiftok merge'");
        }
    }
    return in;
}

}  // namespace detail

KmerCounts count_kmers_by_level(const io::Dataset& data, const KmerOptions& options, int threads,
                                const LevelVisitor& visit) {
    options.validate();
    KmerCounts out;
    out.options = options;
    const detail::ClassedInput in = detail::classify(data, out);
    const int dense_hi = std::min(options.k_max, options.dense_max_k);
    // Levels above the dense limit grow from the level below, so counting starts at or below it.
    const int lo = options.k_max > options.dense_max_k
                       ? std::min(options.k_min, options.dense_max_k)
                       : options.k_min;
    const bool both = options.strand == Strand::kBoth;
    const std::size_t classes = in.num_classes;
    std::vector<std::uint64_t> skipped(static_cast<std::size_t>(options.k_max - dense_hi), 0);
    if (!skipped.empty()) {
        for (const auto& rec : data.records)
            detail::add_skipped_windows(rec.seq, dense_hi + 1, skipped);
    }
    // All that level k + 1 needs of level k; the level itself goes to `visit`.
    std::unique_ptr<detail::SupportSet> below;
    auto hand_on = [&](KmerLevel lv) {
        if (lv.k < options.k_max && lv.k >= dense_hi) {
            below.reset();
            below = std::make_unique<detail::SupportSet>(lv, classes, options.min_seqs);
        }
        if (lv.k >= options.k_min) visit(std::move(lv));
    };
    {
        DenseCounter dense(lo, dense_hi, options.strand, out.classes, threads);
        for (std::size_t r = 0; r < data.records.size(); ++r)
            dense.add(data.records[r].seq, in.class_of[r]);
        dense.take_levels(hand_on);
    }
    for (int k = dense_hi + 1; k <= options.k_max; ++k) {
        KmerLevel lv =
            detail::count_sparse(in, *below, k, both, options.min_seqs, std::max(1, threads));
        lv.skipped_windows = skipped[static_cast<std::size_t>(k - dense_hi - 1)];
        hand_on(std::move(lv));
    }
    return out;
}

KmerCounts count_kmers(const io::Dataset& data, const KmerOptions& options, int threads) {
    std::vector<KmerLevel> levels;
    KmerCounts out = count_kmers_by_level(data, options, threads,
                                          [&](KmerLevel lv) { levels.push_back(std::move(lv)); });
    out.levels = std::move(levels);
    return out;
}

}  // namespace motiftok::kmer
