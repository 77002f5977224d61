// Tokenizer fast paths (long-token bit-set filter, 5-base suffix table, 8/16-byte id lookup,
// padded tail) and tokenize_files output paths (precomputed id texts, span-block formatting,
// record slots reused across batches) against a slow obvious reference DP.

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <cstdint>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "kernels.hpp"
#include "motiftok/error.hpp"
#include "motiftok/random.hpp"
#include "motiftok/tokenize/tokenize_files.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/vocab/score_decimal.hpp"
#include "test_support.hpp"

using motiftok::tokenize::Span;
using motiftok::tokenize::Tokenizer;

namespace {

struct Vocab {
    std::vector<std::string> tokens;
    std::vector<double> scores;
};

std::string random_bases(motiftok::Rng& rng, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "ACGT"[rng.uniform(4)];
    return s;
}

/// Token lengths 1..24, weighted toward 6..16, some 17..24; about a third of the tokens extend,
/// shorten or share a long prefix/suffix with an earlier token.
Vocab random_vocab(motiftok::Rng& rng, std::size_t size, bool integer_scores) {
    Vocab v;
    std::set<std::string> seen;
    auto score = [&] {
        return integer_scores ? -static_cast<double>(1 + rng.uniform(4))
                              : -0.1 - 6.0 * rng.uniform01();
    };
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        v.tokens.push_back(b);
        v.scores.push_back(score());
        seen.insert(b);
    }
    while (v.tokens.size() < size) {
        std::string t;
        const std::uint64_t kind = rng.uniform(10);
        if (kind < 3 && v.tokens.size() > 8) {
            const std::string& base = v.tokens[5 + rng.uniform(v.tokens.size() - 5)];
            const std::size_t keep = base.size() > 1 ? 1 + rng.uniform(base.size()) : 1;
            const std::size_t extra = rng.uniform(6);
            if (rng.uniform(2) == 0) {
                t = base.substr(0, keep) + random_bases(rng, extra);  // shared prefix
            } else {
                t = random_bases(rng, extra) + base.substr(base.size() - keep);  // shared suffix
            }
            if (t.size() > 24) t.resize(24);
        } else {
            const std::uint64_t r = rng.uniform(10);
            const std::size_t len = r < 2   ? 2 + rng.uniform(4)    // 2..5
                                    : r < 8 ? 6 + rng.uniform(11)   // 6..16
                                            : 17 + rng.uniform(8);  // 17..24
            t = random_bases(rng, len);
        }
        if (t.empty() || !seen.insert(t).second) continue;
        v.tokens.push_back(t);
        v.scores.push_back(score());
    }
    return v;
}

/// A sequence made of vocabulary tokens (so long tokens do occur), random bases, N runs and
/// odd letters, in mixed case; starts and ends with a whole token when n allows it.
std::string random_seq(motiftok::Rng& rng, const Vocab& v, std::size_t n) {
    std::string s;
    auto pick_token = [&] { return v.tokens[5 + rng.uniform(v.tokens.size() - 5)]; };
    while (s.size() < n) {
        const std::uint64_t r = rng.uniform(10);
        if (r < 6) {
            s += pick_token();
        } else if (r < 8) {
            s += random_bases(rng, 1 + rng.uniform(5));
        } else if (r < 9) {
            s += std::string(1 + rng.uniform(12), "NnRy."[rng.uniform(5)]);
        } else {
            s += "uU"[rng.uniform(2)];
        }
    }
    s.resize(n);
    // A whole token at the very end (when it fits).
    const std::string last = pick_token();
    if (last.size() <= n) s.replace(n - last.size(), last.size(), last);
    for (char& c : s) {
        if (rng.uniform(4) == 0) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

struct RefResult {
    std::vector<std::int32_t> ids;
    double score = 0.0;
};

/// O(n * L) DP over a hash map: maximize the score sum, ties toward the longer last token.
RefResult reference(const Vocab& v, const std::string& raw) {
    const std::string seq = motiftok::test::reference_normalize(raw);
    std::unordered_map<std::string, double> score;
    std::unordered_map<std::string, std::int32_t> id;
    std::size_t max_len = 0;
    for (std::size_t i = 0; i < v.tokens.size(); ++i) {
        score[v.tokens[i]] = motiftok::vocab::round_score(v.scores[i]);  // the documented rule
        id[v.tokens[i]] = static_cast<std::int32_t>(i);
        max_len = std::max(max_len, v.tokens[i].size());
    }
    const std::size_t n = seq.size();
    std::vector<double> best(n + 1, 0.0);
    std::vector<std::size_t> back(n + 1, 0);
    for (std::size_t i = 1; i <= n; ++i) {
        bool have = false;
        for (std::size_t len = 1; len <= std::min(max_len, i); ++len) {
            const auto it = score.find(seq.substr(i - len, len));
            if (it == score.end()) continue;
            const double cand = best[i - len] + it->second;
            if (!have || cand >= best[i]) {  // len ascends: >= prefers the longer token
                best[i] = cand;
                back[i] = len;
                have = true;
            }
        }
        REQUIRE(have);
    }
    RefResult r;
    r.score = best[n];
    for (std::size_t i = n; i > 0; i -= back[i])
        r.ids.push_back(id.at(seq.substr(i - back[i], back[i])));
    std::reverse(r.ids.begin(), r.ids.end());
    return r;
}

/// Every API of `tok` on `raw` against the reference; counts the chosen token lengths in `used`.
void check_all(const Tokenizer& tok, const Vocab& v, const std::string& raw,
               std::vector<int>& used) {
    INFO("seq '" << raw << "' (" << raw.size() << " bases)");
    const std::string norm = motiftok::test::reference_normalize(raw);
    const RefResult ref = reference(v, raw);

    CHECK(tok.encode(raw) == ref.ids);
    std::vector<std::int32_t> ids = {7, 7, 7};  // reused buffer, cleared by encode
    const double score = tok.encode(raw, ids);
    CHECK(ids == ref.ids);
    CHECK(score == ref.score);

    const std::vector<Span> spans = tok.encode_spans(raw);
    REQUIRE(spans.size() == ref.ids.size());
    std::string joined;
    std::uint64_t pos = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const Span& s = spans[i];
        CHECK(s.id == ref.ids[i]);
        CHECK(s.start == pos);
        REQUIRE(s.end > s.start);
        REQUIRE(s.end <= norm.size());
        CHECK(norm.substr(s.start, s.end - s.start) == tok.token(s.id));
        joined += tok.token(s.id);
        ++used[std::min<std::size_t>(s.end - s.start, used.size() - 1)];
        pos = s.end;
    }
    CHECK(pos == norm.size());
    CHECK(joined == norm);

    std::vector<Span> reused(3, Span{1, 2, 3});
    CHECK(tok.encode_spans(raw, reused) == ref.score);
    REQUIRE(reused.size() == spans.size());
    std::vector<Span> streamed;
    const double stream_score = tok.encode_stream(
        raw, [&](const Span* b, std::size_t k) { streamed.insert(streamed.end(), b, b + k); });
    CHECK(stream_score == ref.score);
    REQUIRE(streamed.size() == spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        CHECK(reused[i].start == spans[i].start);
        CHECK(reused[i].end == spans[i].end);
        CHECK(reused[i].id == spans[i].id);
        CHECK(streamed[i].start == spans[i].start);
        CHECK(streamed[i].end == spans[i].end);
        CHECK(streamed[i].id == spans[i].id);
    }
}

}  // namespace

TEST_CASE("tokenizer fast paths: long tokens, N runs, short and odd lengths vs reference DP",
          "[tokenize]") {
    const auto kernels = motiftok::test::dp_kernels();
    motiftok::Rng rng(20261129);
    std::vector<int> used(26, 0);
    for (int round = 0; round < 30 * static_cast<int>(kernels.size()); ++round) {
        // Each kernel gets every kind of round (integer scores, both sizes).
        const auto kernel = kernels[static_cast<std::size_t>(round / 30)];
        const motiftok::test::ForcedKernel forced(kernel);
        const bool integer_scores = round % 3 == 0;
        const std::size_t size = round % 2 == 0 ? 60 : 400;
        const Vocab v = random_vocab(rng, size, integer_scores);
        const Tokenizer tok(v.tokens, v.scores);
        INFO("round " << round << ", kernel " << motiftok::test::kernel_name(kernel));
        // Every length from 0 to 40 (shorter than 8 and 16, not multiples of 8).
        for (std::size_t n = 0; n <= 40; ++n) check_all(tok, v, random_seq(rng, v, n), used);
        // Single tokens alone (a token is the whole sequence: start and end at once).
        for (int k = 0; k < 20; ++k) {
            const std::string& t = v.tokens[rng.uniform(v.tokens.size())];
            check_all(tok, v, t, used);
        }
        // Longer sequences of odd lengths.
        for (int k = 0; k < 8; ++k)
            check_all(tok, v, random_seq(rng, v, 41 + rng.uniform(600)), used);
    }
    // The fast paths were reached: tokens of every length 1..24 were chosen.
    for (std::size_t len = 1; len <= 24; ++len) {
        INFO("length " << len);
        CHECK(used[len] > 0);
    }
}

TEST_CASE("tokenizer DP: long tokens and N across the score history's wrap vs reference DP",
          "[tokenize]") {
    // The DP keeps 4096 scores and moves the last 128 to the front when it reaches the end
    // (after 3969 positions, then every 3968): tokens (up to 24 bases), N runs and run starts
    // on every side of the wraps and of other round positions (multiples of 1024); integer
    // scores give ties.
    const std::size_t boundaries[] = {1024, 2048, 3969, 3969 + 3968, 3072, 4096};
    motiftok::Rng rng(20261202);
    for (const auto kernel : motiftok::test::dp_kernels()) {
        const motiftok::test::ForcedKernel forced(kernel);
        for (int round = 0; round < 4; ++round) {
            INFO("kernel " << motiftok::test::kernel_name(kernel) << ", round " << round);
            const Vocab v = random_vocab(rng, round % 2 == 0 ? 60 : 400, round % 3 == 0);
            const Tokenizer tok(v.tokens, v.scores);
            std::vector<int> used(26, 0);
            for (int k = 0; k < 4; ++k) {
                const std::size_t boundary = boundaries[rng.uniform(6)];
                const std::string& t = v.tokens[5 + rng.uniform(v.tokens.size() - 5)];
                // The token ends 0..len bases after the boundary; an N run or nothing before it.
                const std::size_t past = rng.uniform(t.size() + 1);
                std::string s = random_seq(rng, v, boundary + past - t.size());
                if (rng.uniform(2) == 0 && s.size() > 3) s.replace(s.size() - 2, 2, "NN");
                s += t;
                s += random_seq(rng, v, 1 + rng.uniform(300));
                check_all(tok, v, s, used);
            }
            // A run of bases only across the first wrap (no N at all).
            check_all(tok, v, random_bases(rng, 3969 + 1 + rng.uniform(200)), used);
        }
    }
}

TEST_CASE("tokenizer DP: a long token of every length ending at every position vs reference",
          "[tokenize]") {
    // A^1..A^127 and C^6..C^40 are tokens, so in a run of A every position ends 122 tokens longer
    // than the direct table's 5 bases (the longest walk of the reversed trie, the most long
    // candidates a position can have). Scores favour neither the longest nor the shortest
    // token, so the DP has to compare them all; runs cross the score history's wrap.
    Vocab v;
    for (const char* b : {"C", "G", "T", "N"}) {
        v.tokens.push_back(b);
        v.scores.push_back(-3.0);
    }
    for (std::size_t len = 1; len <= Tokenizer::kMaxTokenLength; ++len) {
        v.tokens.push_back(std::string(len, 'A'));
        v.scores.push_back(-1.0 - 0.37 * static_cast<double>(len % 7) - 0.01 * len);
    }
    for (std::size_t len = 6; len <= 40; ++len) {
        v.tokens.push_back(std::string(len, 'C'));
        v.scores.push_back(len % 5 == 0 ? -2.0 : -9.0);
    }
    motiftok::Rng rng(127);
    for (const auto kernel : motiftok::test::dp_kernels()) {
        const motiftok::test::ForcedKernel forced(kernel);
        INFO("kernel " << motiftok::test::kernel_name(kernel));
        const Tokenizer tok(v.tokens, v.scores);
        std::vector<int> used(128, 0);
        check_all(tok, v, std::string(3000, 'A'), used);
        for (int k = 0; k < 6; ++k) {
            // Runs of A and C, broken by N or G now and then.
            std::string s;
            while (s.size() < 2500 + rng.uniform(2000)) {
                const std::uint64_t r = rng.uniform(10);
                const char c = r < 6 ? 'A' : r < 9 ? 'C' : rng.uniform(2) == 0 ? 'N' : 'G';
                s += std::string(1 + rng.uniform(c == 'A' ? 300 : 50), c);
            }
            check_all(tok, v, s, used);
        }
        // Tokens of more than 100 bases (runs of A) and of 30..40 (runs of C) were chosen.
        CHECK(std::accumulate(used.begin() + 101, used.end(), 0) > 0);
        CHECK(std::accumulate(used.begin() + 30, used.begin() + 41, 0) > 0);
    }
}

TEST_CASE("tokenizer fast paths: only long tokens and N next to them", "[tokenize]") {
    // Tokens 6..24 bases only (besides the bases), sequences that are tokens glued with N.
    motiftok::Rng rng(77);
    Vocab v;
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        v.tokens.push_back(b);
        v.scores.push_back(-10.0);
    }
    std::set<std::string> seen(v.tokens.begin(), v.tokens.end());
    while (v.tokens.size() < 300) {
        std::string t = random_bases(rng, 6 + rng.uniform(19));
        if (!seen.insert(t).second) continue;
        v.tokens.push_back(t);
        v.scores.push_back(-1.0 - rng.uniform01());
    }
    for (const auto kernel : motiftok::test::dp_kernels()) {
        const motiftok::test::ForcedKernel forced(kernel);
        INFO("kernel " << motiftok::test::kernel_name(kernel));
        const Tokenizer tok(v.tokens, v.scores);
        std::vector<int> used(26, 0);
        for (int k = 0; k < 200; ++k) {
            std::string s;
            const int parts = 1 + static_cast<int>(rng.uniform(5));
            for (int p = 0; p < parts; ++p) {
                if (p > 0 || rng.uniform(3) == 0) s += std::string(rng.uniform(3), 'N');
                s += v.tokens[5 + rng.uniform(v.tokens.size() - 5)];
            }
            if (rng.uniform(3) == 0) s += std::string(1 + rng.uniform(2), 'n');
            check_all(tok, v, s, used);
        }
        for (std::size_t len = 6; len <= 24; ++len) CHECK(used[len] > 0);
    }
}

TEST_CASE("tokenize_files: > 1 Mbp in several batches, 1 vs 2 threads, ids equal encode",
          "[tokenize]") {
    motiftok::Rng rng(4242);
    // Many tokens so the ids have 1 to 5 digits (the precomputed id texts).
    const Vocab v = random_vocab(rng, 12000, false);
    const Tokenizer tok(v.tokens, v.scores);
    motiftok::test::TempDir dir;
    std::string fa;
    std::vector<std::string> seqs;
    std::size_t total = 0;
    for (int r = 0; total < 1'150'000; ++r) {
        const std::uint64_t kind = rng.uniform(10);
        const std::size_t n = kind < 5   ? 1 + rng.uniform(40)
                              : kind < 9 ? rng.uniform(3000) + 1
                                         : 20000 + rng.uniform(150000);
        std::string s = random_seq(rng, v, n);
        for (char& c : s) {
            if (std::string("ACGTacgtNn").find(c) == std::string::npos) c = 'N';
        }
        fa += ">r" + std::to_string(r) + "\n";
        for (std::size_t i = 0; i < s.size(); i += 70) fa += s.substr(i, 70) + "\n";
        total += s.size();
        seqs.push_back(std::move(s));
    }
    motiftok::test::write_file(dir.file("in.fa"), fa);

    auto run = [&](const std::string& format, int threads, std::size_t batch, std::size_t stream) {
        motiftok::tokenize::TokenizeOptions opt;
        opt.format = motiftok::tokenize::parse_format(format);
        opt.threads = threads;
        if (batch != 0) opt.batch_bases = batch;
        if (stream != 0) opt.stream_bases = stream;
        std::ostringstream out;
        const auto report = motiftok::tokenize::tokenize_files(tok, {dir.file("in.fa")}, out, opt);
        CHECK(report.records == seqs.size());
        CHECK(report.bases == total);
        return out.str();
    };

    const std::string ids1 = run("ids", 1, 0, 0);
    CHECK(run("ids", 2, 0, 0) == ids1);
    CHECK(run("ids", 2, 200'000, 0) == ids1);
    CHECK(run("ids", 1, 0, 30'000) == ids1);  // long records streamed

    std::string expected;
    for (std::size_t r = 0; r < seqs.size(); ++r) {
        expected += "r" + std::to_string(r) + "\t";
        const auto ids = tok.encode(seqs[r]);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i > 0) expected += ' ';
            expected += std::to_string(ids[i]);
        }
        expected += '\n';
    }
    CHECK(ids1 == expected);

    for (const char* format : {"tokens", "jsonl", "bed"}) {
        INFO(format);
        const std::string one = run(format, 1, 0, 0);
        CHECK(!one.empty());
        CHECK(run(format, 2, 150'000, 0) == one);
    }
}

TEST_CASE("tokenizer kernels: portable and AVX2 give the same tokens and score", "[tokenize]") {
    using motiftok::tokenize::Kernel;
    if (!motiftok::tokenize::kernel_available(Kernel::kAvx2)) {
        WARN("no AVX2 on this CPU or build: only the portable kernel is tested");
        CHECK_THROWS_AS(motiftok::tokenize::force_kernel(Kernel::kAvx2), motiftok::ConfigError);
        return;
    }
    motiftok::Rng rng(5150);
    for (int round = 0; round < 6; ++round) {
        const Vocab v = random_vocab(rng, round % 2 == 0 ? 80 : 1500, round % 3 == 0);
        const Tokenizer portable = [&] {
            const motiftok::test::ForcedKernel forced(Kernel::kPortable);
            return Tokenizer(v.tokens, v.scores);
        }();
        const Tokenizer avx2 = [&] {
            const motiftok::test::ForcedKernel forced(Kernel::kAvx2);
            return Tokenizer(v.tokens, v.scores);
        }();
        // Long enough to wrap the score history several times.
        const std::string s = random_seq(rng, v, 20000 + rng.uniform(20000));
        std::vector<Span> a;
        std::vector<Span> b;
        const double score_a = portable.encode_spans(s, a);
        const double score_b = avx2.encode_spans(s, b);
        CHECK(score_a == score_b);
        REQUIRE(a.size() == b.size());
        std::size_t differ = 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            differ += a[i].end != b[i].end || a[i].id != b[i].id;
        CHECK(differ == 0);
    }
}
