// The fit loop end to end on a planted motif, thread determinism, the learner's guide, the
// round table and bad options.
#include "motiftok/fit/fit.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "../../../src/fit/fit_steps.hpp"
#include "../model/model_fixtures.hpp"
#include "motiftok/error.hpp"
#include "test_support.hpp"

using motiftok::fit::FitOptions;

namespace {

FitOptions small_fit(int threads) {
    FitOptions o;
    o.learn.vocab_size = 48;
    o.learn.seed_size = 400;
    o.learn.k_max = 8;
    o.learn.max_iter = 8;
    o.model = motiftok::test::fast_options();
    o.model.epochs = 6;
    o.rounds = 2;
    o.round_patience = 2;
    o.propose = 8;
    o.edit = 8;
    o.threads = threads;
    o.learn.threads = threads;
    o.seed = 5;
    return o;
}

bool contains_motif_core(const std::string& t) {
    const std::string m = motiftok::test::kPlantedMotif;
    const std::string rc = motiftok::kmer::revcomp(m);
    return t.size() >= 5 && (m.find(t) != std::string::npos || rc.find(t) != std::string::npos ||
                             t.find(m) != std::string::npos || t.find(rc) != std::string::npos);
}

}  // namespace

TEST_CASE("fit: same bytes for 1 and 2 threads", "[fit]") {
    if (!motiftok::test::threads_available()) return;
    const auto data = motiftok::test::planted_dataset(21, 40, 80);
    auto one_thread = small_fit(1), two_threads = small_fit(2);
    one_thread.round_ensemble = two_threads.round_ensemble = 2;
    const auto one = motiftok::fit::fit(data, one_thread);
    const auto two = motiftok::fit::fit(data, two_threads);
    CHECK(one.vocabulary.to_json() == two.vocabulary.to_json());
    CHECK(one.model.to_bytes() == two.model.to_bytes());
}

TEST_CASE("fit: rounds, task effects, a motif token on top", "[fit]") {
    const auto data = motiftok::test::planted_dataset(21, 80, 80);
    std::vector<motiftok::fit::RoundReport> seen;
    const auto one =
        motiftok::fit::fit(data, small_fit(1), [&](const auto& r) { seen.push_back(r); });

    REQUIRE(seen.size() == one.rounds.size());
    REQUIRE(!seen.empty());
    CHECK(seen.size() <= 2);
    CHECK(seen[0].round == 1);
    CHECK(seen[0].added == seen[0].vocab_size);
    // Round 1 is label-blind: 48 unigram tokens miss the once-per-sequence motif. Round 2 adds
    // IG and task effects, finds it, and is kept (clearly lower held-back loss).
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].valid_auroc < 0.7);
    CHECK(one.best_round == 2);
    CHECK(seen[1].best);
    CHECK(seen[1].valid_auroc > 0.8);  // the motif is easy
    CHECK(seen[1].valid_loss < seen[0].valid_loss);
    // The refit: the kept vocabulary's classifier retrained on all the data, as `train` does.
    auto mo = small_fit(1).model;
    mo.seed = small_fit(1).seed;
    CHECK(motiftok::model::train_classifier(one.vocabulary, data, mo).to_bytes() ==
          one.model.to_bytes());
    auto no_refit = small_fit(1);
    no_refit.refit = false;
    no_refit.round_ensemble = 3;
    const auto kept = motiftok::fit::fit(data, no_refit);
    CHECK(kept.model.to_bytes() != one.model.to_bytes());
    // The rounds' classifiers are ensembles of round_ensemble seeds; the refit's is `model`.
    CHECK(kept.model.options().ensemble == 3);
    CHECK(one.model.options().ensemble == 1);
    // Tokens carry their effects; the highest effect belongs to a piece of the motif.
    double best = -1.0;
    std::string best_token;
    std::size_t measured = 0;
    for (std::size_t i = 5; i < one.vocabulary.size(); ++i) {
        const auto& t = one.vocabulary.tokens()[i];
        if (!t.task_effect) continue;  // not in the kept round's (training split) vocabulary
        ++measured;
        if (*t.task_effect > best) best = *t.task_effect, best_token = t.token;
    }
    CHECK(measured > 0);
    INFO("highest-effect token " << best_token);
    CHECK(best > 0.0);
    CHECK(contains_motif_core(best_token));
    CHECK(one.model.vocabulary().size() == one.vocabulary.size());
    const std::string tsv = motiftok::fit::rounds_tsv(one.rounds);
    CHECK(std::count(tsv.begin(), tsv.end(), '\n') == static_cast<long>(one.rounds.size() + 1));
    CHECK(tsv.rfind("round\tvocab_size\tvalid_loss\tvalid_auroc\tadded\tdropped\tchanged", 0) == 0);
}

TEST_CASE("fit: one round kept and refit is learn --ig-weight 0 and train on all the data",
          "[fit]") {
    const auto data = motiftok::test::planted_dataset(8, 40, 60);
    auto o = small_fit(1);
    o.rounds = 1;
    const auto got = motiftok::fit::fit(data, o);
    REQUIRE(got.best_round == 1);
    auto lo = o.learn;
    lo.ig_weight = 0.0;
    lo.seed = o.seed;
    const auto blind = motiftok::learn::learn_vocabulary(data, lo);
    REQUIRE(got.vocabulary.size() == blind.size());
    std::size_t with_effect = 0;
    for (std::size_t i = 0; i < blind.size(); ++i) {
        CHECK(got.vocabulary.tokens()[i].token == blind.tokens()[i].token);
        CHECK(got.vocabulary.tokens()[i].log_prob == blind.tokens()[i].log_prob);
        CHECK(got.vocabulary.tokens()[i].score == blind.tokens()[i].score);
        with_effect += got.vocabulary.tokens()[i].task_effect.has_value();
    }
    // Tokens the training split's vocabulary also had carry their effects over.
    CHECK(with_effect > 0);
    CHECK(got.vocabulary.options_json.find("\"fit\"") != std::string::npos);
}

TEST_CASE("fit: a round's classifier is train on the training split with round_ensemble seeds",
          "[fit]") {
    const auto data = motiftok::test::planted_dataset(8, 40, 60);
    auto o = small_fit(1);
    o.rounds = 1;
    o.refit = false;
    o.round_ensemble = 2;
    const auto got = motiftok::fit::fit(data, o);
    const auto split = motiftok::fit::detail::holdout_split(data.labels, data.classes.size(),
                                                            o.holdout_frac, o.seed);
    const auto train = motiftok::fit::detail::subset(data, split.train);
    auto lo = o.learn;
    lo.ig_weight = 0.0;
    lo.seed = o.seed;
    auto mo = o.model;
    mo.seed = o.seed;
    mo.ensemble = 2;
    const auto v = motiftok::learn::learn_vocabulary(train, lo);
    CHECK(got.model.options().ensemble == 2);
    CHECK(motiftok::model::train_classifier(v, train, mo).to_bytes() == got.model.to_bytes());
}

TEST_CASE("learner guide: empty changes nothing, exclude, extra and prior do what they say",
          "[fit]") {
    const auto data = motiftok::test::planted_dataset(4, 40, 60);
    auto o = small_fit(1).learn;
    const auto plain = motiftok::learn::learn_vocabulary(data, o);
    CHECK(motiftok::learn::learn_vocabulary(data, o, {}, nullptr, {}).to_json() == plain.to_json());
    REQUIRE(plain.size() > 6);
    const std::string top = plain.tokens()[5].token;

    motiftok::learn::LearnGuide g;
    g.exclude.insert(motiftok::kmer::revcomp(top));  // either orientation names the piece
    const auto excluded = motiftok::learn::learn_vocabulary(data, o, {}, nullptr, g);
    CHECK(excluded.id(top) < 0);
    CHECK(excluded.id(motiftok::kmer::revcomp(top)) < 0);

    // A string that is not in the seed (min_seqs 2 keeps it out: it occurs nowhere), given a
    // full prior, becomes a candidate with that prior in its motif score.
    motiftok::learn::LearnGuide h;
    h.extra = {"ACGTACGTA", "NNA", "A"};  // the last two are ignored (not ACGT / too short)
    h.prior["ACGTACGTA"] = 1.0;
    h.prior_weight = 0.5;
    const auto guided = motiftok::learn::learn_vocabulary(data, o, {}, nullptr, h);
    for (const auto& t : guided.tokens()) {
        REQUIRE(t.motif_score.has_value());
        CHECK(*t.motif_score >= 0.0);
        CHECK(*t.motif_score <= 1.0);
    }
    const auto id = guided.id("ACGTACGTA");
    if (id >= 0) CHECK(*guided.tokens()[static_cast<std::size_t>(id)].motif_score >= 0.5);
}

TEST_CASE("fit: fail_bad_options all at once, and unlabeled data", "[fit]") {
    FitOptions o = small_fit(1);
    o.rounds = 0;
    o.holdout_frac = 1.5;
    o.effect_weight = -1;
    o.effect_z = -0.5;
    o.select_z = std::nan("");
    o.round_ensemble = 0;
    o.model.dim = 0;
    const std::string msg =
        motiftok::test::message_of<motiftok::ConfigError>([&] { o.validate(); });
    // The library names the options by their fields, never by CLI flags (tools/ maps them).
    CHECK_THAT(msg, Catch::Contains("`rounds` must be at least 1"));
    CHECK_THAT(msg, Catch::Contains("`holdout_frac` must be between 0 and 1"));
    CHECK_THAT(msg, Catch::Contains("effect_weight"));
    CHECK_THAT(msg, Catch::Contains("effect_z"));
    CHECK_THAT(msg, Catch::Contains("select_z"));
    CHECK_THAT(msg, Catch::Contains("`round_ensemble` must be in 1..100"));
    CHECK_THAT(msg, Catch::Contains("dim"));
    for (const char* flag : {"--rounds", "--holdout", "--effect-weight", "--effect-z", "--select-z",
                             "--round-ensemble"})
        CHECK_THAT(msg, !Catch::Contains(flag));
    auto data = motiftok::test::planted_dataset(4, 10, 40);
    data.labels.clear();
    CHECK_THROWS_AS(motiftok::fit::fit(data, small_fit(1)), motiftok::DataError);
}
