#pragma once
// Counting every overlapping k-mer of a labeled (or unlabeled) dataset, per class: occurrences and
// the number of sequences that contain it (document frequency). DESIGN.md §3; docs/counting.md
// describes the algorithm and the count file format.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/strand.hpp"

namespace motiftok::kmer {

/// Longest k that count_kmers accepts (2 bits per base in one 64-bit word, with room for masks).
inline constexpr int kMaxCountK = 31;
/// Largest k that may be counted in a dense array of 4^k entries (--dense-max-k).
inline constexpr int kMaxDenseK = 13;

/// Counting options; the member initializers are the CLI defaults.
struct KmerOptions {
    int k_min = 1;   ///< shortest k counted (1..kMaxCountK)
    int k_max = 12;  ///< longest k counted (k_min..kMaxCountK)
    Strand strand = Strand::kBoth;
    int dense_max_k = 12;  ///< levels k <= this are counted exactly in dense arrays (1..kMaxDenseK)
    /// Support floor for levels above dense_max_k: a k-mer is kept only if at least this many
    /// sequences (all classes together) contain it, and it is only counted if its (k-1)-prefix and
    /// (k-1)-suffix were kept. 1 keeps every k-mer (exact counts; required by merge_counts).
    std::uint64_t min_seqs = 2;

    /// Every invalid or contradicting option (empty if none), one clause each.
    std::vector<std::string> problems() const;
    /// Throws ConfigError listing problems() at once (throw_if_problems).
    void validate() const { throw_if_problems(problems()); }
    bool operator==(const KmerOptions& other) const;
    bool operator!=(const KmerOptions& other) const { return !(*this == other); }
};

/// The counted k-mers of one length k, sorted by packed code (canonical codes with Strand::kBoth).
/// Entry i has code codes[i], and per class c: occurrences occ[i * C + c] and the number of
/// sequences containing it seqs[i * C + c], where C is the number of classes.
struct KmerLevel {
    int k = 0;
    std::vector<std::uint64_t> codes;
    std::vector<std::uint64_t> occ;
    std::vector<std::uint64_t> seqs;
    std::uint64_t skipped_windows = 0;  ///< windows of length k that span an N (never counted)
    bool pruned = false;                ///< true for levels above dense_max_k with min_seqs > 1

    std::size_t size() const { return codes.size(); }
    /// Index of `code` in codes, or -1 if it was not counted. O(log n).
    std::int64_t find(std::uint64_t code) const;
};

/// One counted k-mer, as for_each() presents it: pointers into the level's arrays, C entries each.
struct KmerView {
    int k;
    std::uint64_t code;         ///< packed k-mer (kmer::unpack(code, k) gives the string)
    const std::uint64_t* occ;   ///< occurrences per class
    const std::uint64_t* seqs;  ///< sequences containing it, per class
};

/// Result of counting: per class totals and one KmerLevel per k in [k_min, k_max].
struct KmerCounts {
    KmerOptions options;
    std::vector<std::string> classes;            ///< class names; {"all"} for unlabeled data
    std::vector<std::uint64_t> seqs_per_class;   ///< sequences per class
    std::vector<std::uint64_t> bases_per_class;  ///< bases per class (N included)
    std::vector<KmerLevel> levels;               ///< levels[k - k_min]

    std::size_t num_classes() const { return classes.size(); }
    /// The level of length k; throws ConfigError if k is outside [k_min, k_max].
    const KmerLevel& level(int k) const;
    /// Calls f(const KmerView&) for every counted k-mer, by increasing k, then code.
    template <class F>
    void for_each(F&& f) const {
        const std::size_t c = num_classes();
        for (const auto& lv : levels) {
            for (std::size_t i = 0; i < lv.size(); ++i) {
                f(KmerView{lv.k, lv.codes[i], lv.occ.data() + i * c, lv.seqs.data() + i * c});
            }
        }
    }
    bool operator==(const KmerCounts& other) const;
};

/// Counts every k-mer of `data` (labeled: one class per label; unlabeled: one class "all") for k in
/// [k_min, k_max]. k-mers spanning an N are skipped and counted per level. Time O(bases * levels)
/// with up to `threads` OpenMP threads; the result does not depend on `threads`. Memory: about
/// 4^k * (1 + 2C) * 4 bytes per dense level being counted, plus the result. Throws ConfigError
/// for invalid options, DataError if one class has more than 2^32 - 1 windows (split the input
/// and use merge_counts) or more than 2^32 - 2 sequences.
KmerCounts count_kmers(const io::Dataset& data, const KmerOptions& options, int threads = 1);

/// Receives one counted level (moved in: the visitor may keep it or let it go).
using LevelVisitor = std::function<void(KmerLevel level)>;

/// Counts as count_kmers does, but hands each level to `visit` as soon as it is counted, by
/// increasing k (k_min..k_max), and keeps none of them: the levels `visit` receives are exactly
/// count_kmers(data, options, threads).levels, in order. Returns the counts without levels
/// (options, classes and per class totals). Memory: the dense arrays while they are counted, then
/// one level at a time (the level being counted, its hash tables, and the support set of the
/// level below: 8 bytes per k-mer kept there, or a bitmap of 4^k bits for a dense level), plus
/// whatever `visit` keeps. Same errors as count_kmers; an exception thrown by `visit` stops the
/// count and propagates.
KmerCounts count_kmers_by_level(const io::Dataset& data, const KmerOptions& options, int threads,
                                const LevelVisitor& visit);

/// Counts only listed k-mers, of any lengths 1..kMaxPackedK: each of `levels` gives k and the
/// codes to count (sorted, no repeats; canonical with Strand::kBoth), and gets their occ and seqs
/// filled, per class, exactly as count_kmers counts them (a listed k-mer that never occurs gets
/// zeros), and its skipped_windows. Classes are the data's, or one class "all" for unlabeled data.
/// Memory: the lists and their counters only. Levels run in parallel over `threads`; the result
/// does not depend on it. Throws ConfigError for a k out of range or codes not sorted, DataError
/// as count_kmers does.
void count_listed(const io::Dataset& data, Strand strand, std::vector<KmerLevel>& levels,
                  int threads = 1);

/// Sums count files of disjoint inputs. Every input must have the same options and classes, and
/// its pruned levels (above dense_max_k) must have been counted with min_seqs == 1, so the sum is
/// exactly what counting all inputs at once gives. Throws DataError naming the first mismatch.
KmerCounts merge_counts(const std::vector<KmerCounts>& parts);

/// Writes the binary count file (format "motiftok-counts", see docs/counting.md) atomically to
/// `path` ("-" = stdout). Throws InputError if it cannot be written.
void save_counts(const KmerCounts& counts, const std::string& path);
/// Serializes to the count file bytes (what save_counts writes).
std::string serialize_counts(const KmerCounts& counts);
/// Reads a count file. Throws InputError naming `path` if it cannot be read, is not a count file,
/// has an unknown version, is truncated, or its checksum does not match.
KmerCounts load_counts(const std::string& path);
/// Parses count file bytes; `name` is used in messages.
KmerCounts deserialize_counts(const std::string& bytes, const std::string& name);

}  // namespace motiftok::kmer
