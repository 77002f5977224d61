#pragma once
// Summary statistics of a sequence set (`motiftok stats`): per class and in total, sizes,
// lengths, base composition and duplicate sequences, including sequences with conflicting labels.

#include <cstdint>
#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/io/sequence_reader.hpp"

namespace motiftok::io {

/// One row of the statistics: a class, or the total over all records.
struct SeqStatsRow {
    std::string name;               ///< class name, "all" for the total
    std::uint64_t sequences = 0;    ///< records
    std::uint64_t bases = 0;        ///< bp
    std::uint64_t min_length = 0;   ///< shortest record (bp); 0 when there are no records
    double median_length = 0;       ///< median length (mean of the two middle ones when even)
    std::uint64_t max_length = 0;   ///< longest record (bp)
    double gc = 0;                  ///< (G + C) / (A + C + G + T); 0 without ACGT bases
    double n_fraction = 0;          ///< N bases (incl. IUPAC codes) / bp
    double lowercase_fraction = 0;  ///< bases that were lower case in the input / bp
    std::uint64_t dup_within = 0;   ///< records equal to an earlier record of the same row
    std::uint64_t dup_across = 0;   ///< records whose sequence also occurs in another class
};

/// A sequence found under more than one class label.
struct LabelConflict {
    std::string first_id, first_class;  ///< the first record with this sequence
    std::string other_id, other_class;  ///< the first record with it under another class
};

/// The result of SeqStatsBuilder::finish().
struct SeqStats {
    std::vector<SeqStatsRow> rows;            ///< one per class (in class order), then "all"
    std::uint64_t conflicting_sequences = 0;  ///< distinct sequences seen under >= 2 classes
    std::vector<LabelConflict> conflicts;     ///< the first few of them (at most 5)
    std::uint64_t duplicate_ids = 0;          ///< records whose id equals an earlier record's id
    std::vector<std::string> duplicate_id_examples;  ///< the first few such ids (at most 5)
};

/// Accumulates records one at a time (memory: a 128-bit hash, a length, a label and the id per
/// record; equal hashes are taken as equal sequences, with a collision probability below 1e-20 for
/// 1e9 records). Not thread-safe.
class SeqStatsBuilder {
  public:
    /// Adds a normalized record; `label` is its class index, or -1 when the data are unlabeled;
    /// `lowercase` counts its bases that were lower case in the input. O(length).
    void add(const Record& record, std::int32_t label, std::uint64_t lowercase);
    /// Computes the rows; `classes` names the labels (empty when unlabeled: one row "all").
    /// O(records) expected time.
    SeqStats finish(const std::vector<std::string>& classes) const;

  private:
    struct Hash128 {
        std::uint64_t lo = 0, hi = 0;
        bool operator==(const Hash128& o) const { return lo == o.lo && hi == o.hi; }
    };
    struct Acc {
        std::uint64_t sequences = 0, bases = 0, gc = 0, acgt = 0, n = 0, lowercase = 0;
        std::vector<std::uint64_t> lengths;
    };
    Acc& acc(std::int32_t label);
    void count_duplicates(const std::vector<std::string>& classes, SeqStats& out,
                          std::vector<std::uint64_t>& dup_within,
                          std::vector<std::uint64_t>& dup_across) const;

    std::vector<Acc> classes_;  // index label + 1 (0 = unlabeled)
    std::vector<Hash128> hashes_;
    std::vector<std::int32_t> labels_;
    std::vector<std::string> ids_;
};

/// Renders `stats` as TSV with a header line; fractions with 4 decimals.
std::string stats_to_tsv(const SeqStats& stats);

/// Renders `stats` (and what reading changed) as a JSON document with format name, version,
/// the motiftok version and the inputs (`spec`) that made it.
std::string stats_to_json(const SeqStats& stats, const ReadStats& read, const InputSpec& spec = {});

}  // namespace motiftok::io
