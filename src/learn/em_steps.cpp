// The E-step (best-path tokenization of every sequence, with the shared tokenize::Tokenizer) and
// the M-step (probabilities and token-level information gain from those tokenizations).

#include <algorithm>
#include <bitset>
#include <cmath>
#include <exception>

#include "em_state.hpp"
#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/score/info_gain.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/score_decimal.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace motiftok::learn::detail {

namespace {
constexpr double kLog2 = 0.69314718055994530942;
constexpr double kFloor = 0.5;  // uses given to an unused piece, so its log p stays finite

int popcount64(std::uint64_t x) {
    return static_cast<int>(std::bitset<64>(x).count());
}

/// Per-thread accumulators of the E-step.
struct Accumulator {
    std::vector<std::uint64_t> string_count;
    std::vector<std::uint64_t> docs;
    std::vector<std::uint64_t> stamp;  // last sequence (+1) that used each piece
    std::vector<std::uint64_t> words;  // new boundary bits of the current sequence
    std::vector<std::int32_t> ids;     // token ids of the current sequence
    std::uint64_t tokens = 0, bases = 0, boundaries = 0, moved = 0;
};

void tokenize_one(const io::Dataset& data, std::size_t i, const tokenize::Tokenizer& tokenizer,
                  const TokenTable& table, const std::vector<std::uint32_t>& length,
                  std::size_t n_classes, BoundaryMemory& memory, Accumulator& acc) {
    const std::string& seq = data.records[i].seq;
    std::vector<std::int32_t>& ids = acc.ids;
    tokenizer.encode(seq, ids);
    const std::size_t n_words = (seq.size() + 63) / 64;
    acc.words.assign(n_words, 0);
    std::uint64_t pos = 0;
    for (std::size_t j = 0; j < ids.size(); ++j) {
        const auto id = static_cast<std::size_t>(ids[j]);
        ++acc.string_count[id];
        const std::uint32_t piece = table.piece[id];
        if (n_classes > 0 && acc.stamp[piece] != i + 1) {
            acc.stamp[piece] = i + 1;
            ++acc.docs[piece * n_classes + static_cast<std::size_t>(data.labels[i])];
        }
        pos += length[id];
        if (j + 1 < ids.size()) acc.words[pos / 64] |= std::uint64_t{1} << (pos % 64);
    }
    if (pos != seq.size()) {
        throw DataError("learn: the tokenization of record " + std::to_string(i + 1) +
                        " does not cover the sequence; this is a bug in the tokenizer");
    }
    std::uint64_t* old = memory.bits.data() + memory.offset[i];
    for (std::size_t w = 0; w < n_words; ++w) {
        acc.boundaries += static_cast<std::uint64_t>(popcount64(acc.words[w]));
        if (memory.has_previous) {
            acc.boundaries += static_cast<std::uint64_t>(popcount64(old[w]));
            acc.moved += static_cast<std::uint64_t>(popcount64(old[w] ^ acc.words[w]));
        }
        old[w] = acc.words[w];
    }
    acc.tokens += ids.size();
    acc.bases += seq.size();
}
}  // namespace

double string_log_prob(const Piece& p) {
    return p.two_strings ? p.log_p - kLog2 : p.log_p;
}

double string_score(const Piece& p, double beta) {
    return string_log_prob(p) + beta * p.gain_norm * static_cast<double>(p.str.size());
}

std::size_t entry_count(const std::vector<Piece>& pieces) {
    std::size_t n = 0;
    for (const Piece& p : pieces) n += p.two_strings ? 2 : 1;
    return n;
}

TokenTable make_token_table(const std::vector<Piece>& pieces, double beta) {
    TokenTable t;
    // The bases first, at ids 0..4, whatever piece holds them (A/T and C/G share with strand both).
    for (const char b : {'A', 'C', 'G', 'T', 'N'}) {
        t.strings.emplace_back(1, b);
        t.piece.push_back(0);
    }
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& p = pieces[i];
        if (p.required) {
            for (std::size_t b = 0; b < 5; ++b) {
                if (t.strings[b] == p.str ||
                    (p.two_strings && t.strings[b] == kmer::revcomp(p.str))) {
                    t.piece[b] = static_cast<std::uint32_t>(i);
                }
            }
            continue;
        }
        t.strings.push_back(p.str);
        t.piece.push_back(static_cast<std::uint32_t>(i));
        if (p.two_strings) {
            t.strings.push_back(kmer::revcomp(p.str));
            t.piece.push_back(static_cast<std::uint32_t>(i));
        }
    }
    t.scores.resize(t.strings.size());
    for (std::size_t s = 0; s < t.strings.size(); ++s)
        t.scores[s] = vocab::round_score(string_score(pieces[t.piece[s]], beta));
    return t;
}

BoundaryMemory make_boundary_memory(const io::Dataset& data) {
    BoundaryMemory m;
    m.offset.reserve(data.records.size());
    std::uint64_t words = 0;
    for (const io::Record& r : data.records) {
        m.offset.push_back(words);
        words += (r.seq.size() + 63) / 64;
    }
    m.bits.assign(words, 0);
    return m;
}

EStepResult run_e_step(const io::Dataset& data, const TokenTable& table, std::size_t n_pieces,
                       std::size_t n_classes, BoundaryMemory& memory, int threads) {
    const tokenize::Tokenizer tokenizer(table.strings, table.scores);
    std::vector<std::uint32_t> length(table.strings.size());
    for (std::size_t s = 0; s < length.size(); ++s)
        length[s] = static_cast<std::uint32_t>(table.strings[s].size());
    int n_threads = 1;
#ifdef _OPENMP
    n_threads = std::max(1, threads);
#else
    (void)threads;
#endif
    std::vector<Accumulator> acc(static_cast<std::size_t>(n_threads));
    for (Accumulator& a : acc) {
        a.string_count.assign(table.strings.size(), 0);
        a.docs.assign(n_pieces * n_classes, 0);
        a.stamp.assign(n_pieces, 0);
    }
    const auto n_seqs = static_cast<std::int64_t>(data.records.size());
    // Exceptions must not leave an OpenMP region: keep the first per thread, rethrow after.
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n_threads));
#pragma omp parallel for schedule(dynamic, 16) num_threads(n_threads)
    for (std::int64_t i = 0; i < n_seqs; ++i) {
        int tid = 0;
#ifdef _OPENMP
        tid = omp_get_thread_num();
#endif
        const auto t = static_cast<std::size_t>(tid);
        if (errors[t]) continue;
        try {
            tokenize_one(data, static_cast<std::size_t>(i), tokenizer, table, length, n_classes,
                         memory, acc[t]);
        } catch (...) {
            errors[t] = std::current_exception();
        }
    }
    for (const auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
    memory.has_previous = true;
    // Integer sums, merged in thread order: identical for any thread count.
    EStepResult r;
    r.string_count.assign(table.strings.size(), 0);
    r.docs.assign(n_pieces * n_classes, 0);
    for (const Accumulator& a : acc) {
        for (std::size_t s = 0; s < r.string_count.size(); ++s)
            r.string_count[s] += a.string_count[s];
        for (std::size_t d = 0; d < r.docs.size(); ++d) r.docs[d] += a.docs[d];
        r.tokens += a.tokens;
        r.bases += a.bases;
        r.boundaries += a.boundaries;
        r.moved += a.moved;
    }
    return r;
}

double run_m_step(std::vector<Piece>& pieces, const TokenTable& table, const EStepResult& e,
                  const std::vector<std::uint64_t>& class_sizes) {
    const std::size_t n_classes = class_sizes.size();
    for (Piece& p : pieces) p.count = 0;
    for (std::size_t s = 0; s < table.strings.size(); ++s)
        pieces[table.piece[s]].count += e.string_count[s];
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        pieces[i].docs.assign(e.docs.begin() + static_cast<std::ptrdiff_t>(i * n_classes),
                              e.docs.begin() + static_cast<std::ptrdiff_t>((i + 1) * n_classes));
    }
    // Unused pieces keep a floor count; pruning removes them first (their loss is 0), so the
    // vocabulary holds its size once it reaches the target and EM can settle.
    double total = 0;
    for (const Piece& p : pieces) total += static_cast<double>(p.count);
    if (!(total > 0)) throw DataError("learn: the E-step produced no tokens; is the input empty?");
    double log_likelihood = 0;
    double max_gain = 0;
    for (Piece& p : pieces) {
        const double c = p.count > 0 ? static_cast<double>(p.count) : kFloor;
        p.log_p = std::log(c / total);
        log_likelihood += static_cast<double>(p.count) * string_log_prob(p);
        p.info_gain = n_classes >= 2 ? score::information_gain(p.docs, class_sizes) : 0.0;
        max_gain = std::max(max_gain, p.info_gain);
    }
    for (Piece& p : pieces) p.gain_norm = max_gain > 0 ? p.info_gain / max_gain : 0.0;
    if (!std::isfinite(log_likelihood)) {
        throw DataError(
            "learn: the log-likelihood is not finite; please report this with the input");
    }
    return log_likelihood;
}

}  // namespace motiftok::learn::detail
