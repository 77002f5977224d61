// Annotating tokens with known motifs: log-odds scores, exact p-values over discretized scores,
// Bonferroni adjustment (docs/formats.md "motiftok annotate").

#include "motiftok/export/annotate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/version.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::exports {

namespace {

/// Survival function of a discretized score sum: sf[k] = P(sum >= min + k).
struct Tail {
    std::int64_t min = 0;
    std::vector<double> sf;

    double at(std::int64_t threshold) const {
        const std::int64_t k = threshold - min;
        if (k <= 0) return 1.0;
        if (k >= static_cast<std::int64_t>(sf.size())) return 0.0;
        return std::min(1.0, sf[static_cast<std::size_t>(k)]);
    }
};

/// Distribution of the sum of discretized column scores of a uniform-random string.
struct Distribution {
    std::int64_t min = 0;
    std::vector<double> p{1.0};

    void add(const std::array<std::int32_t, 4>& column) {
        const std::int32_t lo = *std::min_element(column.begin(), column.end());
        const std::int32_t hi = *std::max_element(column.begin(), column.end());
        std::vector<double> next(p.size() + static_cast<std::size_t>(hi - lo), 0.0);
        for (int b = 0; b < 4; ++b) {
            double* out = next.data() + (column[b] - lo);
            for (std::size_t i = 0; i < p.size(); ++i) out[i] += 0.25 * p[i];
        }
        min += lo;
        p.swap(next);
    }

    Tail tail() const {
        Tail t{min, std::vector<double>(p.size())};
        double acc = 0.0;
        for (std::size_t i = p.size(); i-- > 0;) t.sf[i] = acc += p[i];
        return t;
    }
};

/// Tails of the windows [start, start + len) of one motif (forward coordinates), computed for
/// all lengths of a start at the first request. A window of the reverse-complemented motif has
/// the same distribution as the forward window it mirrors.
class WindowTails {
  public:
    WindowTails(const std::vector<std::array<std::int32_t, 4>>& ints, std::size_t max_len)
        : ints_(ints), max_len_(max_len), by_start_(ints.size()) {}

    double p(std::size_t start, std::size_t len, std::int64_t threshold) {
        std::vector<Tail>& tails = by_start_[start];
        if (tails.empty()) {
            Distribution d;
            const std::size_t end = std::min(ints_.size(), start + max_len_);
            for (std::size_t j = start; j < end; ++j) {
                d.add(ints_[j]);
                tails.push_back(d.tail());
            }
        }
        return tails[len - 1].at(threshold);
    }

  private:
    const std::vector<std::array<std::int32_t, 4>>& ints_;
    std::size_t max_len_;
    std::vector<std::vector<Tail>> by_start_;
};

/// The contiguous range of offsets (motif position of the token's first base) at which a token
/// of length `len` overlaps a motif of width `w` on >= min(len, w) - overhang positions (>= 1).
std::pair<int, int> offset_range(std::size_t len, std::size_t w, std::size_t overhang) {
    const long need =
        std::max<long>(1, static_cast<long>(std::min(len, w)) - static_cast<long>(overhang));
    const long L = static_cast<long>(len);
    const long W = static_cast<long>(w);
    // aligned(o) = min(o + L, W) - max(o, 0) >= need  <=>  o >= need - L and o <= W - need
    return {static_cast<int>(need - L), static_cast<int>(W - need)};
}

/// Strict "better" order of matches: smaller p-value, then higher score, '+' before '-',
/// smaller offset, earlier motif.
bool better(const Match& a, const Match& b) {
    if (a.p_value != b.p_value) return a.p_value < b.p_value;
    if (a.score != b.score) return a.score > b.score;
    if (a.strand != b.strand) return a.strand == '+';
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.motif < b.motif;
}

struct Query {
    std::size_t id;
    std::vector<std::uint8_t> bases;
};

/// The best alignment of `q` to one strand of a motif, or none (p_value 2) if no offset fits.
Match best_alignment(const Query& q, const ScoreMatrix& m, const std::vector<double>& col_max,
                     char strand, WindowTails& tails, const AnnotateOptions& options) {
    const std::size_t w = m.bits.size();
    const std::size_t len = q.bases.size();
    const auto [lo, hi] = offset_range(len, w, options.max_overhang);
    Match best;
    best.p_value = 2.0;
    for (int o = lo; o <= hi; ++o) {
        Match cur;
        cur.strand = strand;
        cur.offset = o;
        std::int64_t ints = 0;
        double top = 0.0;
        const std::size_t first = static_cast<std::size_t>(std::max(o, 0));
        const std::size_t last = std::min(w, static_cast<std::size_t>(o + static_cast<int>(len)));
        for (std::size_t j = first; j < last; ++j) {
            const std::uint8_t b = q.bases[j - static_cast<std::size_t>(o)];
            cur.score += m.bits[j][b];
            ints += m.ints[j][b];
            top += col_max[j];
        }
        cur.aligned = last - first;
        cur.normalized = top > 0.0 ? cur.score / top : 0.0;
        const std::size_t fwd_start = strand == '+' ? first : w - last;
        cur.p_value = tails.p(fwd_start, cur.aligned, ints);
        if (best.p_value > 1.0 || better(cur, best)) best = cur;
    }
    return best;
}

std::vector<double> column_max(const ScoreMatrix& m) {
    std::vector<double> out;
    for (const auto& c : m.bits) out.push_back(*std::max_element(c.begin(), c.end()));
    return out;
}

std::vector<TokenAnnotation> annotate_queries(const std::vector<Query>& queries, bool both,
                                              const MotifDb& db, const AnnotateOptions& options);

std::vector<Query> select_tokens(const vocab::Vocabulary& vocabulary, const AnnotateOptions& o) {
    std::vector<std::size_t> ids;
    for (std::size_t i = 0; i < vocabulary.tokens().size(); ++i) {
        const std::string& t = vocabulary.tokens()[i].token;
        if (t.size() >= o.min_length && t.find('N') == std::string::npos) ids.push_back(i);
    }
    std::stable_sort(ids.begin(), ids.end(), [&](std::size_t a, std::size_t b) {
        return vocabulary.tokens()[a].info_gain > vocabulary.tokens()[b].info_gain;
    });
    if (o.top > 0 && ids.size() > o.top) ids.resize(o.top);
    std::vector<Query> out;
    for (std::size_t i : ids) {
        Query q{i, {}};
        for (char c : vocabulary.tokens()[i].token) q.bases.push_back(kmer::kNt4[(unsigned char)c]);
        out.push_back(std::move(q));
    }
    return out;
}

}  // namespace

ScoreMatrix score_matrix(const Motif& motif, const AnnotateOptions& options, bool reverse) {
    const std::size_t w = motif.probs.size();
    ScoreMatrix m;
    m.bits.resize(w);
    m.ints.resize(w);
    const double pc = options.pseudocount;
    for (std::size_t j = 0; j < w; ++j) {
        // The reverse complement reads the columns backwards with complemented letters; it
        // takes the forward values so both strands discretize identically.
        const std::size_t src = reverse ? w - 1 - j : j;
        for (int b = 0; b < 4; ++b) {
            const double p = motif.probs[src][reverse ? 3 - b : b];
            m.bits[j][b] = std::log2((p + pc) / (1.0 + 4.0 * pc) / 0.25);
            m.ints[j][b] = static_cast<std::int32_t>(std::lround(m.bits[j][b] / options.bin_width));
        }
    }
    return m;
}

double upper_tail(const std::vector<std::array<std::int32_t, 4>>& columns, std::int64_t threshold) {
    Distribution d;
    for (const auto& c : columns) d.add(c);
    return d.tail().at(threshold);
}

std::vector<TokenAnnotation> annotate(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                                      const AnnotateOptions& options) {
    options.validate();
    return annotate_queries(select_tokens(vocabulary, options),
                            vocabulary.strand != kmer::Strand::kForward, db, options);
}

std::vector<TokenAnnotation> annotate_families(const vocab::Vocabulary& vocabulary,
                                               const MotifDb& db, const AnnotateOptions& options) {
    options.validate();
    std::vector<Query> queries;
    for (const vocab::Family& f : vocabulary.families) {
        if (options.top > 0 && queries.size() == options.top) break;
        const std::string core = family_core_consensus(vocabulary, f);
        if (core.size() < options.min_length || core.find('N') != std::string::npos) continue;
        Query q{static_cast<std::size_t>(f.id), {}};
        for (char c : core) q.bases.push_back(kmer::kNt4[static_cast<unsigned char>(c)]);
        queries.push_back(std::move(q));
    }
    return annotate_queries(queries, vocabulary.strand != kmer::Strand::kForward, db, options);
}

std::vector<std::string> AnnotateOptions::problems() const {
    std::vector<std::string> p;
    if (!(pseudocount > 0.0) || !std::isfinite(pseudocount))
        p.push_back("`pseudocount` must be a finite number > 0");
    if (!(bin_width >= 1e-4) || !std::isfinite(bin_width))
        p.push_back("the score bin width must be >= 0.0001 bits");
    if (min_length < 1) p.push_back("`min_length` must be >= 1");
    if (matches < 1) p.push_back("`matches` must be >= 1");
    if (!(max_p >= 0.0)) p.push_back("`max_p` must be >= 0");
    if (threads < 1) p.push_back("`threads` must be >= 1");
    return p;
}

std::string family_core_consensus(const vocab::Vocabulary& vocabulary, const vocab::Family& f) {
    const std::size_t seed_length =
        vocabulary.tokens()[static_cast<std::size_t>(f.seed)].token.size();
    const auto [first, last] = family_core(f, seed_length, kFamilyCoreBits);
    return f.consensus.substr(first, last - first);
}

namespace {

std::vector<TokenAnnotation> annotate_queries(const std::vector<Query>& queries, bool both,
                                              const MotifDb& db, const AnnotateOptions& options) {
    std::size_t max_len = 1;
    for (const auto& q : queries) max_len = std::max(max_len, q.bases.size());
    const std::size_t nq = queries.size();
    const long nm = static_cast<long>(db.motifs.size());
    std::vector<Match> best(static_cast<std::size_t>(nm) * nq);

#pragma omp parallel for schedule(dynamic) num_threads(options.threads)
    for (long mi = 0; mi < nm; ++mi) {
        const Motif& motif = db.motifs[static_cast<std::size_t>(mi)];
        const ScoreMatrix fw = score_matrix(motif, options, false);
        const ScoreMatrix rv = score_matrix(motif, options, true);
        const std::vector<double> fw_max = column_max(fw);
        const std::vector<double> rv_max = column_max(rv);
        WindowTails tails(fw.ints, max_len);
        for (std::size_t t = 0; t < nq; ++t) {
            Match m = best_alignment(queries[t], fw, fw_max, '+', tails, options);
            if (both) {
                const Match r = best_alignment(queries[t], rv, rv_max, '-', tails, options);
                if (better(r, m)) m = r;
            }
            m.motif = static_cast<std::size_t>(mi);
            best[static_cast<std::size_t>(mi) * nq + t] = m;
        }
    }

    std::vector<TokenAnnotation> out(nq);
    for (std::size_t t = 0; t < nq; ++t) {
        TokenAnnotation& a = out[t];
        a.token_id = queries[t].id;
        std::vector<Match> all;
        for (long mi = 0; mi < nm; ++mi) {
            const auto [lo, hi] = offset_range(queries[t].bases.size(),
                                               db.motifs[static_cast<std::size_t>(mi)].probs.size(),
                                               options.max_overhang);
            a.alignments += static_cast<std::uint64_t>(hi - lo + 1) * (both ? 2 : 1);
            all.push_back(best[static_cast<std::size_t>(mi) * nq + t]);
        }
        const std::size_t k = std::min(options.matches, all.size());
        std::partial_sort(all.begin(), all.begin() + static_cast<long>(k), all.end(), better);
        for (const Match& m : all) {
            a.tied += std::fabs(m.p_value - all[0].p_value) <= 1e-9 * all[0].p_value ? 1 : 0;
        }
        for (std::size_t i = 0; i < k; ++i) {
            Match m = all[i];
            m.p_adjusted = std::min(1.0, m.p_value * static_cast<double>(a.alignments));
            if (m.p_adjusted <= options.max_p) a.matches.push_back(m);
        }
    }
    return out;
}

}  // namespace

namespace {

/// The `#` line of an annotation TSV.
std::string header_line(const char* format, const vocab::Vocabulary& vocabulary, const MotifDb& db,
                        const AnnotateOptions& options) {
    char buf[512];
    std::snprintf(
        buf, sizeof buf,
        "# format=%s version=%d motiftok=%s motifs=%zu strands=%s options={\"min_length\":"
        "%zu,\"max_overhang\":%zu,\"pseudocount\":%g,\"bin_width\":%g,\"top\":%zu,"
        "\"matches\":%zu,\"max_p\":%g,\"correction\":\"bonferroni\"} motif_file=",
        format, kAnnotateFormatVersion, kVersion, db.motifs.size(),
        vocabulary.strand == kmer::Strand::kForward ? "+" : "+-", options.min_length,
        options.max_overhang, options.pseudocount, options.bin_width, options.top, options.matches,
        options.max_p);
    return buf + db.source + "\n";
}

/// The match columns of one row (motif_id … p_adjusted), tab-separated.
std::string match_fields(const MotifDb& db, const Match& m) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%c\t%d\t%zu\t%.4f\t%.4f\t%.4g\t%.4g", m.strand, m.offset,
                  m.aligned, m.score, m.normalized, m.p_value, m.p_adjusted);
    return db.motifs[m.motif].id + '\t' + db.motifs[m.motif].name + '\t' + buf;
}

/// The rows of one annotated token or family: `prefix` (its own columns), then each match
/// (or empty match fields), then alignments and tied.
std::string match_rows(const std::string& prefix, const MotifDb& db, const TokenAnnotation& a) {
    const std::string tail = "\t" + std::to_string(a.alignments) + "\t" +
                             (a.matches.empty() ? "" : std::to_string(a.tied)) + "\n";
    if (a.matches.empty()) return prefix + "\t\t\t\t\t\t\t\t\t" + tail;
    std::string out;
    for (std::size_t i = 0; i < a.matches.size(); ++i) {
        out += prefix + std::to_string(i + 1) + '\t' + match_fields(db, a.matches[i]) + tail;
    }
    return out;
}

}  // namespace

std::string family_annotation_tsv(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                                  const std::vector<TokenAnnotation>& annotations,
                                  const AnnotateOptions& options) {
    std::string out = header_line(kAnnotateFamiliesFormatName, vocabulary, db, options);
    out +=
        "family_rank\tfamily_id\tfamily\tseed_token\ttokens\tsites\tconsensus\tinfo_gain\t"
        "match_rank\tmotif_id\tmotif_name\tstrand\toffset\taligned\tlog_odds\tnormalized\t"
        "p_value\tp_adjusted\talignments\ttied\n";
    char buf[512];
    for (std::size_t r = 0; r < annotations.size(); ++r) {
        const TokenAnnotation& a = annotations[r];
        const vocab::Family& f = vocabulary.families[a.token_id];
        const vocab::Token& seed = vocabulary.tokens()[static_cast<std::size_t>(f.seed)];
        std::snprintf(buf, sizeof buf, "%zu\t%d\t%s\t%s\t%zu\t%llu\t%s\t%.6g\t", r + 1, f.id,
                      f.name.c_str(), seed.token.c_str(), f.members.size(),
                      static_cast<unsigned long long>(f.sites),
                      family_core_consensus(vocabulary, f).c_str(), seed.info_gain);
        out += match_rows(buf, db, a);
    }
    return out;
}

std::string annotation_tsv(const vocab::Vocabulary& vocabulary, const MotifDb& db,
                           const std::vector<TokenAnnotation>& annotations,
                           const AnnotateOptions& options) {
    char buf[512];
    std::string out = header_line(kAnnotateFormatName, vocabulary, db, options);
    out +=
        "ig_rank\ttoken_id\ttoken\tinfo_gain\tvocab_score\tmatch_rank\tmotif_id\tmotif_name\t"
        "strand\toffset\taligned\tlog_odds\tnormalized\tp_value\tp_adjusted\talignments\t"
        "tied\n";
    for (std::size_t r = 0; r < annotations.size(); ++r) {
        const TokenAnnotation& a = annotations[r];
        const vocab::Token& t = vocabulary.tokens()[a.token_id];
        std::snprintf(buf, sizeof buf, "%zu\t%zu\t%s\t%.6g\t%.6g\t", r + 1, a.token_id,
                      t.token.c_str(), t.info_gain, t.score);
        out += match_rows(buf, db, a);
    }
    return out;
}

}  // namespace motiftok::exports
