// --pos-bins auto: the validation split chooses between 8 and 32 position bins (alone, or every
// width of --conv-width auto with every bin count); the choice is recorded in the model (and
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

TEST_CASE("pos auto: the lower validation loss of 8 and 32 bins is kept and recorded", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (const bool gkm : {false, true}) {
        INFO("gkm auto " << gkm);
        const auto o = auto_options(3, gkm);
        std::vector<motiftok::model::EpochReport> shown;
        const Classifier model = motiftok::model::train_classifier(
            vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
        REQUIRE(model.network_choice().size() == 1);
        const auto& c = model.network_choice()[0];
        const int w = o.conv_width;
        REQUIRE(c.bins == std::vector<int>{8, 32});
        CHECK(c.widths == std::vector<int>{w, w});
        const Classifier eight = motiftok::model::train_classifier(vocab, data, forced(o, w, 8));
        const Classifier many = motiftok::model::train_classifier(vocab, data, forced(o, w, 32));
        // Each candidate's loss is its explicit run's, bit for bit.
        CHECK(c.valid_losses == std::vector<double>{candidate_loss(eight), candidate_loss(many)});
        CHECK(c.epochs == std::vector<int>{static_cast<int>(eight.history().size()),
                                           static_cast<int>(many.history().size())});
        const int kept = c.valid_losses[1] < c.valid_losses[0] ? 32 : 8;
        CHECK(c.pos_bins == kept);
        CHECK(c.width == w);
        CHECK(model.options().pos_bins == kept);
        CHECK(model.options().pos_auto);
        // The model is the kept candidate: the same weights, history and term record.
        const Classifier& alone = kept == 8 ? eight : many;
        CHECK(model.parameters() == alone.parameters());
        CHECK(model.history().size() == alone.history().size());
        CHECK(model.options().gkm_length == alone.options().gkm_length);
        // Progress saw both candidates' epochs, labeled with their bins only.
        REQUIRE(shown.size() == eight.history().size() + many.history().size());
        CHECK(shown.front().candidate_bins == 8);
        CHECK(shown.back().candidate_bins == 32);
        CHECK(shown.front().candidate_width == -1);
        for (const auto& r : model.history()) CHECK(r.candidate_bins == -1);
        // Saved and loaded: the record survives (format version 8).
        motiftok::test::check_choice_survives_saving(model);
        // An explicit bin count runs no choice.
        CHECK(eight.network_choice().empty());
        CHECK_FALSE(Classifier::from_bytes(eight.to_bytes(), "8.bin").options().pos_auto);
    }
}

TEST_CASE("pos auto with conv auto: every width with every bin count, defaults first", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = auto_options(2, false);
    o.conv_auto = true;
    std::vector<motiftok::model::EpochReport> shown;
    const Classifier model = motiftok::model::train_classifier(
        vocab, data, o, [&shown](const auto& r) { shown.push_back(r); });
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    CHECK(c.widths == std::vector<int>{9, 9, 0, 0});
    CHECK(c.bins == std::vector<int>{8, 32, 8, 32});
    std::vector<double> losses;
    for (std::size_t i = 0; i < 4; ++i)
        losses.push_back(candidate_loss(
            motiftok::model::train_classifier(vocab, data, forced(o, c.widths[i], c.bins[i]))));
    CHECK(c.valid_losses == losses);
    const auto best = static_cast<std::size_t>(  // the first of the lowest
        std::min_element(losses.begin(), losses.end()) - losses.begin());
    CHECK(c.width == c.widths[best]);
    CHECK(c.pos_bins == c.bins[best]);
    CHECK(model.parameters() ==
          motiftok::model::train_classifier(vocab, data, forced(o, c.width, c.pos_bins))
              .parameters());
    REQUIRE_FALSE(shown.empty());
    CHECK(shown.front().candidate_width == 9);
    CHECK(shown.front().candidate_bins == 8);
    CHECK(shown.back().candidate_width == 0);
    CHECK(shown.back().candidate_bins == 32);
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
