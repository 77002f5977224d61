// The TSV and JSON ("motiftok-scores") outputs of `motiftok score`.
#include "motiftok/score/scores_file.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "motiftok/version.hpp"

namespace motiftok::score {

namespace {

std::string num(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", x);
    return buf;
}

}  // namespace

void write_scores_tsv(std::ostream& out, const kmer::KmerCounts& counts,
                      const std::vector<ScoredKmer>& rows) {
    out << "kmer\tk\tinfo_gain\tp_value\tg\toccurrences";
    for (const auto& c : counts.classes) out << "\tseqs_" << c;
    for (const auto& c : counts.classes) out << "\tlog2_enrichment_" << c;
    out << '\n';
    for (const auto& r : rows) {
        out << r.kmer() << '\t' << r.k << '\t' << num(r.info_gain) << '\t' << num(r.p_value) << '\t'
            << num(r.g) << '\t' << r.occurrences;
        for (const auto s : r.seqs_per_class) out << '\t' << s;
        for (const auto e : r.log2_enrichment) out << '\t' << num(e);
        out << '\n';
    }
}

void write_scores_json(std::ostream& out, const kmer::KmerCounts& counts,
                       const ScoreOptions& options, const std::vector<ScoredKmer>& rows) {
    const auto& o = counts.options;
    nlohmann::ordered_json j;
    j["format"] = kScoresFormatName;
    j["version"] = kScoresFormatVersion;
    j["motiftok"] = kVersion;
    j["options"] = {{"k_min", o.k_min},
                    {"k_max", o.k_max},
                    {"strand", kmer::strand_name(o.strand)},
                    {"dense_max_k", o.dense_max_k},
                    {"count_min_seqs", o.min_seqs},
                    {"min_seqs", options.min_seqs},
                    {"max_p", options.max_p},
                    {"top", options.top},
                    {"enriched_in", options.enriched_in},
                    {"pseudocount", options.pseudocount}};
    j["classes"] = counts.classes;
    j["seqs_per_class"] = counts.seqs_per_class;
    auto& arr = j["kmers"] = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
        arr.push_back({{"kmer", r.kmer()},
                       {"k", r.k},
                       {"info_gain", r.info_gain},
                       {"p_value", r.p_value},
                       {"g", r.g},
                       {"occurrences", r.occurrences},
                       {"seqs_per_class", r.seqs_per_class},
                       {"log2_enrichment", r.log2_enrichment}});
    }
    out << j.dump(1) << '\n';
}

}  // namespace motiftok::score
