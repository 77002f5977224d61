// Readers of the JSON inputs of `motiftok report`: predict's --metrics and --explain, evaluate's
// --json, and the fields of vocab.json that the logos need (families from version 2).
#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/report/html.hpp"
#include "motiftok/report/inputs.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::report {
namespace {

using nlohmann::json;

json parse_json(std::string_view text, const std::string& source, const std::string& what) {
    try {
        return json::parse(text);
    } catch (const json::exception& e) {
        throw InputError(source + ": not valid JSON (" + e.what() + "); expected " + what);
    }
}

std::string value_text(const json& v) {
    if (v.is_null()) return "NA";
    if (v.is_number()) return format_number(v.get<double>(), 4);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_array()) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + value_text(x);
        return s;
    }
    return v.dump();
}

double number_or_nan(const json& v) {
    return v.is_number() ? v.get<double>() : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_metrics(std::string_view text,
                                                               const std::string& source) {
    const std::string what = "the --metrics JSON of 'motiftok predict'";
    const nlohmann::ordered_json j = [&] {
        try {
            return nlohmann::ordered_json::parse(text);
        } catch (const json::exception& e) {
            throw InputError(source + ": not valid JSON (" + e.what() + "); expected " + what);
        }
    }();
    if (!j.is_object()) throw InputError(source + ": not a JSON object; expected " + what);
    std::vector<std::pair<std::string, std::string>> out;
    for (auto it = j.begin(); it != j.end(); ++it) out.emplace_back(it.key(), value_text(*it));
    return out;
}

std::vector<Explained> parse_explain(std::string_view text, const std::string& source) {
    std::vector<Explained> out;
    std::size_t at = 0, line_no = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(at, end - at);
        at = end + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = source + ": line " + std::to_string(line_no);
        try {
            const json j = json::parse(line);
            Explained e;
            e.id = j.at("id").get<std::string>();
            e.predicted = j.at("predicted").get<std::string>();
            e.p_predicted = j.at("p").at(e.predicted).get<double>();
            for (const auto& t : j.at("tokens")) {
                ExplainedToken tok;
                tok.start = t.at("start").get<std::size_t>();
                tok.end = t.at("end").get<std::size_t>();
                tok.token = t.at("token").get<std::string>();
                const auto& att = t.at("attention");
                double sum = 0.0;
                for (const auto& a : att) sum += a.get<double>();
                tok.attention = att.empty() ? 0.0 : sum / static_cast<double>(att.size());
                tok.delta = number_or_nan(t.at("delta"));
                if (tok.end < tok.start || tok.end - tok.start != tok.token.size()) {
                    throw InputError(where + ": token '" + tok.token + "' does not span " +
                                     std::to_string(tok.start) + ".." + std::to_string(tok.end));
                }
                e.tokens.push_back(std::move(tok));
            }
            out.push_back(std::move(e));
        } catch (const json::exception& e) {
            throw InputError(where + ": not an explanation of 'motiftok predict --explain' (" +
                             e.what() + ")");
        }
    }
    return out;
}

namespace detail {

std::vector<EvaluateRow> parse_evaluate_json(std::string_view text, const std::string& source) {
    const std::string what = "the --json output of 'motiftok evaluate'";
    const json j = parse_json(text, source, what);
    const json* rows = &j;
    if (j.is_object()) {
        if (!j.contains("rows")) throw InputError(source + ": no \"rows\"; expected " + what);
        rows = &j.at("rows");
    }
    if (!rows->is_array())
        throw InputError(source + ": \"rows\" is not an array; expected " + what);
    std::vector<EvaluateRow> out;
    for (std::size_t i = 0; i < rows->size(); ++i) {
        const json& r = (*rows)[i];
        try {
            out.push_back({r.at("vocabulary").get<std::string>(), r.at("axis").get<std::string>(),
                           r.at("metric").get<std::string>(), value_text(r.at("value"))});
        } catch (const json::exception& e) {
            throw InputError(source + ": row " + std::to_string(i + 1) + ": " + e.what() +
                             "; expected " + what);
        }
    }
    return out;
}

}  // namespace detail

VocabSummary parse_vocab_summary(std::string_view text, const std::string& source) {
    const std::string what = "a vocab.json of 'motiftok learn'";
    const json j = parse_json(text, source, what);
    try {
        if (j.at("format").get<std::string>() != vocab::kFormatName) {
            throw InputError(source + ": format is not '" + vocab::kFormatName + "'; expected " +
                             what);
        }
        const int version = j.at("version").get<int>();
        if (version < 1 || version > 2) {
            throw InputError(source + ": vocab.json version " + std::to_string(version) +
                             " is not supported (the report reads 1 and 2); upgrade motiftok");
        }
        VocabSummary v;
        v.strand = kmer::strand_from_name(j.value("strand", std::string("both")))
                       .value_or(kmer::Strand::kForward);  // only "both" is closed
        for (const auto& t : j.at("tokens")) {
            LogoToken tok;
            tok.id = t.at("id").get<std::int64_t>();
            tok.token = t.at("token").get<std::string>();
            tok.info_gain = t.at("info_gain").get<double>();
            tok.score = t.at("score").get<double>();
            tok.in_family = t.value("family", -1) >= 0;
            if (tok.id != static_cast<std::int64_t>(v.tokens.size())) {
                throw InputError(source + ": token '" + tok.token + "' has id " +
                                 std::to_string(tok.id) + ", expected " +
                                 std::to_string(v.tokens.size()) + " (ids are 0, 1, 2, ...)");
            }
            v.tokens.push_back(std::move(tok));
        }
        for (const auto& f : j.value("families", json::array())) {
            Family fam;
            fam.id = f.at("id").get<std::int64_t>();
            fam.name = f.value("name", "F" + std::to_string(fam.id));
            fam.seed = f.at("seed").get<std::int64_t>();
            fam.members = f.value("members", json::array()).size();
            for (const auto& row : f.at("pwm")) fam.pwm.push_back(row.get<std::array<double, 4>>());
            if (fam.seed < 0 || fam.seed >= static_cast<std::int64_t>(v.tokens.size()) ||
                fam.pwm.empty()) {
                throw InputError(source + ": family " + std::to_string(fam.id) +
                                 " has no matrix or an unknown seed token");
            }
            v.families.push_back(std::move(fam));
        }
        return v;
    } catch (const json::exception& e) {
        throw InputError(source + ": " + e.what() + "; expected " + what);
    }
}

VocabSummary summarize(const vocab::Vocabulary& vocabulary) {
    VocabSummary v;
    v.strand = vocabulary.strand;
    for (std::size_t i = 0; i < vocabulary.size(); ++i) {
        const auto& t = vocabulary.tokens()[i];
        v.tokens.push_back({static_cast<std::int64_t>(i), t.token, t.info_gain, t.score});
    }
    return v;
}

std::vector<std::int64_t> top_tokens(const VocabSummary& vocab, std::size_t top,
                                     std::size_t min_length) {
    std::vector<std::int64_t> ids;
    for (const auto& t : vocab.tokens) {
        if (t.token.size() >= min_length && t.token.find('N') == std::string::npos) {
            ids.push_back(t.id);
        }
    }
    std::stable_sort(ids.begin(), ids.end(), [&](std::int64_t a, std::int64_t b) {
        return vocab.tokens[static_cast<std::size_t>(a)].info_gain >
               vocab.tokens[static_cast<std::size_t>(b)].info_gain;
    });
    std::vector<std::int64_t> out;
    std::set<std::string> listed;
    for (const auto id : ids) {
        if (out.size() >= top) break;
        const auto& s = vocab.tokens[static_cast<std::size_t>(id)].token;
        if (vocab.strand == kmer::Strand::kBoth && listed.count(kmer::revcomp(s)) > 0) continue;
        listed.insert(s);
        out.push_back(id);
    }
    return out;
}

}  // namespace motiftok::report
