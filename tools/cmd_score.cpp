// motiftok score: information gain, G-test p-value and enrichment of every k-mer (TSV or JSON).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "kmer_options.hpp"
#include "labels.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"
#include "motiftok/score/info_gain.hpp"
#include "motiftok/score/scores_file.hpp"

namespace motiftok::cli {

namespace {

struct ScoreCommand {
    CommonOptions common;
    InputOptions input;
    kmer::KmerOptions kmer;
    score::ScoreOptions score;
    std::string counts_file;
    bool json = false;
    CLI::App* sub = nullptr;
};

void run_score(ScoreCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.counts_file}), {cmd.common.output});
    cmd.score.min_seqs = cmd.kmer.min_seqs;  // one --min-seqs for counting and scoring
    cmd.score.validate();
    kmer::KmerCounts counts;
    if (!cmd.counts_file.empty()) {
        if (!cmd.input.spec.inputs.empty() || !cmd.input.spec.class_specs.empty()) {
            throw ConfigError("give either --counts or sequence inputs, not both");
        }
        counts = kmer::load_counts(cmd.counts_file);
        for (const auto& lv : counts.levels) {
            if (lv.pruned && cmd.score.min_seqs < counts.options.min_seqs) {
                warn("levels above k = " + std::to_string(counts.options.dense_max_k) +
                     " were counted with --min-seqs " + std::to_string(counts.options.min_seqs) +
                     ": rarer k-mers are not in the count file");
                break;
            }
        }
        // --k-min / --k-max given with --counts select the levels to score.
        if (cmd.sub->count("--k-min") > 0) cmd.score.k_min = cmd.kmer.k_min;
        if (cmd.sub->count("--k-max") > 0) cmd.score.k_max = cmd.kmer.k_max;
    } else {
        cmd.kmer.validate();
        const io::Dataset data = load_inputs(cmd.input, cmd.common.quiet);
        require_labels(data, "information gain");
        counts = kmer::count_kmers(data, cmd.kmer, cmd.common.threads);
        report_counts(counts, cmd.common.quiet);
    }
    const auto rows = score::score_kmers(counts, cmd.score);
    info(cmd.common.quiet, "scored " + std::to_string(rows.size()) + " k-mers");
    io::OutputFile out(cmd.common.output);
    if (cmd.json) {
        score::write_scores_json(out.stream(), counts, cmd.score, rows);
    } else {
        score::write_scores_tsv(out.stream(), counts, rows);
    }
    out.commit();
}

}  // namespace

void setup_score(CLI::App& app) {
    auto cmd = std::make_shared<ScoreCommand>();
    CLI::App* sub = app.add_subcommand(
        "score",
        "Score k-mers against the class labels: information gain (bits) of 'the sequence contains "
        "it', G-test p-value, sequences and log2 enrichment per class. From sequences with labels, "
        "or from a count file. TSV sorted by information gain, or JSON.");
    cmd->sub = sub;
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    add_kmer_options(*sub, cmd->kmer);
    sub->add_option("--counts", cmd->counts_file, "Score this count file instead of sequences");
    sub->add_option("--max-p", cmd->score.max_p, "Drop k-mers with a larger G-test p-value")
        ->capture_default_str();
    sub->add_option("--top", cmd->score.top, "Keep the best N k-mers (0 = all)")
        ->capture_default_str();
    sub->add_option("--pseudocount", cmd->score.pseudocount,
                    "Added to present and total counts in log2 enrichment")
        ->capture_default_str();
    sub->add_option("--enriched-in", cmd->score.enriched_in,
                    "Keep only k-mers enriched in this class (IG also ranks depleted ones)");
    sub->add_flag("--json", cmd->json, "Write JSON instead of TSV");
    sub->callback([cmd] { run_score(*cmd); });
}

}  // namespace motiftok::cli
