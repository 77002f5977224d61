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
        // Saved and loaded: the record survives (format version 9).
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
