// The seed vocabulary: the bases, plus the best k-mers counted by module kmer, half of the budget
// by information gain (labeled data, β > 0) and the rest by frequency · length (SentencePiece's
// seed rule), each kept in a bounded heap so memory does not grow with the number of k-mers.

#include <algorithm>
#include <map>
#include <queue>
#include <set>

#include "em_state.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/score/info_gain.hpp"

namespace motiftok::learn::detail {

namespace {

constexpr int kSeedDenseMaxK = 10;  // 4^10 entries per dense level: tens of MB at most
// Seed counting asks for support in at least one sequence in kSupportShare (or --min-seqs, if
// larger): a k-mer rarer than that cannot rank in the seed, and the floor keeps the level-wise
// hash tables of large corpora bounded (100k sequences: support 50).
constexpr std::uint64_t kSupportShare = 2000;

/// A candidate k-mer: its rank key (larger = better), and the counts its piece starts with.
struct Candidate {
    double key;
    int k;
    std::uint64_t code;
    std::uint64_t count;              ///< occurrences, all classes
    std::vector<std::uint64_t> docs;  ///< sequences containing it, per class
};

/// Ties prefer shorter, then smaller code.
struct WorseFirst {
    bool operator()(const Candidate& a, const Candidate& b) const {
        if (a.key != b.key) return a.key > b.key;
        if (a.k != b.k) return a.k < b.k;
        return a.code < b.code;
    }
};

/// Keeps the `capacity` best candidates seen.
class TopK {
  public:
    explicit TopK(std::size_t capacity) : capacity_(capacity) {}
    /// Whether `key` for (k, code) would be kept now: checked before a candidate is built.
    bool admits(double key, int k, std::uint64_t code) const {
        if (capacity_ == 0) return false;
        return heap_.size() < capacity_ ||
               WorseFirst{}(Candidate{key, k, code, 0, {}}, heap_.top());
    }
    void push(Candidate c) {
        if (!admits(c.key, c.k, c.code)) return;
        if (heap_.size() == capacity_) heap_.pop();
        heap_.push(std::move(c));
    }
    /// Best first.
    std::vector<Candidate> take() {
        std::vector<Candidate> out;
        while (!heap_.empty()) out.push_back(heap_.top()), heap_.pop();
        std::reverse(out.begin(), out.end());
        return out;
    }

  private:
    std::size_t capacity_;
    std::priority_queue<Candidate, std::vector<Candidate>, WorseFirst> heap_;
};

Piece make_piece(std::string str, bool strand_both) {
    Piece p;
    if (strand_both) {
        std::string rc = kmer::revcomp(str);
        p.two_strings = rc != str;
        if (rc < str) str = std::move(rc);
    }
    p.str = std::move(str);
    return p;
}

/// Base pieces with their composition as initial counts.
std::vector<Piece> base_pieces(const io::Dataset& data, bool strand_both) {
    std::uint64_t n[5] = {0, 0, 0, 0, 0};
    for (const io::Record& r : data.records) {
        for (const char c : r.seq) ++n[kmer::kNt4[static_cast<unsigned char>(c)]];
    }
    std::vector<Piece> out;
    const char* bases = strand_both ? "ACN" : "ACGTN";
    for (const char* b = bases; *b; ++b) {
        Piece p = make_piece(std::string(1, *b), strand_both);
        p.required = true;
        const std::uint8_t code = kmer::kNt4[static_cast<unsigned char>(*b)];
        p.count = n[code] + (p.two_strings ? n[3 - code] : 0);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace

std::vector<Piece> base_seed(const io::Dataset& data, const LearnOptions& options) {
    return base_pieces(data, options.strand == kmer::Strand::kBoth);
}

void count_seed(const io::Dataset& data, std::vector<Piece>& pieces, const LearnOptions& options) {
    const bool both = options.strand == kmer::Strand::kBoth;
    // Each non-base piece as a listed k-mer (canonical with strand both) of its length.
    std::map<int, std::vector<std::uint64_t>> codes;
    auto code_of = [&](const std::string& s) {
        const std::uint64_t fwd = kmer::pack(s);
        return both ? kmer::canonical(fwd, static_cast<int>(s.size())) : fwd;
    };
    for (const Piece& p : pieces) {
        if (!p.required) codes[static_cast<int>(p.str.size())].push_back(code_of(p.str));
    }
    std::vector<kmer::KmerLevel> levels;
    for (auto& [k, list] : codes) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
        kmer::KmerLevel lv;
        lv.k = k;
        lv.codes = std::move(list);
        levels.push_back(std::move(lv));
    }
    kmer::count_listed(data, options.strand, levels, options.threads);
    const std::size_t n_classes = data.labeled() ? data.classes.size() : 0;
    const std::size_t counted = std::max<std::size_t>(1, n_classes);  // unlabeled: one class
    std::vector<Piece> kept;
    for (Piece& p : pieces) {
        if (p.required) {
            kept.push_back(std::move(p));
            continue;
        }
        const auto k = static_cast<int>(p.str.size());
        const auto& lv = *std::find_if(levels.begin(), levels.end(),
                                       [&](const kmer::KmerLevel& l) { return l.k == k; });
        const auto i = static_cast<std::size_t>(lv.find(code_of(p.str)));
        std::uint64_t seqs = 0;
        p.count = 0;
        p.docs.assign(n_classes, 0);
        for (std::size_t c = 0; c < counted; ++c) {
            p.count += lv.occ[i * counted + c];
            seqs += lv.seqs[i * counted + c];
            if (c < n_classes) p.docs[c] = lv.seqs[i * counted + c];
        }
        if (seqs >= options.min_seqs) kept.push_back(std::move(p));
    }
    pieces = std::move(kept);
}

std::vector<Piece> collect_seed(const io::Dataset& data, const LearnOptions& options,
                                std::uint64_t* candidates) {
    const bool both = options.strand == kmer::Strand::kBoth;
    std::vector<Piece> pieces = base_pieces(data, both);

    kmer::KmerOptions ko;
    ko.k_min = options.k_min;
    ko.k_max = options.k_max;
    ko.strand = both ? kmer::Strand::kBoth : kmer::Strand::kForward;
    ko.dense_max_k = std::min(options.k_max, kSeedDenseMaxK);
    ko.min_seqs = std::max<std::uint64_t>(options.min_seqs, data.records.size() / kSupportShare);
    const std::vector<std::uint64_t> class_sizes = data.class_sizes();
    const bool by_gain = options.ig_weight > 0 && class_sizes.size() >= 2;
    // Budgets in pieces; a piece is up to two strings, the cut to seed_size strings comes last.
    // Each level is ranked as it is counted and then dropped: only the heaps are kept.
    TopK by_freq(options.seed_size);
    TopK by_ig(by_gain ? options.seed_size / 2 : 0);
    std::uint64_t n_candidates = 0;
    std::vector<std::uint64_t> present;
    auto rank_level = [&](const kmer::KmerLevel& level) {
        const std::size_t n_classes = present.size();
        for (std::size_t i = 0; i < level.size(); ++i) {
            std::uint64_t occ = 0, seqs = 0;
            for (std::size_t c = 0; c < n_classes; ++c) {
                present[c] = level.seqs[i * n_classes + c];
                occ += level.occ[i * n_classes + c], seqs += present[c];
            }
            if (seqs < ko.min_seqs || occ == 0) continue;
            ++n_candidates;
            const int k = level.k;
            const std::uint64_t code = level.codes[i];
            const double freq_key = static_cast<double>(occ) * k;
            if (by_freq.admits(freq_key, k, code)) by_freq.push({freq_key, k, code, occ, present});
            if (by_gain) {
                const double gain = score::information_gain(present, class_sizes);
                if (by_ig.admits(gain, k, code)) by_ig.push({gain, k, code, occ, present});
            }
        }
    };
    const std::size_t n_classes = data.labeled() ? data.classes.size() : 1;
    present.assign(n_classes, 0);
    kmer::count_kmers_by_level(data, ko, options.threads,
                               [&](kmer::KmerLevel level) { rank_level(level); });
    if (candidates != nullptr) *candidates = n_candidates;

    // Union: IG candidates first, then by frequency, until seed_size strings.
    std::set<std::pair<int, std::uint64_t>> taken;
    std::size_t strings = 0;
    auto add = [&](const Candidate& c) {
        if (!taken.insert({c.k, c.code}).second) return;
        Piece p = make_piece(kmer::unpack(c.code, c.k), both);
        const std::size_t n = p.two_strings ? 2 : 1;
        if (strings + n > options.seed_size) return;
        p.count = c.count;
        p.docs = c.docs;
        strings += n;
        pieces.push_back(std::move(p));
    };
    for (const Candidate& c : by_ig.take()) add(c);
    for (const Candidate& c : by_freq.take()) add(c);
    return pieces;
}

}  // namespace motiftok::learn::detail
