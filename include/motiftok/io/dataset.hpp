#pragma once
// Labeled (or unlabeled) sequence sets: --class NAME=FILE, --labels ids.tsv next to plain
// inputs, or --bed regions.bed --genome genome.fa (BED column 4 is the label).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "motiftok/io/sequence_reader.hpp"

namespace motiftok::io {

/// Where sequences and their labels come from. Exactly one way of labeling may be used:
/// class_specs, or inputs + labels_tsv, or bed + genome; inputs alone are unlabeled.
struct InputSpec {
    std::vector<std::string> inputs;  ///< plain sequence files (labels from labels_tsv, or none)
    std::vector<std::string> class_specs;  ///< "NAME=FILE"; files may share a NAME
    std::string labels_tsv;                ///< id <TAB> label, one per line
    std::string bed;                       ///< BED regions, column 4 = label
    std::string genome;                    ///< indexed (or indexable) FASTA for bed; bgzip works
};

/// Every file that reading `spec` may open: the positional inputs, the FILE of each NAME=FILE,
/// the labels TSV, the BED file, the genome and its .fai/.gzi index files; "-" stays as is.
/// For io::check_outputs_not_inputs(). Malformed class specs are left to load_dataset().
std::vector<std::string> input_paths(const InputSpec& spec);

/// Sequences with one class index each (or none when unlabeled).
struct Dataset {
    std::vector<std::string>
        classes;                  ///< class names: --class order, else order of first appearance
    std::vector<Record> records;  ///< in input order
    std::vector<std::int32_t> labels;  ///< labels[i] indexes classes; empty when unlabeled
    ReadStats stats;                   ///< summed over all inputs

    bool labeled() const { return !labels.empty(); }
    /// Number of records per class (empty when unlabeled).
    std::vector<std::uint64_t> class_sizes() const;
    /// Makes `order` the class list (relabelling the records): a class of `order` without
    /// records here stays, with none. Throws ConfigError for an empty or repeated name in
    /// `order` or a class of this data set that `order` lacks. O(records + classes).
    void set_class_order(const std::vector<std::string>& order);
};

/// Throws ConfigError unless `order` is a usable class list (non-empty, distinct names);
/// `what` names the option in the message ("--classes").
void check_class_order(const std::vector<std::string>& order, const std::string& what);

/// The class names of `spec` known before any file is read: the NAMEs of class_specs in order of
/// first appearance, as scan_dataset() numbers them; empty for other inputs (labels TSV and BED
/// classes are known only from their files). Throws ConfigError as load_dataset() for a
/// malformed or contradicting spec.
std::vector<std::string> declared_classes(const InputSpec& spec);

/// What scan_dataset() learned besides the records themselves.
struct ScanSummary {
    std::vector<std::string> classes;  ///< class names (as in Dataset::classes)
    bool labeled = false;              ///< false for plain inputs without labels
    ReadStats stats;                   ///< summed over all inputs (BED: over the regions)
};

/// Called once per record in input order: the record (the callee may move from it), its class
/// index (-1 when unlabeled) and how many of its bases were lower case before normalization.
using RecordVisitor =
    std::function<void(Record& record, std::int32_t label, std::uint64_t lowercase)>;

/// Streams the records of `spec` to `visit` without keeping them (memory: the ids, for the
/// label and duplicate checks). Throws as load_dataset(); a label mismatch is detected only
/// after all records were visited. BED records get the id "chrom:start-end", with "(+)" or
/// "(-)" appended when the BED line has a strand column (as `bedtools getfasta -s`).
ScanSummary scan_dataset(const InputSpec& spec, const ReaderOptions& options,
                         const RecordVisitor& visit);

/// Loads sequences and labels as `spec` says. Throws ConfigError for contradicting or missing
/// inputs, InputError for unreadable files or BED lines, DataError for labels that do not
/// match the ids (both directions counted, the first five of each named).
Dataset load_dataset(const InputSpec& spec, const ReaderOptions& options = {});

/// Throws DataError unless `data` is labeled with at least two non-empty classes; `what`
/// names the step that needs labels ("information gain", "training").
void require_two_classes(const Dataset& data, const std::string& what);
/// The same check on class sizes (`sizes[c]` sequences of `classes[c]`), e.g. of a count file:
/// the one place that decides what "two classes" means.
void require_two_classes(const std::vector<std::string>& classes,
                         const std::vector<std::uint64_t>& sizes, const std::string& what);

}  // namespace motiftok::io
