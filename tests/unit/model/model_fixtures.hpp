#pragma once
// Fixtures shared by the model tests: a small made-up vocabulary (all k-mers of length 1..3 and
// a planted motif with its reverse complement) and a planted-motif data set.

#include <string>
#include <vector>

#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/random.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::test {

inline constexpr const char* kPlantedMotif = "TGACTCAG";

/// A small, fast network for training in tests (the other options keep their defaults).
inline model::ClassifierOptions fast_options() {
    model::ClassifierOptions o;
    o.dim = 8;
    o.heads = 2;
    o.conv_width = 5;
    o.hidden = 8;
    o.epochs = 12;
    o.batch_size = 16;
    o.learning_rate = 0.003;
    o.seed = 11;
    o.gkm_auto = false;  // the network as given (gkm_auto_test.cpp tests --gkm auto)
    o.pos_auto = false;  // pos_bins as given (pos_auto_test.cpp tests --pos-bins auto)
    return o;
}

/// Ids 0..4 are A C G T N, then every 2- and 3-mer, then the motif and its reverse complement.
/// info_gain: 0.9 for the motif pair, a small made-up value for the rest.
inline vocab::Vocabulary model_test_vocabulary() {
    vocab::Vocabulary v;
    v.strand = motiftok::kmer::Strand::kBoth;
    auto add = [&v](const std::string& s, double ig) {
        vocab::Token t;
        t.token = s;
        t.info_gain = ig;
        t.score = -static_cast<double>(s.size());
        t.log_prob = -1.0 - static_cast<double>(s.size());
        v.add_token(t);
    };
    for (const char* b : {"A", "C", "G", "T", "N"}) add(b, 0.0);
    for (int k = 2; k <= 3; ++k) {
        for (std::uint64_t x = 0; x < (1u << (2 * k)); ++x)
            add(kmer::unpack(x, k), 0.01 * static_cast<double>(x % 7));
    }
    add(kPlantedMotif, 0.9);
    add(kmer::revcomp(kPlantedMotif), 0.9);
    for (std::size_t i = 0; i < v.size(); ++i)
        v.edit_token(i, [](auto& t) { t.score += 3.0 * t.info_gain; });
    v.validate();
    return v;
}

inline std::string random_dna(Rng& rng, std::size_t n) {
    std::string s(n, 'A');
    for (auto& c : s) c = kmer::kBases[rng.uniform(4)];
    return s;
}

/// `per_class` random sequences of `length` bp per class; class 1 ("bound") carries the motif
/// (either strand) at a random position, class 0 ("background") does not (by construction of
/// random sequence it may, rarely).
inline io::Dataset planted_dataset(std::uint64_t seed, std::size_t per_class, std::size_t length) {
    Rng rng(seed);
    io::Dataset d;
    d.classes = {"background", "bound"};
    const std::string motif = kPlantedMotif;
    for (std::size_t i = 0; i < 2 * per_class; ++i) {
        const int label = static_cast<int>(i % 2);
        std::string s = random_dna(rng, length);
        if (label == 1) {
            const std::string m = rng.uniform(2) ? motif : kmer::revcomp(motif);
            s.replace(rng.uniform(length - m.size() + 1), m.size(), m);
        }
        d.records.push_back({"seq" + std::to_string(i), s});
        d.labels.push_back(label);
    }
    return d;
}

}  // namespace motiftok::test
