// The M-step's noise rule on hand-made per-sequence task effects: mean and standard error by
// hand, which tokens get the effect bonus, which are dropped, what is proposed, the z = 0 sign
// rule; the strand mean of effect and SE; the three-way split of the data.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "../../../src/fit/fit_steps.hpp"
#include "motiftok/fit/fit.hpp"

using motiftok::fit::FitOptions;
using motiftok::fit::TaskEffects;
using Row = std::vector<std::pair<std::int32_t, double>>;

namespace {

motiftok::vocab::Vocabulary hand_vocabulary(const std::string& strand) {
    motiftok::vocab::Vocabulary v;
    v.strand = motiftok::kmer::parse_strand(strand);
    for (const char* s :
         {"A", "C", "G", "T", "N", "ACGTA", "GGCCA", "TTTAA", "CCCGG", "GATTA", "AACCG"}) {
        motiftok::vocab::Token t;
        t.token = s;
        t.log_prob = -1.0 - static_cast<double>(t.token.size());
        v.add_token(t);
    }
    return v;
}

// Four held-back sequences; Δ per token (ids 5 … 10), absent = 0.
//   5 ACGTA  0.10 0.12 0.08 0.10   mean 0.10,  SE 0.008165  clearly helps
//   6 GGCCA  0.30 -0.2 0.10 -0.1   mean 0.025, SE 0.110868  noise (the sign rule keeps it)
//   7 TTTAA  -.05 0.04 -.03 0.00   mean -0.01, SE 0.019579  noise (the sign rule drops it)
//   8 CCCGG  -.20 -.22 -.18 -.20   mean -0.20, SE 0.008165  clearly hurts
//   9 GATTA  absent everywhere     mean 0,     SE 0
//  10 AACCG  0.05 in every one     mean 0.05,  SE 0         helps
std::vector<Row> hand_rows() {
    return {{{5, 0.10}, {6, 0.30}, {7, -0.05}, {8, -0.20}, {10, 0.05}},
            {{5, 0.12}, {6, -0.20}, {7, 0.04}, {8, -0.22}, {10, 0.05}},
            {{5, 0.08}, {6, 0.10}, {7, -0.03}, {8, -0.18}, {10, 0.05}},
            {{5, 0.10}, {6, -0.10}, {8, -0.20}, {10, 0.05}}};
}

}  // namespace

TEST_CASE("fit M-step: mean and standard error of hand-made per-sequence effects", "[fit]") {
    const TaskEffects e = motiftok::fit::detail::summarize_effects(hand_rows(), 11);
    const std::vector<double> mean = {0.10, 0.025, -0.01, -0.20, 0.0, 0.05};
    const std::vector<double> se = {0.0081650, 0.1108678, 0.0195789, 0.0081650, 0.0, 0.0};
    for (std::size_t k = 0; k < mean.size(); ++k) {
        INFO("token " << k + 5);
        CHECK(e.mean[k + 5] == Approx(mean[k]).margin(1e-12));
        CHECK(e.se[k + 5] == Approx(se[k]).epsilon(1e-5).margin(1e-9));
    }
    for (std::size_t k = 0; k < 5; ++k) CHECK(e.mean[k] == 0.0);
    // One sequence: no standard error.
    const TaskEffects one = motiftok::fit::detail::summarize_effects({hand_rows()[0]}, 11);
    CHECK(one.mean[5] == Approx(0.10));
    CHECK(one.se[5] == 0.0);
}

TEST_CASE(
    "fit M-step: an edit of the vocabulary: scores by the noise rule, bounded drops and "
    "proposals",
    "[fit]") {
    const auto v = hand_vocabulary("forward");
    const TaskEffects e = motiftok::fit::detail::summarize_effects(hand_rows(), v.size());
    const std::vector<motiftok::io::Record> held = {{"s1", "ACGTAACCGTTTT"},
                                                    {"s2", "GGACGTAACCGAC"}};
    FitOptions o;
    o.propose = 1;
    o.learn.k_max = 6;
    motiftok::learn::LearnGuide previous;
    previous.exclude.insert("TTTTTT");
    auto has = [](const std::vector<std::string>& xs, const std::string& x) {
        return std::find(xs.begin(), xs.end(), x) != xs.end();
    };
    // The one proposed parent, ACGTA (prior 1), gives 8 one-base extensions, in string order:
    const std::vector<std::string> extensions = {"AACGTA", "ACGTAA", "ACGTAC", "ACGTAG",
                                                 "ACGTAT", "CACGTA", "GACGTA", "TACGTA"};

    SECTION("z = 2 (default), a large edit budget") {
        REQUIRE(o.effect_z == 2.0);
        const auto g = motiftok::fit::detail::next_guide(v, e, held, o, previous);
        CHECK(g.fixed);
        CHECK(g.prior.at("ACGTA") == Approx(1.0));  // 0.10 / max helpful 0.10
        CHECK(g.prior.at("AACCG") == Approx(0.5));
        CHECK(g.prior.count("GGCCA") == 0);  // noise: no bonus, but Δ > 0: kept
        CHECK(g.prior.count("TTTAA") == 0);
        // Dropped: every Δ ≤ 0 (CCCGG, TTTAA, and GATTA, which never occurs); earlier
        // exclusions stay.
        for (const char* s : {"CCCGG", "TTTAA", "GATTA", "TTTTTT"}) CHECK(g.exclude.count(s) == 1);
        CHECK(g.exclude.size() == 4);
        // The seed: the kept tokens plus the proposals, nothing else.
        CHECK(g.extra.size() == 3 + extensions.size());
        for (const char* s : {"ACGTA", "GGCCA", "AACCG"}) CHECK(has(g.extra, s));
        for (const auto& x : extensions) {
            CHECK(has(g.extra, x));
            CHECK(g.prior.at(x) == Approx(1.0));
        }
    }
    SECTION("edit = 2: the two Δ ≤ 0 closest to 0 dropped, the first two proposals added") {
        o.edit = 2;
        const auto g = motiftok::fit::detail::next_guide(v, e, held, o, previous);
        CHECK(g.exclude.count("GATTA") == 1);  // Δ = 0 (never seen)
        CHECK(g.exclude.count("TTTAA") == 1);  // Δ = −0.01
        CHECK(g.exclude.count("CCCGG") == 0);  // Δ = −0.20: beyond the budget
        CHECK(g.exclude.size() == 3);
        const std::vector<std::string> want = {"ACGTA", "GGCCA",  "CCCGG",
                                               "AACCG", "AACGTA", "ACGTAA"};
        CHECK(g.extra == want);
    }
    SECTION("z = 0: the sign rule for the bonus; drops do not depend on z") {
        o.effect_z = 0.0;
        const auto g = motiftok::fit::detail::next_guide(v, e, held, o, previous);
        CHECK(g.prior.at("ACGTA") == Approx(1.0));
        CHECK(g.prior.at("GGCCA") == Approx(0.25));
        CHECK(g.prior.at("AACCG") == Approx(0.5));
        CHECK(g.exclude.size() == 4);
    }
    SECTION("a large z: only zero-variance help keeps the bonus") {
        o.effect_z = 100.0;
        const auto g = motiftok::fit::detail::next_guide(v, e, held, o, previous);
        CHECK(g.prior.count("ACGTA") == 0);
        CHECK(g.prior.at("AACCG") == Approx(1.0));  // SE 0: the only helpful one, so the max
        CHECK(g.exclude.size() == 4);
    }
}

TEST_CASE("fit M-step: with strand both a dropped token takes its reverse complement along",
          "[fit]") {
    auto v = hand_vocabulary("both");
    v.edit_token(9, [&](auto& t) { t.token = "CCGGG"; });  // CCCGG's reverse complement
    const TaskEffects e = motiftok::fit::detail::strand_mean(
        v, motiftok::fit::detail::summarize_effects(hand_rows(), v.size()));
    FitOptions o;
    o.edit = 1;
    o.propose = 0;
    const auto g = motiftok::fit::detail::next_guide(v, e, {}, o, {});
    // TTTAA (−0.01; TTAAA is not in the vocabulary) goes first, then the pair CCCGG/CCGGG
    // (mean (−0.20 + 0) / 2 each), which counts as two strings.
    CHECK(g.exclude.count("TTTAA") == 1);
    CHECK(g.exclude.size() == 1);
    o.edit = 2;
    const auto h = motiftok::fit::detail::next_guide(v, e, {}, o, {});
    CHECK(h.exclude.count("CCCGG") == 1);
    CHECK(h.exclude.count("CCGGG") == 1);
    CHECK(h.exclude.size() == 3);
    CHECK(h.extra.size() == 3);  // ACGTA GGCCA AACCG
}

TEST_CASE("fit split: train, effect and selection parts are disjoint, stratified, seeded",
          "[fit]") {
    using motiftok::fit::detail::holdout_split;
    std::vector<std::int32_t> labels;
    for (int i = 0; i < 300; ++i) labels.push_back(i % 3 == 0 ? 1 : 0);  // 200 of 0, 100 of 1
    const auto s = holdout_split(labels, 2, 0.3, 7);
    std::vector<int> seen(labels.size(), 0);
    for (const auto* part : {&s.train, &s.effect, &s.select}) {
        CHECK(std::is_sorted(part->begin(), part->end()));
        for (const std::size_t i : *part) ++seen[i];
    }
    CHECK(std::all_of(seen.begin(), seen.end(), [](int n) { return n == 1; }));
    auto count = [&](const std::vector<std::size_t>& part, int c) {
        return std::count_if(part.begin(), part.end(),
                             [&](std::size_t i) { return labels[i] == c; });
    };
    // round(0.3 · 200) = 60 and round(0.3 · 100) = 30 held back, alternately effect / select.
    CHECK(count(s.effect, 0) == 30);
    CHECK(count(s.select, 0) == 30);
    CHECK(count(s.effect, 1) == 15);
    CHECK(count(s.select, 1) == 15);
    CHECK(s.train.size() == 210);
    const auto again = holdout_split(labels, 2, 0.3, 7);
    CHECK(again.effect == s.effect);
    CHECK(again.select == s.select);
    const auto other = holdout_split(labels, 2, 0.3, 8);
    CHECK(other.select != s.select);
}

TEST_CASE("fit M-step: strand mean averages a token's and its reverse complement's effect and SE",
          "[fit]") {
    auto v = hand_vocabulary("both");
    // Make token 7 the reverse complement of token 5 (ACGTA -> TACGT).
    v.edit_token(7, [&](auto& t) { t.token = "TACGT"; });
    const TaskEffects e = motiftok::fit::detail::summarize_effects(hand_rows(), v.size());
    const TaskEffects s = motiftok::fit::detail::strand_mean(v, e);
    CHECK(s.mean[5] == Approx(0.5 * (0.10 - 0.01)));
    CHECK(s.mean[7] == Approx(s.mean[5]));
    CHECK(s.se[5] == Approx(0.5 * (0.0081650 + 0.0195789)).epsilon(1e-5));
    CHECK(s.mean[8] == Approx(-0.20));  // CCGGG, its reverse complement, is not in it
    CHECK(s.se[6] == Approx(e.se[6]));  // GGCCA's (TGGCC) is not in the vocabulary
}

TEST_CASE("fit round selection: per-sequence losses, and a lower loss kept only beyond its SE",
          "[fit]") {
    using motiftok::fit::detail::clearly_better;
    const std::vector<double> l =
        motiftok::fit::detail::sequence_losses({{0.25, 0.75}, {0.9, 0.1}, {1.0, 0.0}}, {1, 0, 1});
    REQUIRE(l.size() == 3);
    CHECK(l[0] == Approx(std::log(4.0 / 3.0)));
    CHECK(l[1] == Approx(-std::log(0.9)));
    CHECK(l[2] == Approx(-std::log(1e-300)));  // clipped as model::evaluate does

    const std::vector<double> best = {0.5, 0.5, 0.5, 0.5};
    CHECK(clearly_better({}, best, 1.0));  // no round yet
    // d = −0.1, −0.1, −0.1, −0.1: mean −0.1, SE 0: better for any z.
    CHECK(clearly_better(best, {0.4, 0.4, 0.4, 0.4}, 5.0));
    // d = −0.3, 0.1, −0.2, 0.0: mean −0.1, sd 0.182574, SE 0.091287.
    const std::vector<double> noisy = {0.2, 0.6, 0.3, 0.5};
    CHECK(clearly_better(best, noisy, 0.0));
    CHECK(clearly_better(best, noisy, 1.09));  // −0.1 + 1.09 · 0.091287 = −0.0005
    CHECK(!clearly_better(best, noisy, 1.1));  // −0.1 + 1.10 · 0.091287 = +0.0004
    CHECK(!clearly_better(best, best, 0.0));   // equal is not better
    CHECK(!clearly_better(best, {0.6, 0.6, 0.6, 0.6}, 0.0));
}
