// The E-step's task effect: Classifier::mask_token_losses in closed form against a brute-force
// re-run of forward() without the token's occurrences, and task_effects' mean and thread
// independence.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "../model/model_fixtures.hpp"
#include "motiftok/fit/fit.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;
using motiftok::model::Example;

namespace {

ClassifierOptions small_options() {
    ClassifierOptions o;
    o.dim = 4;
    o.heads = 2;
    o.conv_width = 5;
    o.hidden = 5;
    o.pos_bins = 3;
    o.gkm_length = 4;
    o.gkm_k = 2;
    o.both_strands = true;
    o.ensemble = 2;
    o.seed = 7;
    return o;
}

Example without(const Example& ex, std::int32_t token) {
    Example out = ex;
    out.occurrences.clear();
    for (const auto& o : ex.occurrences) {
        if (o.token != token) out.occurrences.push_back(o);
    }
    return out;
}

// −log p(label) as predict() computes p (mean of both strands), every occurrence of `token`
// removed from both strands' lattices before running forward().
double brute_force_loss(const Classifier& m, const std::string& seq, int label,
                        std::int32_t token) {
    const auto fwd = m.forward(without(m.featurize(seq), token));
    const auto rev = m.forward(without(m.featurize(motiftok::kmer::revcomp(seq)), token));
    return -std::log(0.5 *
                     (fwd[static_cast<std::size_t>(label)] + rev[static_cast<std::size_t>(label)]));
}

void check_against_brute_force(const Classifier& m, const std::string& seq, int label) {
    double loss = 0.0;
    const auto deltas = m.mask_token_losses(seq, label, &loss);
    const auto p = m.predict(seq);
    CHECK(loss == Approx(-std::log(p[static_cast<std::size_t>(label)])).epsilon(1e-12));
    REQUIRE(deltas.size() > 10);
    for (std::size_t k = 0; k < deltas.size(); ++k) {
        if (k > 0) CHECK(deltas[k].first > deltas[k - 1].first);  // increasing ids
        const double expected = brute_force_loss(m, seq, label, deltas[k].first) - loss;
        INFO("token " << deltas[k].first << ": closed form " << deltas[k].second << ", brute force "
                      << expected);
        CHECK(std::abs(deltas[k].second - expected) <= 1e-9 * std::max(std::abs(expected), 1e-6));
    }
}

}  // namespace

TEST_CASE("fit task effect: masking all occurrences of a token equals a re-run without them",
          "[fit]") {
    Classifier m(motiftok::test::model_test_vocabulary(), {"a", "b"}, small_options());
    // Weights away from the initialization, so that every group matters.
    motiftok::Rng rng(3);
    for (double& w : m.parameters()) w += 0.3 * (2.0 * rng.uniform01() - 1.0);
    const std::string seq = "ACGTTGACTCAGGTACCGATTGACTCAGAAAC";
    check_against_brute_force(m, seq, 0);
    check_against_brute_force(m, seq, 1);
    // A strong motif bias: the planted motif holds most of each head's attention, so masking it
    // takes the direct-sum branch (masked mass > 0.5).
    for (std::size_t k = 0; k < m.members(); ++k) {
        for (std::size_t h = 0; h < m.layout().heads; ++h)
            m.parameters()[k * m.layout().total + m.layout().gamma + h] = 40.0;
    }
    const auto motif = m.vocabulary().id(motiftok::test::kPlantedMotif);
    double mass = 0.0;  // head 0's attention on the motif, forward strand, member mean
    for (const auto& t : m.explain(seq).tokens) {
        if (t.occurrence.token == motif) mass += t.attention[0];
    }
    CHECK(mass > 0.5);
    check_against_brute_force(m, seq, 1);
    bool found = false;
    for (const auto& [token, delta] : m.mask_token_losses(seq, 1)) {
        if (token == motif) found = found || delta != 0.0;
    }
    CHECK(found);
}

TEST_CASE("fit task effects: same bytes with 1 and 2 threads", "[fit]") {
    if (!motiftok::test::threads_available()) return;
    Classifier m(motiftok::test::model_test_vocabulary(), {"a", "b"}, small_options());
    const auto data = motiftok::test::planted_dataset(5, 12, 40);
    motiftok::fit::TaskEffects effect[2];
    for (int t = 1; t <= 2; ++t) {
        effect[t - 1] = motiftok::fit::task_effects(m, data.records, data.labels, t);
    }
    CHECK(effect[0].mean == effect[1].mean);
    CHECK(effect[0].se == effect[1].se);
}

TEST_CASE("fit task effects: mean and standard error over sequences", "[fit]") {
    Classifier m(motiftok::test::model_test_vocabulary(), {"a", "b"}, small_options());
    const auto data = motiftok::test::planted_dataset(5, 12, 40);
    const auto effect = motiftok::fit::task_effects(m, data.records, data.labels, 1);
    // Reference: every sequence's Δ per token (0 where absent), then the textbook mean and
    // sample standard deviation / √n.
    const std::size_t n = data.records.size();
    std::vector<std::vector<double>> d(m.vocabulary().size(), std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& [token, x] : m.mask_token_losses(data.records[i].seq, data.labels[i]))
            d[static_cast<std::size_t>(token)][i] = x;
    }
    int varying = 0;
    for (std::size_t t = 0; t < d.size(); ++t) {
        double mean = 0.0;
        for (double x : d[t]) mean += x / static_cast<double>(n);
        double ss = 0.0;
        for (double x : d[t]) ss += (x - mean) * (x - mean);
        const double se = std::sqrt(ss / static_cast<double>(n - 1) / static_cast<double>(n));
        varying += se > 0.0;
        CHECK(effect.mean[t] == Approx(mean).epsilon(1e-12).margin(1e-15));
        CHECK(effect.se[t] == Approx(se).epsilon(1e-6).margin(1e-12));
    }
    CHECK(varying > 10);
}
