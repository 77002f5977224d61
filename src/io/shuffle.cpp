// Altschul-Erickson dinucleotide shuffle: pick a random arborescence of "last exit" edges
// into the final base (Wilson's loop-erased random walks, weighted by edge multiplicity), shuffle
// every other exit list, and walk the resulting Eulerian path from the first base.

#include "motiftok/io/shuffle.hpp"

#include <algorithm>
#include <array>
#include <ostream>

#include "motiftok/error.hpp"

namespace motiftok::io {

namespace {

int base_index(char c) {
    switch (c) {
        case 'A':
            return 0;
        case 'C':
            return 1;
        case 'G':
            return 2;
        default:
            return 3;  // 'T' (segments hold only ACGT)
    }
}

constexpr char kBases[4] = {'A', 'C', 'G', 'T'};

// Shuffles one ACGT-only segment in place.
void shuffle_segment(char* s, std::size_t len, Rng& rng) {
    if (len <= 2) return;
    std::array<std::vector<unsigned char>, 4> exits;  // exits[v] = targets of v's out-edges
    for (std::size_t i = 0; i + 1 < len; ++i) {
        exits[base_index(s[i])].push_back(static_cast<unsigned char>(base_index(s[i + 1])));
    }
    const int first = base_index(s[0]);
    const int last = base_index(s[len - 1]);
    // Wilson's algorithm: a uniform random spanning arborescence rooted at `last`, edges
    // chosen with probability proportional to their multiplicity.
    std::array<bool, 4> in_tree{};
    std::array<int, 4> next_edge{};  // index into exits[v] of the chosen last edge
    in_tree[last] = true;
    for (int v = 0; v < 4; ++v) {
        int u = v;
        while (!in_tree[u] && !exits[u].empty()) {
            next_edge[u] = static_cast<int>(rng.uniform(exits[u].size()));
            u = exits[u][next_edge[u]];
        }
        u = v;
        while (!in_tree[u] && !exits[u].empty()) {
            in_tree[u] = true;
            u = exits[u][next_edge[u]];
        }
    }
    // Move each vertex's last edge to the end, shuffle the others (Fisher-Yates).
    for (int v = 0; v < 4; ++v) {
        auto& e = exits[v];
        if (e.empty()) continue;
        std::size_t n = e.size();
        if (v != last) {
            std::swap(e[next_edge[v]], e[n - 1]);
            --n;
        }
        for (std::size_t i = n; i > 1; --i) std::swap(e[i - 1], e[rng.uniform(i)]);
    }
    std::array<std::size_t, 4> used{};
    int v = first;
    s[0] = kBases[v];
    for (std::size_t i = 1; i < len; ++i) {
        v = exits[v][used[v]++];
        s[i] = kBases[v];
    }
}

std::uint64_t record_seed(std::uint64_t seed, std::uint64_t index) {
    std::uint64_t z = seed ^ (index * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
    z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
    return z ^ (z >> 29);
}

}  // namespace

std::string dinucleotide_shuffle(std::string_view seq, Rng& rng) {
    std::string out(seq);
    std::size_t i = 0;
    while (i < out.size()) {
        if (out[i] == 'N') {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < out.size() && out[j] != 'N') ++j;
        shuffle_segment(out.data() + i, j - i, rng);
        i = j;
    }
    return out;
}

std::vector<std::string> ShuffleOptions::problems() const {
    std::vector<std::string> p;
    if (copies < 1) p.push_back("`copies` must be at least 1 (got " + std::to_string(copies) + ")");
    if (threads < 1)
        p.push_back("`threads` must be at least 1 (got " + std::to_string(threads) + ")");
    return p;
}

std::vector<Record> shuffle_records(const std::vector<Record>& records,
                                    const ShuffleOptions& options, std::uint64_t first_index) {
    options.validate();
    const auto copies = static_cast<std::size_t>(options.copies);
    std::vector<Record> out(records.size() * copies);
    const auto n = static_cast<std::int64_t>(records.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(options.threads)
    for (std::int64_t r = 0; r < n; ++r) {
        const auto i = static_cast<std::size_t>(r);
        Rng rng(record_seed(options.seed, first_index + i));
        for (std::size_t c = 0; c < copies; ++c) {
            Record& o = out[i * copies + c];
            o.id = records[i].id + "_shuf" + std::to_string(c + 1);
            o.seq = dinucleotide_shuffle(records[i].seq, rng);
        }
    }
    return out;
}

void write_fasta(std::ostream& out, const Record& record, std::size_t line_width) {
    out << '>' << record.id << '\n';
    if (line_width == 0 || record.seq.size() <= line_width) {
        out << record.seq << '\n';
        return;
    }
    for (std::size_t i = 0; i < record.seq.size(); i += line_width) {
        out.write(record.seq.data() + i,
                  static_cast<std::streamsize>(std::min(line_width, record.seq.size() - i)));
        out << '\n';
    }
}

}  // namespace motiftok::io
