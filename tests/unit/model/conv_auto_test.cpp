// --conv-width auto: the validation split chooses between the convolutional network (w = 9) and
// the tokens alone (w = 0); the choice is recorded in the model (and model.bin), deterministic,
// the same for 1 and 2 threads, and the model is exactly the chosen candidate trained alone.
#include <algorithm>
#include <catch2/catch.hpp>

#include "choice_fixtures.hpp"

using motiftok::model::Classifier;
using motiftok::test::candidate_loss;
using motiftok::test::forced;

namespace {

motiftok::model::ClassifierOptions auto_options(int epochs, bool gkm_auto) {
    return motiftok::test::auto_options(motiftok::test::AutoOption::conv_width, epochs, gkm_auto);
}

}  // namespace

TEST_CASE("conv auto: a race of w = 9 and w = 0 where the lower loss at the probe goes on",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (int epochs : {1, 7}) {
        INFO("epochs " << epochs);
        const auto o = auto_options(epochs, false);
        std::vector<motiftok::model::EpochReport> shown;
        const Classifier model = motiftok::model::train_classifier(
            vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
        REQUIRE(model.network_choice().size() == 1);
        const auto& c = model.network_choice()[0];
        REQUIRE(c.widths == std::vector<int>{9, 0});
        motiftok::test::check_race(vocab, data, o, model, shown);
        CHECK(model.options().conv_auto);
        // Progress saw both candidates' epochs, labeled with their width.
        CHECK(shown.front().candidate_width == 9);
        CHECK(shown.back().candidate_width == c.width);
        const Classifier conv = motiftok::model::train_classifier(vocab, data, forced(o, 9));
        // Saved and loaded: the record survives (format version 10).
        motiftok::test::check_choice_survives_saving(model);
        // An explicit width runs no choice.
        CHECK(conv.network_choice().empty());
        CHECK_FALSE(conv.options().conv_auto);
    }
}

TEST_CASE("conv auto with gkm auto: candidates compared with their best term weight", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = auto_options(2, true);
    const Classifier model = motiftok::model::train_classifier(vocab, data, o);
    REQUIRE(model.network_choice().size() == 1);
    REQUIRE(model.gkm_choices().size() == 1);
    const auto& c = model.network_choice()[0];
    std::vector<double> best_with_term;
    for (int w : {9, 0}) {
        const Classifier alone = motiftok::model::train_classifier(vocab, data, forced(o, w));
        REQUIRE(alone.gkm_choices().size() == 1);
        const auto& g = alone.gkm_choices()[0];
        best_with_term.push_back(*std::min_element(g.valid_losses.begin(), g.valid_losses.end()));
        if (w == c.width) {
            CHECK(model.parameters() == alone.parameters());
            CHECK(model.gkm_choices()[0].valid_losses == g.valid_losses);
            CHECK(model.options().gkm_length == alone.options().gkm_length);
        }
    }
    CHECK(c.valid_losses == best_with_term);
    CHECK(c.width == (best_with_term[1] < best_with_term[0] ? 0 : 9));
}

TEST_CASE("conv auto: the same bytes for 1 and 2 threads and for a rerun", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = auto_options(3, true);
    o.ensemble = 2;  // the second member uses the first one's width
    const Classifier one = motiftok::test::train_checked_deterministic(vocab, data, o);
    REQUIRE(one.network_choice().size() == 1);
    CHECK(one.options().conv_width == one.network_choice()[0].width);
    CHECK(one.gkm_choices().size() == 2);
}

TEST_CASE("conv auto without a validation split keeps the convolution untried", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = auto_options(2, false);
    const Classifier model = motiftok::test::train_checked_untried(vocab, data, o, 9, o.pos_bins);
    CHECK(model.options().conv_width == 9);
}
