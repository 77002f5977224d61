// Ensembles (--ensemble K): the members are the models trained alone from seeds seed … seed+K−1,
// predictions and explanations are their means, and version 1 model files (one model) still load.
#include <zlib.h>

#include <catch2/catch.hpp>
#include <cstring>
#include <string>

#include "model_fixtures.hpp"
#include "motiftok/error.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;

namespace {

// Three short epochs of the shared small network.
ClassifierOptions tiny_options() {
    ClassifierOptions o = motiftok::test::fast_options();
    o.epochs = 3;
    o.batch_size = 8;
    o.seed = 21;
    return o;
}

// The model bytes as a file of format `version` would hold them: version set, the training
// history (since version 4), the --gkm auto record (since version 6) and the --conv-width auto
// record (since version 7; the last field before the CRC-32) dropped for older versions, CRC-32
// recomputed.
std::string with_version(std::string bytes, std::uint32_t version) {
    std::size_t at = 12;  // 8-byte magic, u32 version
    auto skip_str = [&bytes, &at] {
        std::uint64_t n = 0;
        std::memcpy(&n, &bytes[at], 8);
        at += 8 + n;
    };
    for (int field = 0; field < 4; ++field)
        skip_str();  // motiftok version, options, classes, vocab
    std::uint64_t weights = 0;
    std::memcpy(&weights, &bytes[at], 8);
    at += 8 + 8 * weights;
    if (version >= 4) skip_str();  // the history
    if (version >= 6) skip_str();  // the --gkm auto record
    if (version < 7) bytes.erase(at, bytes.size() - 4 - at);
    std::memcpy(&bytes[8], &version, 4);  // the u32 after the 8-byte magic
    const auto crc = static_cast<std::uint32_t>(crc32(
        0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size() - 4)));
    std::memcpy(&bytes[bytes.size() - 4], &crc, 4);
    return bytes;
}

}  // namespace

TEST_CASE("an ensemble is its members trained alone, and predicts their mean", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(4, 30, 40);
    auto options = tiny_options();
    options.ensemble = 3;
    std::vector<int> members_seen;
    const auto ensemble =
        motiftok::model::train_classifier(vocab, data, options, [&](const auto& r) {
            CHECK(r.members == 3);
            members_seen.push_back(r.member);
        });
    REQUIRE(ensemble.members() == 3);
    REQUIRE(ensemble.parameters().size() == 3 * ensemble.layout().total);
    CHECK(members_seen.front() == 1);
    CHECK(members_seen.back() == 3);

    std::vector<Classifier> alone;
    for (std::uint64_t k = 0; k < 3; ++k) {
        auto one = tiny_options();
        one.seed = options.seed + k;
        alone.push_back(motiftok::model::train_classifier(vocab, data, one));
    }
    const std::size_t total = ensemble.layout().total;
    for (std::size_t k = 0; k < 3; ++k) {
        const std::vector<double> member(ensemble.parameters().begin() + k * total,
                                         ensemble.parameters().begin() + (k + 1) * total);
        CHECK(member == alone[k].parameters());  // bitwise
    }
    CHECK(alone[0].parameters() != alone[1].parameters());
    for (const std::string seq : {"ACGTTGACTCAGGTACCGATGGT", "TTTTGACTCAAAACGCGCGTAT"}) {
        const auto p = ensemble.predict(seq);
        for (std::size_t c = 0; c < p.size(); ++c) {
            double mean = 0.0;
            for (const auto& m : alone) mean += m.predict(seq)[c];
            CHECK(p[c] == Approx(mean / 3.0).margin(1e-15));
        }
    }
    motiftok::test::TempDir dir;
    ensemble.save(dir.file("ensemble.bin"));
    const auto loaded = Classifier::load(dir.file("ensemble.bin"));
    CHECK(loaded.members() == 3);
    CHECK(loaded.to_bytes() == ensemble.to_bytes());
}

TEST_CASE("ensemble explanations: mean attention and exact ablation of the mean", "[model]") {
    auto options = tiny_options();
    options.ensemble = 2;  // freshly initialized members differ (seeds 21 and 22)
    const Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, options);
    const std::string seq = "ACGTTGACTCAGGTACCGAT";
    const auto explanation = model.explain(seq);
    const auto ex = model.featurize(seq);
    REQUIRE(explanation.tokens.size() == ex.occurrences.size());
    const auto predicted = static_cast<std::size_t>(explanation.predicted);
    const double base = model.forward(ex)[predicted];
    for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
        auto reduced = ex;
        reduced.occurrences.erase(reduced.occurrences.begin() + static_cast<std::ptrdiff_t>(i));
        CHECK(explanation.tokens[i].delta ==
              Approx(base - model.forward(reduced)[predicted]).margin(1e-12));
    }
    for (std::size_t h = 0; h < 2; ++h) {
        double total = 0.0;
        for (const auto& t : explanation.tokens) total += t.attention[h];
        CHECK(total == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("model files: versions 1 to 10 load, an unknown version names what to do", "[model]") {
    const Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, tiny_options());
    const std::string v1 = with_version(model.to_bytes(), 1);
    const auto loaded = Classifier::from_bytes(v1, "old.bin");
    CHECK(loaded.members() == 1);
    CHECK(loaded.parameters() == model.parameters());
    CHECK(Classifier::from_bytes(with_version(model.to_bytes(), 2), "v2.bin").parameters() ==
          model.parameters());
    for (const std::uint32_t v : {3u, 4u, 5u, 6u, 7u, 8u, 9u, 10u}) {
        CHECK(Classifier::from_bytes(with_version(model.to_bytes(), v), "old.bin").parameters() ==
              model.parameters());
    }
    CHECK_THROWS_WITH(Classifier::from_bytes(with_version(model.to_bytes(), 12), "new.bin"),
                      Catch::Contains("new.bin") &&
                          Catch::Contains("version 12 is not supported") &&
                          Catch::Contains("upgrade motiftok"));
    CHECK_THROWS_WITH(Classifier::from_bytes(with_version(model.to_bytes(), 0), "zero.bin"),
                      Catch::Contains("version 0 is not supported"));
    // The gapped k-mer term came with version 3: an older file cannot hold one.
    auto with_gkm = tiny_options();
    with_gkm.gkm_length = 4;
    with_gkm.gkm_k = 2;
    const Classifier gkm(motiftok::test::model_test_vocabulary(), {"a", "b"}, with_gkm);
    CHECK(Classifier::from_bytes(gkm.to_bytes(), "gkm.bin").parameters() == gkm.parameters());
    CHECK_THROWS_WITH(Classifier::from_bytes(with_version(gkm.to_bytes(), 2), "v2gkm.bin"),
                      Catch::Contains("v2gkm.bin") && Catch::Contains("gapped k-mer"));
    auto options = tiny_options();
    options.ensemble = 2;
    const Classifier pair(motiftok::test::model_test_vocabulary(), {"a", "b"}, options);
    CHECK_THROWS_WITH(Classifier::from_bytes(with_version(pair.to_bytes(), 1), "odd.bin"),
                      Catch::Contains("odd.bin") && Catch::Contains("version 1"));
    options.ensemble = 0;
    CHECK_THROWS_WITH(Classifier(motiftok::test::model_test_vocabulary(), {"a", "b"}, options),
                      Catch::Contains("`ensemble`"));
}
