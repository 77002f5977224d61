// NetworkTrainer (src/model/training.hpp): one network's training an epoch at a time. Run to its
// end it is train_classifier's network; paused, resumed or interleaved with another trainer it
// follows the same trajectory bit for bit (what the race of --pos-bins auto relies on).
#include <catch2/catch.hpp>
#include <cmath>

#include "choice_fixtures.hpp"
#include "model/training.hpp"
#include "motiftok/model/metrics.hpp"

using motiftok::model::Classifier;
using motiftok::model::EpochReport;
using motiftok::model::detail::NetworkTrainer;

TEST_CASE("trainer: run to its end it is train_classifier's model", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = motiftok::test::choice_options(6, false);
    o.pos_bins = 32;
    NetworkTrainer trainer(vocab, data, o, EpochReport{}, {});
    CHECK_FALSE(trainer.done());
    trainer.run_to_end();
    CHECK(trainer.done());
    const Classifier direct = motiftok::model::train_classifier(vocab, data, o);
    REQUIRE(trainer.history().size() == direct.history().size());
    CHECK(trainer.epochs_run() == static_cast<int>(direct.history().size()));
    double lowest = INFINITY;
    for (const auto& r : direct.history()) lowest = std::min(lowest, r.valid_loss);
    CHECK(trainer.best_valid_loss() == lowest);
    CHECK(trainer.best_model().parameters() == direct.parameters());
    CHECK(std::move(trainer).finish().parameters() == direct.parameters());
}

TEST_CASE("trainer: interleaved trainers follow their own trajectories", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto a = motiftok::test::choice_options(5, false), b = a;
    b.pos_bins = 32;
    b.seed = a.seed + 1;
    std::vector<EpochReport> shown;
    EpochReport label;
    label.candidate_bins = 32;
    NetworkTrainer ta(vocab, data, a, EpochReport{}, {});
    NetworkTrainer tb(vocab, data, b, label,
                      [&shown](const EpochReport& r) { shown.push_back(r); });
    // Alternate epochs, with a pause of one trainer in between.
    ta.run_epoch();
    ta.run_epoch();
    CHECK(ta.epochs_run() == 2);
    CHECK(ta.history().back().epoch == 2);
    while (!ta.done() || !tb.done()) {
        if (!tb.done()) tb.run_epoch();
        if (!ta.done()) ta.run_epoch();
    }
    CHECK(std::move(ta).finish().parameters() ==
          motiftok::model::train_classifier(vocab, data, a).parameters());
    const Classifier direct_b = motiftok::model::train_classifier(vocab, data, b);
    REQUIRE(shown.size() == direct_b.history().size());
    CHECK(shown.front().candidate_bins == 32);         // progress carries the label
    CHECK(tb.history().front().candidate_bins == -1);  // the history does not
    for (std::size_t i = 0; i < shown.size(); ++i)
        CHECK(shown[i].valid_loss == direct_b.history()[i].valid_loss);
    CHECK(std::move(tb).finish().parameters() == direct_b.parameters());
}

TEST_CASE("trainer: paused and judged inside an epoch, it follows its own trajectory", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o =
        motiftok::test::choice_options(4, false);  // 60 training sequences, batches of 16
    NetworkTrainer trainer(vocab, data, o, EpochReport{}, {});
    CHECK_FALSE(trainer.mid_epoch());
    trainer.run_step();
    CHECK(trainer.mid_epoch());
    CHECK(trainer.epochs_run() == 0);
    CHECK(trainer.steps_run() == 1);
    CHECK(trainer.epochs_trained() == 16.0 / 60.0);
    CHECK(std::isnan(trainer.best_valid_loss()));  // no epoch has ended
    // Judging the current weights changes nothing, and they are not the initial ones.
    const double now = trainer.valid_loss();
    CHECK(std::isfinite(now));
    CHECK(trainer.valid_loss() == now);
    CHECK(trainer.model().parameters() != trainer.best_model().parameters());
    trainer.run_step();
    CHECK(trainer.epochs_trained() == 32.0 / 60.0);
    CHECK(trainer.valid_loss() != now);
    trainer.run_epoch();  // the rest of epoch 1: two batches
    CHECK_FALSE(trainer.mid_epoch());
    CHECK(trainer.epochs_run() == 1);
    CHECK(trainer.steps_run() == 4);
    CHECK(trainer.epochs_trained() == 1.0);
    // At an epoch's end the current weights are the epoch's: the report's loss, again.
    CHECK(trainer.valid_loss() == trainer.history().back().valid_loss);
    CHECK(trainer.model().parameters() == trainer.best_model().parameters());  // epoch 1: best
    trainer.run_step();
    trainer.valid_loss();
    trainer.run_to_end();
    CHECK(trainer.steps_run() == 16);
    CHECK(std::move(trainer).finish().parameters() ==
          motiftok::model::train_classifier(vocab, data, o).parameters());
}

TEST_CASE("trainer: the validation loss is weighted by class like the training loss", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto planted = motiftok::test::planted_dataset(9, 40, 60);
    motiftok::io::Dataset data;  // 40 background, 10 bound: the weights differ
    data.classes = planted.classes;
    for (std::size_t i = 0; i < planted.records.size(); ++i) {
        if (planted.labels[i] == 1 && i % 8 != 1) continue;
        data.records.push_back(planted.records[i]);
        data.labels.push_back(planted.labels[i]);
    }
    const auto o = motiftok::test::choice_options(3, false);
    NetworkTrainer trainer(vocab, data, o, EpochReport{}, {});
    trainer.run_epoch();
    // The trainer's split and weights, recomputed as the trainer makes them.
    motiftok::Rng rng = motiftok::model::detail::training_rng(o);
    const auto s = motiftok::model::detail::split(data.labels, 2, o.valid_frac, rng);
    const auto w = motiftok::model::detail::class_weights(data.labels, s.train, 2);
    REQUIRE(w[0] != Approx(w[1]));
    const Classifier now = trainer.model();
    const std::vector<float> w32 = now.parameters32();
    std::vector<std::vector<double>> probs;
    std::vector<std::int32_t> y;
    for (const auto i : s.valid) {
        probs.push_back(now.predict(data.records[i].seq, w32));
        y.push_back(data.labels[i]);
    }
    const double weighted = motiftok::model::weighted_loss(probs, y, w);
    CHECK(trainer.valid_loss() == Approx(weighted).epsilon(1e-6));
    CHECK(trainer.history().back().valid_loss == Approx(weighted).epsilon(1e-6));
    CHECK(std::abs(weighted - motiftok::model::evaluate(probs, y, 2).loss) > 1e-4);
}
