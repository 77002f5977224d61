// --pos-bins auto: the validation split chooses between 8 and 32 position bins (alone, or every
// width of --conv-width auto with every bin count) in a race: each trains a few epochs, the one
// with the lower validation loss then goes on alone. The choice is recorded in the model (and
// model.bin), deterministic, the same for 1 and 2 threads, and the model is exactly the chosen
// candidate trained alone.
#include <algorithm>
#include <catch2/catch.hpp>

#include "choice_fixtures.hpp"

using motiftok::model::Classifier;
using motiftok::test::candidate_loss;
using motiftok::test::forced;

namespace {

motiftok::model::ClassifierOptions auto_options(int epochs, bool gkm_auto) {
    return motiftok::test::auto_options(motiftok::test::AutoOption::pos_bins, epochs, gkm_auto);
}

}  // namespace

TEST_CASE("pos auto: a race of 8 and 32 bins where the lower loss at the probe goes on",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (const bool gkm : {false, true}) {
        INFO("gkm auto " << gkm);
        const auto o = auto_options(8, gkm);  // more epochs than the probe: the loser stops
        std::vector<motiftok::model::EpochReport> shown;
        const Classifier model = motiftok::model::train_classifier(
            vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
        REQUIRE(model.network_choice().size() == 1);
        const auto& c = model.network_choice()[0];
        REQUIRE(c.bins == std::vector<int>{8, 32});
        CHECK(c.widths == std::vector<int>{o.conv_width, o.conv_width});
        REQUIRE(c.probe_epochs < o.epochs);
        const std::size_t kept = motiftok::test::check_race(vocab, data, o, model, shown);
        CHECK(c.epochs[1 - kept] == c.probe_epochs);  // patience 5 ≥ probe: stopped by the race
        CHECK(model.options().pos_auto);
        // Progress saw the probe of 8 bins, then 32 bins, labeled with their bins only.
        CHECK(shown.front().candidate_bins == 8);
        CHECK(
            shown[static_cast<std::size_t>(std::min(c.epochs[0], c.probe_epochs))].candidate_bins ==
            32);
        CHECK(shown.back().candidate_bins == c.pos_bins);
        CHECK(shown.front().candidate_width == -1);
        // Saved and loaded: the record survives (format version 10).
        motiftok::test::check_choice_survives_saving(model);
        // An explicit bin count runs no choice.
        const Classifier eight = motiftok::model::train_classifier(vocab, data, forced(o, 5, 8));
        CHECK(eight.network_choice().empty());
        CHECK_FALSE(Classifier::from_bytes(eight.to_bytes(), "8.bin").options().pos_auto);
    }
}

TEST_CASE("pos auto: a probe as long as training is the full comparison", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = auto_options(2, true);  // every candidate ends within the probe
    const Classifier model = motiftok::model::train_classifier(vocab, data, o);
    const auto& c = model.network_choice()[0];
    REQUIRE(c.probe_epochs >= o.epochs);
    const Classifier eight = motiftok::model::train_classifier(vocab, data, forced(o, 5, 8));
    const Classifier many = motiftok::model::train_classifier(vocab, data, forced(o, 5, 32));
    CHECK(c.valid_losses == std::vector<double>{candidate_loss(eight), candidate_loss(many)});
    CHECK(c.epochs == std::vector<int>{2, 2});
    CHECK(model.parameters() == (c.pos_bins == 8 ? eight : many).parameters());
}

TEST_CASE("pos auto with conv auto: every width with every bin count, defaults first", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = auto_options(5, false);
    o.conv_auto = true;
    std::vector<motiftok::model::EpochReport> shown;
    const Classifier model = motiftok::model::train_classifier(
        vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    CHECK(c.widths == std::vector<int>{9, 9, 0, 0});
    CHECK(c.bins == std::vector<int>{8, 32, 8, 32});
    motiftok::test::check_race(vocab, data, o, model, shown);
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front().candidate_width == 9);
    CHECK(shown.front().candidate_bins == 8);
    CHECK(shown.back().candidate_width == c.width);
    CHECK(shown.back().candidate_bins == c.pos_bins);
}

TEST_CASE("pos auto: the same bytes for 1 and 2 threads and for a rerun", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = auto_options(3, true);
    o.ensemble = 2;  // the second member uses the first one's bins
    const Classifier one = motiftok::test::train_checked_deterministic(vocab, data, o);
    REQUIRE(one.network_choice().size() == 1);
    CHECK(one.options().pos_bins == one.network_choice()[0].pos_bins);
}

TEST_CASE("pos auto without a validation split keeps 8 bins untried", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = auto_options(2, false);
    const Classifier model = motiftok::test::train_checked_untried(vocab, data, o, o.conv_width, 8);
    CHECK(model.options().pos_bins == 8);
}

TEST_CASE("pos auto: a probe whose steps run out inside an epoch judges the weights there",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    // 60 training sequences in batches of 16: 4 steps an epoch. 2 steps stop inside epoch 1
    // (no epoch's end to judge), 6 inside epoch 2 (epoch 1's end and the current weights).
    for (const bool gkm : {false, true}) {
        for (const std::uint64_t steps : {2u, 6u}) {
            INFO("gkm auto " << gkm << ", probe of " << steps << " steps");
            const auto o = auto_options(6, gkm);
            std::vector<motiftok::model::EpochReport> shown;
            const Classifier model = motiftok::model::detail::train_classifier(
                vocab, data, o, [&shown](const auto& r) { shown.push_back(r); }, {5, steps});
            REQUIRE(model.network_choice().size() == 1);
            const auto& c = model.network_choice()[0];
            CHECK(c.probe_steps == steps);
            CHECK(c.probe_epochs == 5);
            std::size_t kept = 0;
            for (std::size_t i = 0; i < c.bins.size(); ++i) {
                // The candidate's own trainer, judged at the same step apart.
                auto network = forced(o, o.conv_width, c.bins[i]);
                network.gkm_auto = false;
                motiftok::model::detail::NetworkTrainer t(vocab, data, network, {}, {});
                while (t.steps_run() < steps) t.run_step();
                REQUIRE(t.mid_epoch());
                std::vector<Classifier> judged;
                judged.push_back(t.model());
                if (t.epochs_run() > 0) judged.push_back(t.best_model());
                double expected = INFINITY;
                if (gkm) {
                    const motiftok::model::detail::GkmTermFit term(network, 2, data, 1);
                    for (const auto& m : judged) {
                        const auto losses = term.choose(m).valid_losses;
                        expected =
                            std::min(expected, *std::min_element(losses.begin(), losses.end()));
                    }
                } else {
                    expected = t.valid_loss();
                    if (t.epochs_run() > 0) expected = std::min(expected, t.best_valid_loss());
                }
                CHECK(c.valid_losses[i] == expected);
                CHECK(c.judged_epochs[i] == t.epochs_trained());
                CHECK(c.judged_epochs[i] == (steps == 2 ? 32.0 / 60.0 : 1.0 + 32.0 / 60.0));
                if (c.valid_losses[i] < c.valid_losses[kept]) kept = i;
            }
            CHECK(c.pos_bins == c.bins[kept]);
            // The kept one is its explicit run bit for bit; the other stopped inside an epoch.
            const Classifier alone =
                motiftok::model::train_classifier(vocab, data, forced(o, o.conv_width, c.pos_bins));
            CHECK(model.parameters() == alone.parameters());
            CHECK(c.epochs[kept] == static_cast<int>(alone.history().size()));
            CHECK(c.epochs[1 - kept] == (steps == 2 ? 0 : 1));
            CHECK(shown.size() == alone.history().size() + (steps == 2 ? 0 : 1));
            motiftok::test::check_choice_survives_saving(model);
        }
    }
}
