// --gkm-stack: under --gkm auto the network either trains alone (the term added afterwards with
// the β the validation split prefers) or on top of the term (its out-of-fold logits added to the
// network's while training, the term kept with β = 1); auto races both. The offsets are the
// term's own on the validation split and a refitted term's on the training split; the choice is
// recorded, deterministic, the same for 1 and 2 threads, and the model is the kept candidate's
// explicit run.
#include <catch2/catch.hpp>
#include <cmath>

#include "choice_fixtures.hpp"
#include "motiftok/kmer/encode.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;
using motiftok::model::GkmStack;

namespace {

ClassifierOptions stack_options(int epochs, GkmStack stack) {
    ClassifierOptions o = motiftok::test::choice_options(epochs, true);
    o.gkm_stack = stack;
    return o;
}

// log(p1 / p0) of `model` on `seq` (forward strand, float64 weights).
double log_odds(const Classifier& model, const std::string& seq) {
    const auto p = model.forward(model.featurize(seq));
    return std::log(p[1]) - std::log(p[0]);
}

}  // namespace

TEST_CASE("gkm stack: offsets are the term's on validation, a refitted term's on training",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = stack_options(4, GkmStack::kOn);
    const motiftok::model::detail::GkmTermFit term(o, 2, data, 1);
    const auto& off = term.offsets();
    REQUIRE(off.C == 2);
    REQUIRE(off.strands == 1);
    REQUIRE(off.z.size() == data.records.size() * 2);
    // The full term's log-odds on a sequence: the model network + term less the network alone.
    auto plain = o;
    plain.gkm_auto = false;
    plain.gkm_length = 0;
    plain.gkm_stack = GkmStack::kOff;
    const Classifier network(vocab, data.classes, plain);
    const Classifier with = term.add(Classifier(vocab, data.classes, plain), 1.0);
    const auto choice = term.choose(network);
    REQUIRE(choice.valid_sequences == 20);
    motiftok::Rng rng = motiftok::model::detail::training_rng(o);
    const auto split = motiftok::model::detail::split(data.labels, 2, o.valid_frac, rng);
    for (const auto i : split.valid) {
        const std::string& seq = data.records[i].seq;
        const double term_odds = log_odds(with, seq) - log_odds(network, seq);
        CHECK(off.of(i, 0)[1] - off.of(i, 0)[0] == Approx(term_odds).margin(1e-4));
    }
    // On the training split each sequence sees a term fitted without it: not the full term's.
    int differ = 0;
    for (const auto i : split.train) {
        const std::string& seq = data.records[i].seq;
        const double term_odds = log_odds(with, seq) - log_odds(network, seq);
        if (std::abs(off.of(i, 0)[1] - off.of(i, 0)[0] - term_odds) > 1e-3) ++differ;
    }
    CHECK(differ > static_cast<int>(split.train.size()) / 2);
    // Without stacking nothing is fitted for it.
    const motiftok::model::detail::GkmTermFit alone(stack_options(4, GkmStack::kOff), 2, data, 1);
    CHECK(alone.offsets().z.empty());
}

TEST_CASE("gkm stack on: the network learns on the offsets, the model adds the term at 1",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = stack_options(4, GkmStack::kOn);
    const Classifier model = motiftok::model::train_classifier(vocab, data, o);
    REQUIRE(model.gkm_choices().size() == 1);
    const auto& c = model.gkm_choices()[0];
    CHECK(c.stacked);
    CHECK(c.scale == 1.0);
    REQUIRE(c.valid_losses.size() == 1);
    CHECK(model.options().gkm_length == 8);
    CHECK(model.network_choice().empty());  // nothing raced
    // The trainer's own best validation loss (the network with the offsets added in float32)
    // is the record's (the network's log-probabilities plus the term, in double).
    double best = INFINITY;
    for (const auto& r : model.history()) best = std::min(best, r.valid_loss);
    CHECK(c.valid_losses[0] == Approx(best).epsilon(1e-5));
    // Another network than the one trained alone, and recorded as asked.
    const Classifier off =
        motiftok::model::train_classifier(vocab, data, stack_options(4, GkmStack::kOff));
    CHECK_FALSE(off.gkm_choices()[0].stacked);
    CHECK(off.history()[0].train_loss != model.history()[0].train_loss);
    const Classifier loaded = Classifier::from_bytes(model.to_bytes(), "on.bin");
    CHECK(loaded.options().gkm_stack == GkmStack::kOn);
    CHECK(loaded.gkm_choices()[0].stacked);
    CHECK(loaded.parameters() == model.parameters());
}

TEST_CASE("gkm stack auto: trained alone and stacked, the lower validation loss kept", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (const int epochs : {1, 6}) {
        INFO("epochs " << epochs);
        auto o = stack_options(epochs, GkmStack::kAuto);
        std::vector<motiftok::model::EpochReport> shown;
        const Classifier model = motiftok::model::train_classifier(
            vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
        // Each mode's explicit run, and the loss its record judged it by.
        std::vector<Classifier> runs;
        std::vector<double> losses;
        for (const GkmStack stack : {GkmStack::kOff, GkmStack::kOn}) {
            runs.push_back(
                motiftok::model::train_classifier(vocab, data, stack_options(epochs, stack)));
            const auto& c = runs.back().gkm_choices()[0];
            double loss = NAN;
            for (std::size_t i = 0; i < c.scales.size(); ++i)
                if (c.scales[i] == c.scale) loss = c.valid_losses[i];
            losses.push_back(loss);
        }
        REQUIRE(model.gkm_choices().size() == 1);
        const auto& c = model.gkm_choices()[0];
        CHECK(c.stack_losses == losses);
        const std::size_t kept = losses[1] < losses[0] ? 1 : 0;
        CHECK(c.stacked == (kept == 1));
        CHECK(model.parameters() == runs[kept].parameters());
        CHECK(model.history().size() == runs[kept].history().size());
        CHECK(model.options().gkm_stack == GkmStack::kAuto);
        // Progress saw both trainings, labeled alone then stacked.
        REQUIRE(shown.size() > runs[0].history().size());
        CHECK(shown.front().candidate_stacked == 0);
        CHECK(shown.back().candidate_stacked == 1);
        // Deterministic, the same for 2 threads, and the record survives saving.
        o.threads = 2;
        CHECK(motiftok::model::train_classifier(vocab, data, o).to_bytes() == model.to_bytes());
        const Classifier loaded = Classifier::from_bytes(model.to_bytes(), "auto.bin");
        CHECK(loaded.gkm_choices()[0].stack_losses == c.stack_losses);
        CHECK(loaded.options().gkm_stack == GkmStack::kAuto);
    }
    // Without a validation split nothing is raced: the network alone.
    auto none = stack_options(2, GkmStack::kAuto);
    none.valid_frac = 0.0;
    const Classifier alone = motiftok::model::train_classifier(vocab, data, none);
    CHECK(alone.gkm_choices()[0].stack_losses.empty());
    CHECK_FALSE(alone.gkm_choices()[0].stacked);
}

TEST_CASE("gkm stack: the names of the modes, bad ones refused", "[model]") {
    CHECK(motiftok::model::parse_gkm_stack("on") == GkmStack::kOn);
    CHECK(std::string(motiftok::model::gkm_stack_name(GkmStack::kAuto)) == "auto");
    CHECK_THROWS_AS(motiftok::model::parse_gkm_stack("yes"), motiftok::ConfigError);
    // Stacking needs the term --gkm auto fits.
    auto o = stack_options(2, GkmStack::kOn);
    CHECK(o.problems().empty());
    o.gkm_auto = false;
    o.gkm_length = 8;
    REQUIRE(o.problems().size() == 1);
    CHECK(o.problems()[0].find("`gkm_stack` 'on'") != std::string::npos);
    o.gkm_stack = GkmStack::kOff;
    CHECK(o.problems().empty());
}
