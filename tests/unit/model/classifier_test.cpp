// Training on a planted motif, save/load, thread determinism and bad model files.
#include "motiftok/model/classifier.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <utility>

#include "model_fixtures.hpp"
#include "motiftok/error.hpp"
#include "motiftok/model/metrics.hpp"
#include "test_support.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;
using motiftok::test::fast_options;

namespace {

double test_auroc(const Classifier& model, const motiftok::io::Dataset& test) {
    const auto probs = model.predict_all(test.records, 1);
    return motiftok::model::evaluate(probs, test.labels, 2).auroc;
}

// The same training run with 1 and then 2 OpenMP threads.
std::pair<Classifier, Classifier> train_on_1_and_2_threads(const motiftok::vocab::Vocabulary& vocab,
                                                           const motiftok::io::Dataset& data,
                                                           const ClassifierOptions& options) {
    ClassifierOptions o = options;
    o.threads = 1;
    auto one = motiftok::model::train_classifier(vocab, data, o);
    o.threads = 2;
    auto two = motiftok::model::train_classifier(vocab, data, o);
    return {std::move(one), std::move(two)};
}

}  // namespace

TEST_CASE("a planted motif is learned: held-out AUROC > 0.95", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto train = motiftok::test::planted_dataset(1, 150, 60);
    const auto test = motiftok::test::planted_dataset(2, 100, 60);
    std::vector<motiftok::model::EpochReport> reports;
    const auto model = motiftok::model::train_classifier(
        vocab, train, fast_options(), [&](const auto& r) { reports.push_back(r); });
    REQUIRE(!reports.empty());
    CHECK(reports.back().train_loss < reports.front().train_loss);
    CHECK(std::isfinite(reports.front().valid_auroc));
    CHECK(test_auroc(model, test) > 0.95);
}

TEST_CASE("both strands: predictions are the mean of a sequence and its reverse complement",
          "[model]") {
    auto options = fast_options();
    options.both_strands = true;
    options.epochs = 2;
    const auto model =
        motiftok::model::train_classifier(motiftok::test::model_test_vocabulary(),
                                          motiftok::test::planted_dataset(1, 40, 40), options);
    const std::string seq = "ACGTTGACTCAGGTACCGATGGT";
    const auto p = model.predict(seq);
    const auto q = model.predict(motiftok::kmer::revcomp(seq));
    for (std::size_t c = 0; c < p.size(); ++c) CHECK(p[c] == Approx(q[c]).epsilon(1e-12));
}

TEST_CASE("model bytes are identical for 1 and 2 threads", "[model]") {
    if (!motiftok::test::threads_available()) return;
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(5, 40, 50);
    auto options = fast_options();
    options.epochs = 3;
    options.batch_size = 13;  // not a multiple of the chunk count
    const auto pair = train_on_1_and_2_threads(vocab, data, options);
    const auto one = pair.first.to_bytes();
    CHECK(one == pair.second.to_bytes());
    options.seed = 12;
    const auto other_seed = motiftok::model::train_classifier(vocab, data, options).to_bytes();
    CHECK(one != other_seed);
}

TEST_CASE("save and load give identical predictions", "[model]") {
    auto options = fast_options();
    options.epochs = 2;
    const auto data = motiftok::test::planted_dataset(3, 30, 40);
    const auto model =
        motiftok::model::train_classifier(motiftok::test::model_test_vocabulary(), data, options);
    motiftok::test::TempDir dir;
    model.save(dir.file("model.bin"));
    const auto loaded = Classifier::load(dir.file("model.bin"));
    CHECK(loaded.classes() == model.classes());
    CHECK(loaded.options().to_json() == model.options().to_json());
    for (const auto& r : data.records) CHECK(loaded.predict(r.seq) == model.predict(r.seq));
    CHECK(loaded.to_bytes() == model.to_bytes());
}

TEST_CASE("fail_bad_model_files", "[model]") {
    Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, fast_options());
    const std::string good = model.to_bytes();
    REQUIRE_NOTHROW(Classifier::from_bytes(good, "m.bin"));
    auto fails_with = [](const std::string& bytes, const std::string& what) {
        try {
            Classifier::from_bytes(bytes, "m.bin");
            FAIL("no error for a bad model (" << what << ")");
        } catch (const motiftok::InputError& e) {
            const std::string msg = e.what();
            CHECK(msg.find("m.bin") != std::string::npos);
            CHECK(msg.find(what) != std::string::npos);
        }
    };
    fails_with(good.substr(0, good.size() - 100), "CRC-32");  // truncated
    fails_with(good.substr(0, 10), "truncated");              // inside the header
    std::string corrupt = good;
    corrupt[corrupt.size() / 2] ^= 0x20;
    fails_with(corrupt, "corrupt");
    std::string version = good;
    version[8] = 12;  // the u32 version after the 8-byte magic
    fails_with(version, "version 12 is not supported");
    fails_with("GIF89a" + good, "not a motiftok model");
}

TEST_CASE("fail_vocabulary_and_classes_that_do_not_match", "[model]") {
    Classifier model(motiftok::test::model_test_vocabulary(), {"background", "bound"},
                     fast_options());
    auto other = motiftok::test::model_test_vocabulary();
    CHECK_NOTHROW(model.check_vocabulary(other));
    auto swapped = other.tokens();
    std::swap(swapped[6], swapped[7]);
    other.set_tokens(std::move(swapped));
    other.validate();
    CHECK_THROWS_WITH(model.check_vocabulary(other),
                      Catch::Contains("another vocabulary") && Catch::Contains("id 6"));
    motiftok::io::Dataset data = motiftok::test::planted_dataset(1, 2, 20);
    CHECK(model.map_labels(data) == data.labels);
    data.classes = {"bound", "background"};  // same names, other order: mapped by name
    CHECK(model.map_labels(data) == std::vector<std::int32_t>{1, 0, 1, 0});
    data.classes = {"background", "enhancer"};
    CHECK_THROWS_WITH(model.map_labels(data),
                      Catch::Contains("'enhancer' is not one of the model's classes"));
}

TEST_CASE("fail_fewer_than_two_classes", "[model]") {
    auto data = motiftok::test::planted_dataset(1, 5, 20);
    for (auto& y : data.labels) y = 0;
    CHECK_THROWS_AS(motiftok::model::train_classifier(motiftok::test::model_test_vocabulary(), data,
                                                      fast_options()),
                    motiftok::DataError);
    auto bad = fast_options();
    bad.dim = 0;
    CHECK_THROWS_WITH(Classifier(motiftok::test::model_test_vocabulary(), {"a", "b"}, bad),
                      Catch::Contains("`dim`"));
    CHECK_THROWS_WITH(motiftok::model::parse_lattice("best"),
                      Catch::Contains("`lattice` must be 'all' or 'longest' (got 'best')"));
    CHECK(motiftok::model::parse_lattice("longest") == motiftok::model::Lattice::kLongest);
}

TEST_CASE("token dropout changes the model", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(6, 30, 50);
    auto options = fast_options();
    options.epochs = 2;
    options.batch_size = 13;
    options.token_dropout = 0.0;
    const auto plain = motiftok::model::train_classifier(vocab, data, options).parameters();
    options.token_dropout = 0.3;
    const auto dropped = motiftok::model::train_classifier(vocab, data, options).parameters();
    CHECK(dropped != plain);  // the weights, not only the options, differ
}

TEST_CASE("token dropout: same bytes for 1 and 2 threads", "[model]") {
    if (!motiftok::test::threads_available()) return;
    auto options = fast_options();
    options.epochs = 2;
    options.batch_size = 13;
    options.token_dropout = 0.3;
    const auto [one, two] =
        train_on_1_and_2_threads(motiftok::test::model_test_vocabulary(),
                                 motiftok::test::planted_dataset(6, 30, 50), options);
    CHECK(one.to_bytes() == two.to_bytes());
}

TEST_CASE("gapped k-mer term: same bytes for 1 and 2 threads", "[model]") {
    if (!motiftok::test::threads_available()) return;
    auto options = fast_options();
    options.epochs = 2;
    options.batch_size = 13;
    options.gkm_length = 6;
    options.gkm_k = 4;
    const auto [one, two] =
        train_on_1_and_2_threads(motiftok::test::model_test_vocabulary(),
                                 motiftok::test::planted_dataset(7, 30, 50), options);
    CHECK(one.to_bytes() == two.to_bytes());
}

TEST_CASE("gapped k-mer term: learned, saved and loaded", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(7, 60, 50);
    const auto test = motiftok::test::planted_dataset(8, 60, 50);
    auto options = fast_options();
    options.batch_size = 13;
    options.gkm_length = 6;
    options.gkm_k = 4;
    const auto one = motiftok::model::train_classifier(vocab, data, options);
    // W_g moved away from zero, and the planted motif is still learned.
    const auto& L = one.layout();
    REQUIRE(L.gkm_features == 15 * 256);
    double norm = 0.0;
    for (std::size_t i = L.Wg; i < L.total; ++i) norm += std::abs(one.parameters()[i]);
    CHECK(norm > 0.0);
    CHECK(test_auroc(one, test) > 0.95);
    // Save and load: the same predictions, bit for bit.
    const auto loaded = Classifier::from_bytes(one.to_bytes(), "gkm.bin");
    CHECK(loaded.predict_all(test.records, 1) == one.predict_all(test.records, 2));
    // Zeroing W_g changes the predictions: the term is used.
    auto without = Classifier::from_bytes(one.to_bytes(), "gkm.bin");
    std::fill(without.parameters().begin() + static_cast<std::ptrdiff_t>(L.Wg),
              without.parameters().end(), 0.0);
    CHECK(without.predict_all(test.records, 1) != one.predict_all(test.records, 1));
    // The features cached across epochs (float32, built in parallel): -t 1 and -t 2 agree.
    const auto [t1, t2] = train_on_1_and_2_threads(vocab, data, options);
    CHECK(t1.to_bytes() == t2.to_bytes());
}
