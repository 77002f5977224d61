#pragma once
// Shared by the kmer tests: random labeled datasets and the obvious std::map reference counter.

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"

namespace motiftok::test {

/// Random sequences over ACGT with ~n_rate Ns, with copies of a few planted 20-mers so that long
/// k-mers recur across sequences; labels cycle over `classes` classes.
inline io::Dataset random_dataset(std::uint64_t seed, int records, int classes, double n_rate,
                                  int min_len = 20, int max_len = 120) {
    Rng rng(seed);
    std::vector<std::string> motifs;
    for (int m = 0; m < 4; ++m) {
        std::string s;
        for (int i = 0; i < 20; ++i) s += "ACGT"[rng.uniform(4)];
        motifs.push_back(s);
    }
    io::Dataset data;
    for (int c = 0; c < classes; ++c) data.classes.push_back("class" + std::to_string(c));
    for (int r = 0; r < records; ++r) {
        const auto len = static_cast<int>(
            min_len + rng.uniform(static_cast<std::uint64_t>(max_len - min_len + 1)));
        std::string s;
        while (static_cast<int>(s.size()) < len) {
            if (rng.uniform(10) == 0)
                s += motifs[rng.uniform(motifs.size())];
            else
                s += rng.uniform01() < n_rate ? 'N' : "ACGT"[rng.uniform(4)];
        }
        s.resize(static_cast<std::size_t>(len));
        data.records.push_back({"r" + std::to_string(r), s});
        data.labels.push_back(r % classes);
    }
    return data;
}

/// Reference counts of one k-mer: occurrences and containing sequences per class.
struct RefEntry {
    std::vector<std::uint64_t> occ, seqs;
};
struct RefLevel {
    std::map<std::string, RefEntry> kmers;
    std::uint64_t skipped = 0;
};

/// Counts level k by taking every substring; canonical = the smaller string of it and its
/// reverse complement when `both`.
inline RefLevel reference_count(const io::Dataset& data, int k, bool both) {
    RefLevel ref;
    const std::size_t classes = data.labeled() ? data.classes.size() : 1;
    for (std::size_t r = 0; r < data.records.size(); ++r) {
        const std::string& s = data.records[r].seq;
        const std::size_t c = data.labeled() ? static_cast<std::size_t>(data.labels[r]) : 0;
        std::set<std::string> seen;
        for (std::size_t i = 0; i + static_cast<std::size_t>(k) <= s.size(); ++i) {
            std::string w = s.substr(i, static_cast<std::size_t>(k));
            if (w.find('N') != std::string::npos) {
                ++ref.skipped;
                continue;
            }
            if (both) w = std::min(w, kmer::revcomp(w));
            auto& e = ref.kmers[w];
            if (e.occ.empty()) e.occ.assign(classes, 0), e.seqs.assign(classes, 0);
            e.occ[c] += 1;
            if (seen.insert(w).second) e.seqs[c] += 1;
        }
    }
    return ref;
}

}  // namespace motiftok::test
