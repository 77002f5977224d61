// Loading count files and summing the counts of disjoint inputs (motiftok merge).

#include <sstream>

#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::kmer {
namespace {

std::string options_text(const KmerOptions& o) {
    std::ostringstream s;
    s << "k " << o.k_min << ".." << o.k_max << ", strand " << strand_name(o.strand)
      << ", dense-max-k " << o.dense_max_k << ", min-seqs " << o.min_seqs;
    return s.str();
}

std::string join(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

// Sum of two levels with sorted codes: a sorted union.
KmerLevel add_levels(const KmerLevel& a, const KmerLevel& b, std::size_t classes) {
    KmerLevel out;
    out.k = a.k;
    out.pruned = a.pruned;
    out.skipped_windows = a.skipped_windows + b.skipped_windows;
    out.codes.reserve(std::max(a.size(), b.size()));
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        const bool take_a = j == b.size() || (i < a.size() && a.codes[i] <= b.codes[j]);
        const bool take_b = i == a.size() || (j < b.size() && b.codes[j] <= a.codes[i]);
        out.codes.push_back(take_a ? a.codes[i] : b.codes[j]);
        for (std::size_t c = 0; c < classes; ++c) {
            out.occ.push_back((take_a ? a.occ[i * classes + c] : 0) +
                              (take_b ? b.occ[j * classes + c] : 0));
        }
        for (std::size_t c = 0; c < classes; ++c) {
            out.seqs.push_back((take_a ? a.seqs[i * classes + c] : 0) +
                               (take_b ? b.seqs[j * classes + c] : 0));
        }
        i += take_a;
        j += take_b;
    }
    return out;
}

}  // namespace

KmerCounts load_counts(const std::string& path) {
    return deserialize_counts(io::read_file(path, "count file"), path);
}

KmerCounts merge_counts(const std::vector<KmerCounts>& parts) {
    if (parts.empty()) throw DataError("nothing to merge: give at least one count file");
    const KmerCounts& first = parts.front();
    for (std::size_t p = 0; p < parts.size(); ++p) {
        const auto& part = parts[p];
        const std::string which = "count file " + std::to_string(p + 1);
        if (part.options != first.options) {
            throw DataError(which + " was counted with different options (" +
                            options_text(part.options) + " vs " + options_text(first.options) +
                            "); count every part with the same options");
        }
        if (part.classes != first.classes) {
            throw DataError(which + " has classes [" + join(part.classes) +
                            "], count file 1 has [" + join(first.classes) +
                            "]; every part needs the same classes in the "
                            "same order");
        }
        for (const auto& lv : part.levels) {
            if (lv.pruned) {
                throw DataError(
                    which + ": level k = " + std::to_string(lv.k) +
                    " holds only k-mers in >= " + std::to_string(part.options.min_seqs) +
                    " sequences, so sums would be inexact; count the parts with "
                    "`min_seqs` 1 (or `k_max` <= `dense_max_k`) to merge them");
            }
        }
    }
    KmerCounts out = first;
    const std::size_t classes = out.num_classes();
    for (std::size_t p = 1; p < parts.size(); ++p) {
        for (std::size_t c = 0; c < classes; ++c) {
            out.seqs_per_class[c] += parts[p].seqs_per_class[c];
            out.bases_per_class[c] += parts[p].bases_per_class[c];
        }
        for (std::size_t l = 0; l < out.levels.size(); ++l) {
            out.levels[l] = add_levels(out.levels[l], parts[p].levels[l], classes);
        }
    }
    return out;
}

}  // namespace motiftok::kmer
