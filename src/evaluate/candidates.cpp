// The vocabularies `motiftok evaluate` compares: motiftok's, foreign (HF), fixed k-mers, bases;
// and the helpers that look at a vocabulary alone (token ranking, compression).
#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "motiftok/error.hpp"
#include "motiftok/evaluate/evaluate.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/tokenize/tokenizer.hpp"
#include "motiftok/version.hpp"

namespace motiftok::evaluate {

namespace {

vocab::Vocabulary base_vocabulary(const std::string& made_by) {
    vocab::Vocabulary v;
    v.strand = kmer::Strand::kForward;
    v.motiftok_version = kVersion;
    v.options_json = "{\"baseline\":\"" + made_by + "\"}";
    for (const char* b : {"A", "C", "G", "T", "N"}) {
        vocab::Token t;
        t.token = b;
        v.add_token(t);
    }
    return v;
}

}  // namespace

Candidate motiftok_candidate(std::string name, vocab::Vocabulary vocabulary) {
    auto tokenizer = std::make_shared<const tokenize::Tokenizer>(vocabulary);
    return {std::move(name), std::move(vocabulary),
            [tokenizer](std::string_view seq, std::vector<std::int32_t>& ids) {
                tokenizer->encode(seq, ids);
            }};
}

Candidate foreign_candidate(std::string name, tokenize::ForeignTokenizer tokenizer) {
    auto shared = std::make_shared<const tokenize::ForeignTokenizer>(std::move(tokenizer));
    return {std::move(name), shared->vocabulary(),
            [shared](std::string_view seq, std::vector<std::int32_t>& ids) {
                shared->encode(seq, ids);
            }};
}

Candidate load_candidate(const std::string& path, std::string name) {
    const std::string text = io::read_file(path, "vocabulary");
    bool motiftok = false;
    try {
        const auto j = nlohmann::json::parse(text);
        motiftok = j.is_object() && j.value("format", std::string()) == vocab::kFormatName;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path + ": not valid JSON (" + e.what() +
                         "); expected vocab.json or a "
                         "HuggingFace tokenizer.json");
    }
    if (motiftok)
        return motiftok_candidate(std::move(name), vocab::Vocabulary::from_json(text, path));
    return foreign_candidate(std::move(name), tokenize::ForeignTokenizer::from_json(text, path));
}

Candidate kmer_candidate(int k) {
    if (k < 1 || k > 8) throw ConfigError("k-mer baseline: k must be between 1 and 8");
    const std::string name = "kmer" + std::to_string(k);
    vocab::Vocabulary v = base_vocabulary(name);
    const std::uint32_t n = 1u << (2 * k);
    // Id of the k-mer with 2-bit code c: 5 + c (for k = 1 the bases themselves).
    if (k > 1) {
        for (std::uint32_t c = 0; c < n; ++c) {
            vocab::Token t;
            for (int j = k - 1; j >= 0; --j) t.token += "ACGT"[(c >> (2 * j)) & 3u];
            v.add_token(t);
        }
    }
    v.validate();
    auto encode = [k](std::string_view seq, std::vector<std::int32_t>& ids) {
        ids.clear();
        const auto K = static_cast<std::size_t>(k);
        std::size_t i = 0;
        for (; i + K <= seq.size(); i += K) {
            std::uint32_t code = 0;
            bool has_n = false;
            for (std::size_t j = 0; j < K; ++j) {
                const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(seq[i + j])];
                has_n = has_n || b > 3;
                code = code << 2 | (b & 3u);
            }
            if (!has_n && K > 1) {
                ids.push_back(static_cast<std::int32_t>(5 + code));
                continue;
            }
            for (std::size_t j = 0; j < K; ++j) {
                ids.push_back(kmer::kNt4[static_cast<unsigned char>(seq[i + j])]);
            }
        }
        for (; i < seq.size(); ++i) ids.push_back(kmer::kNt4[static_cast<unsigned char>(seq[i])]);
    };
    return {name, std::move(v), encode};
}

Candidate bases_candidate() {
    vocab::Vocabulary v = base_vocabulary("bases");
    v.validate();
    return {"bases", std::move(v), [](std::string_view seq, std::vector<std::int32_t>& ids) {
                ids.clear();
                for (char c : seq) ids.push_back(kmer::kNt4[static_cast<unsigned char>(c)]);
            }};
}

Baseline parse_baseline(const std::string& name) {
    if (name == "unigram") return Baseline::Unigram;
    if (name == "kmer6") return Baseline::Kmer6;
    if (name == "bases") return Baseline::Bases;
    throw ConfigError("unknown baseline '" + name + "'; use unigram, kmer6 or bases");
}

const char* baseline_name(Baseline baseline) {
    switch (baseline) {
        case Baseline::Unigram:
            return "unigram";
        case Baseline::Kmer6:
            return "kmer6";
        case Baseline::Bases:
            return "bases";
    }
    return "?";
}

std::vector<std::int32_t> rank_tokens(const vocab::Vocabulary& vocabulary, std::size_t min_length) {
    const auto& tokens = vocabulary.tokens();
    const bool by_ig = std::any_of(tokens.begin(), tokens.end(),
                                   [](const vocab::Token& t) { return t.info_gain > 0.0; });
    std::vector<std::int32_t> ids;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& t = tokens[i].token;
        if (t.size() >= std::max<std::size_t>(min_length, 2) && t.find('N') == std::string::npos) {
            ids.push_back(static_cast<std::int32_t>(i));
        }
    }
    auto key = [&](std::int32_t id) {
        const auto& t = tokens[static_cast<std::size_t>(id)];
        return by_ig ? t.info_gain : t.score;
    };
    std::stable_sort(ids.begin(), ids.end(),
                     [&](std::int32_t a, std::int32_t b) { return key(a) > key(b); });
    if (vocabulary.strand != kmer::Strand::kBoth) return ids;
    std::vector<std::int32_t> out;
    std::vector<std::uint8_t> taken(tokens.size(), 0);
    for (std::int32_t id : ids) {
        if (taken[static_cast<std::size_t>(id)]) continue;
        out.push_back(id);
        taken[static_cast<std::size_t>(id)] = 1;
        const std::int32_t rc =
            vocabulary.id(kmer::revcomp(tokens[static_cast<std::size_t>(id)].token));
        if (rc >= 0) taken[static_cast<std::size_t>(rc)] = 1;
    }
    return out;
}

Compression compression(const std::vector<std::string_view>& seqs,
                        const std::vector<std::vector<std::int32_t>>& ids) {
    std::uint64_t bases = 0, tokens = 0;
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        bases += seqs[i].size();
        tokens += ids[i].size();
    }
    Compression c;
    c.bp_per_token = tokens ? static_cast<double>(bases) / static_cast<double>(tokens) : 0.0;
    c.tokens_per_sequence =
        seqs.empty() ? 0.0 : static_cast<double>(tokens) / static_cast<double>(seqs.size());
    return c;
}

}  // namespace motiftok::evaluate
