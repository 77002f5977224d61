#include "motiftok/vocab/vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "family_json.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/version.hpp"
#include "motiftok/vocab/score_decimal.hpp"

namespace motiftok::vocab {

namespace {

using json = nlohmann::ordered_json;

constexpr const char* kBaseTokens[5] = {"A", "C", "G", "T", "N"};

std::string token_label(std::size_t id, const std::string& token) {
    return "token " + std::to_string(id) + " ('" + token + "')";
}

/// Checks one token's fields; returns the problem or an empty string.
std::string check_token(const Token& t, std::size_t id, std::size_t n_classes) {
    const std::string label = token_label(id, t.token);
    if (t.token.empty()) return "token " + std::to_string(id) + " is empty";
    if (id < 5 && t.token != kBaseTokens[id]) {
        return label +
               ": ids 0..4 must be the bases A, C, G, T, N in this order (a base is missing)";
    }
    if (t.token != "N") {
        for (char c : t.token) {
            if (c != 'A' && c != 'C' && c != 'G' && c != 'T') {
                return label + ": contains '" + std::string(1, c) +
                       "'; tokens use only A, C, G, T (N only as the single-base token 'N')";
            }
        }
    }
    const double values[4] = {t.score, t.log_prob, t.info_gain, t.p_value};
    const char* names[4] = {"score", "log_prob", "info_gain", "p_value"};
    for (int k = 0; k < 4; ++k) {
        if (!std::isfinite(values[k])) return label + ": " + names[k] + " is not a finite number";
    }
    if (std::fabs(t.score) >= kMaxAbsScore) return label + ": |score| must be below 1e15";
    if (t.task_effect && !std::isfinite(*t.task_effect))
        return label + ": task_effect is not a finite number";
    if (t.motif_score && !(*t.motif_score >= 0.0 && *t.motif_score <= 1.0))
        return label + ": motif_score must be in [0, 1]";
    if (t.seqs_per_class.size() != n_classes) {
        return label + ": seqs_per_class has " + std::to_string(t.seqs_per_class.size()) +
               " entries but there are " + std::to_string(n_classes) + " classes";
    }
    return {};
}

double get_number(const json& obj, const char* key, double fallback, const std::string& where) {
    const auto it = obj.find(key);
    if (it == obj.end()) return fallback;
    if (!it->is_number()) throw InputError(where + ": '" + key + "' must be a number");
    return it->get<double>();
}

Token parse_token(const json& j, std::size_t index, std::size_t n_classes,
                  const std::string& source) {
    const std::string where = source + ": tokens[" + std::to_string(index) + "]";
    if (!j.is_object()) throw InputError(where + ": expected an object");
    const auto id = j.find("id");
    if (id == j.end() || !id->is_number_integer()) {
        throw InputError(where + ": missing integer 'id'");
    }
    if (id->get<std::int64_t>() != static_cast<std::int64_t>(index)) {
        throw InputError(where + ": id " + std::to_string(id->get<std::int64_t>()) +
                         " out of order; ids must be 0, 1, 2, ... in file order");
    }
    const auto tok = j.find("token");
    if (tok == j.end() || !tok->is_string()) throw InputError(where + ": missing string 'token'");
    if (j.find("score") == j.end()) throw InputError(where + ": missing 'score'");
    Token t;
    t.token = tok->get<std::string>();
    t.score = get_number(j, "score", 0.0, where);
    t.log_prob = get_number(j, "log_prob", 0.0, where);
    t.info_gain = get_number(j, "info_gain", 0.0, where);
    t.p_value = get_number(j, "p_value", 1.0, where);
    if (j.contains("task_effect")) t.task_effect = get_number(j, "task_effect", 0.0, where);
    if (j.contains("motif_score")) t.motif_score = get_number(j, "motif_score", 0.0, where);
    const auto count = j.find("count");
    if (count != j.end()) {
        if (!count->is_number_unsigned() && !(count->is_number_integer() && *count >= 0)) {
            throw InputError(where + ": 'count' must be a non-negative integer");
        }
        t.count = count->get<std::uint64_t>();
    }
    const auto spc = j.find("seqs_per_class");
    if (spc == j.end()) {
        t.seqs_per_class.assign(n_classes, 0);
    } else {
        if (!spc->is_array()) throw InputError(where + ": 'seqs_per_class' must be an array");
        for (const auto& v : *spc) {
            if (!v.is_number_integer() || v < 0) {
                throw InputError(where + ": 'seqs_per_class' must hold non-negative integers");
            }
            t.seqs_per_class.push_back(v.get<std::uint64_t>());
        }
    }
    const auto family = j.find("family");  // version 2: absent = in no family
    if (family != j.end()) {
        if (!family->is_number_integer() || *family < 0) {
            throw InputError(where + ": 'family' must be a non-negative integer");
        }
        t.family = family->get<std::int32_t>();
    }
    return t;
}

}  // namespace

void Vocabulary::add_token(Token token) {
    index_.emplace(token.token, static_cast<std::int32_t>(tokens_.size()));
    tokens_.push_back(std::move(token));
}

void Vocabulary::set_tokens(std::vector<Token> tokens) {
    tokens_ = std::move(tokens);
    rebuild_index();
}

void Vocabulary::rebuild_index() {
    index_.clear();
    index_.reserve(tokens_.size() * 2);
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        index_.emplace(tokens_[i].token, static_cast<std::int32_t>(i));
    }
}

std::int32_t Vocabulary::id(std::string_view token) const {
    const auto it = index_.find(std::string(token));
    return it == index_.end() ? -1 : it->second;
}

std::size_t Vocabulary::max_token_length() const {
    std::size_t n = 0;
    for (const auto& t : tokens_) n = std::max(n, t.token.size());
    return n;
}

void Vocabulary::validate() const {
    if (tokens_.size() < 5) {
        throw DataError("the vocabulary has " + std::to_string(tokens_.size()) +
                        " tokens; ids 0..4 must be the bases A, C, G, T, N");
    }
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        const std::string problem = check_token(tokens_[i], i, classes.size());
        if (!problem.empty()) throw DataError(problem);
        const std::int32_t first = id(tokens_[i].token);  // the index keeps the first id
        if (first != static_cast<std::int32_t>(i)) {
            throw DataError(token_label(i, tokens_[i].token) + ": duplicate of token " +
                            std::to_string(first) + "; every token string must appear once");
        }
    }
    if (strand == kmer::Strand::kBoth) {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            const std::string rc = kmer::revcomp(tokens_[i].token);
            if (id(rc) < 0) {
                throw DataError(token_label(i, tokens_[i].token) + ": its reverse complement '" +
                                rc +
                                "' is missing; a strand 'both' vocabulary must be closed under "
                                "reverse complement (or use strand 'forward')");
            }
        }
    }
    const std::string family_problem = detail::check_families(*this);
    if (!family_problem.empty()) throw DataError(family_problem);
}

std::string Vocabulary::to_json() const {
    using ojson = nlohmann::ordered_json;
    ojson options = ojson::parse(options_json.empty() ? "{}" : options_json, nullptr, false);
    if (options.is_discarded()) throw DataError("options_json is not valid JSON");
    ojson out = ojson::object();
    out["format"] = kFormatName;
    out["version"] = kFormatVersion;
    out["motiftok"] = kVersion;
    out["options"] = std::move(options);
    out["alphabet"] = "ACGTN";
    out["strand"] = kmer::strand_name(strand);
    out["classes"] = classes;
    ojson list = ojson::array();
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
        const Token& t = tokens_[i];
        const std::string problem = check_token(t, i, classes.size());
        if (!problem.empty()) throw DataError("cannot write the vocabulary: " + problem);
        ojson e = ojson::object();
        e["id"] = i;
        e["token"] = t.token;
        e["log_prob"] = t.log_prob;
        e["info_gain"] = t.info_gain;
        e["score"] = t.score;
        e["p_value"] = t.p_value;
        e["count"] = t.count;
        e["seqs_per_class"] = t.seqs_per_class;
        if (t.task_effect) e["task_effect"] = *t.task_effect;
        if (t.motif_score) e["motif_score"] = *t.motif_score;
        if (t.family >= 0) e["family"] = t.family;
        list.push_back(std::move(e));
    }
    out["tokens"] = std::move(list);
    ojson families = ojson::array();
    for (const Family& f : this->families) families.push_back(detail::family_to_json(f));
    // One token per line: readable and diff-friendly, still exact (nlohmann round-trips doubles).
    std::string text = "{\n";
    bool first = true;
    for (const auto& [key, value] : out.items()) {
        if (key == "tokens") continue;
        text += std::string(first ? "" : ",\n") + "  " + ojson(key).dump() + ": " + value.dump();
        first = false;
    }
    text += ",\n  \"tokens\": [\n";
    for (std::size_t i = 0; i < out["tokens"].size(); ++i) {
        text += "    " + out["tokens"][i].dump() + (i + 1 < out["tokens"].size() ? ",\n" : "\n");
    }
    text += "  ]";
    if (!families.empty()) {  // one family per line, after the tokens
        text += ",\n  \"families\": [\n";
        for (std::size_t i = 0; i < families.size(); ++i) {
            text += "    " + families[i].dump() + (i + 1 < families.size() ? ",\n" : "\n");
        }
        text += "  ]";
    }
    text += "\n}\n";
    return text;
}

Vocabulary Vocabulary::from_json(std::string_view text, const std::string& source) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        throw InputError(source + ": invalid or truncated JSON at byte " + std::to_string(e.byte) +
                         " (" + e.what() + "); is this a motiftok vocab.json written completely?");
    } catch (const json::exception& e) {
        throw InputError(source + ": invalid or truncated JSON (" + std::string(e.what()) + ")");
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != kFormatName) {
        throw InputError(source + ": not a motiftok vocabulary (\"format\" is not \"" +
                         std::string(kFormatName) + "\")");
    }
    if (!j.contains("version") || !j["version"].is_number_integer()) {
        throw InputError(source + ": missing integer \"version\"");
    }
    if (j["version"] < 1 || j["version"] > kFormatVersion) {
        throw InputError(source + ": vocabulary format version " + j["version"].dump() +
                         "; this build reads versions 1 to " + std::to_string(kFormatVersion) +
                         "; re-run motiftok learn or upgrade motiftok");
    }
    Vocabulary v;
    try {
        if (j.contains("alphabet") && j["alphabet"] != "ACGTN") {
            throw InputError(source + ": alphabet " + j["alphabet"].dump() +
                             " is not supported; expected \"ACGTN\"");
        }
        const std::string strand = j.value("strand", std::string("both"));
        const auto parsed = kmer::strand_from_name(strand);
        if (!parsed) throw DataError("strand is '" + strand + "'; expected 'both' or 'forward'");
        v.strand = *parsed;
        v.motiftok_version = j.value("motiftok", std::string());
        v.options_json = j.contains("options") ? j["options"].dump() : "{}";
        if (j.contains("classes")) v.classes = j["classes"].get<std::vector<std::string>>();
        if (!j.contains("tokens") || !j["tokens"].is_array()) {
            throw InputError(source + ": missing array \"tokens\"");
        }
        const auto& list = j["tokens"];
        for (std::size_t i = 0; i < list.size(); ++i) {
            v.add_token(parse_token(list[i], i, v.classes.size(), source));
        }
        if (j.contains("families")) {
            if (!j["families"].is_array())
                throw InputError(source + ": \"families\" must be an array");
            for (std::size_t i = 0; i < j["families"].size(); ++i) {
                v.families.push_back(detail::family_from_json(j["families"][i], i, source));
            }
        }
        v.validate();
    } catch (const DataError& e) {
        throw InputError(source + ": " + e.what());
    } catch (const json::exception& e) {
        throw InputError(source + ": unexpected content (" + std::string(e.what()) + ")");
    }
    return v;
}

Vocabulary Vocabulary::load(const std::string& path) {
    return from_json(io::read_file(path, "vocabulary"), path);
}

void Vocabulary::save(const std::string& path) const {
    io::write_file_atomic(path, to_json());
}

}  // namespace motiftok::vocab
