// motiftok evaluate: vocabularies side by side on expressiveness, compression, alignment and
// interpretability (module evaluate; docs/evaluate.md).

#include <memory>
#include <set>

#include "classifier_options.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "flags.hpp"
#include "motiftok/error.hpp"
#include "motiftok/evaluate/evaluate.hpp"
#include "motiftok/io/output_file.hpp"

namespace motiftok::cli {

namespace {

struct EvaluateCommand {
    CommonOptions common;
    InputOptions input;
    std::vector<std::string> vocabs;
    std::vector<std::string> baselines;
    std::string motifs;
    std::string write_train;
    bool json = false;
    evaluate::EvaluateOptions eval;
    std::vector<std::string> problems;  // found while parsing (--lattice)
};

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Row names: the file name, or the path as given when two files share a file name.
std::vector<std::string> vocab_names(const std::vector<std::string>& paths) {
    std::vector<std::string> names;
    std::multiset<std::string> seen;
    for (const auto& p : paths) seen.insert(base_name(p));
    for (const auto& p : paths) names.push_back(seen.count(base_name(p)) > 1 ? p : base_name(p));
    return names;
}

// --write-train PREFIX: the training part as one FASTA per class, PREFIX.<class>.fa (what
// `learn -c CLASS=FILE` reads; ids may repeat as in the input).
void write_training_part(const io::Dataset& train, const std::string& prefix, bool quiet) {
    std::vector<std::unique_ptr<io::OutputFile>> files;
    for (const auto& c : train.classes) {
        files.push_back(std::make_unique<io::OutputFile>(prefix + "." + c + ".fa"));
    }
    for (std::size_t i = 0; i < train.records.size(); ++i) {
        const auto& r = train.records[i];
        files[static_cast<std::size_t>(train.labels[i])]->stream() << '>' << r.id << '\n'
                                                                   << r.seq << '\n';
    }
    for (auto& f : files) f->commit();
    info(quiet, "wrote the training part (" + std::to_string(train.records.size()) +
                    " sequences) to " + prefix + ".<class>.fa");
}

void run_evaluate(EvaluateCommand& cmd) {
    auto& o = cmd.eval;
    o.seed = cmd.common.seed;
    o.threads = cmd.common.threads;
    std::vector<evaluate::Baseline> baselines;
    for (const auto& b : cmd.baselines) baselines.push_back(evaluate::parse_baseline(b));
    auto problems = o.problems();  // before any I/O, all at once
    problems.insert(problems.end(), cmd.problems.begin(), cmd.problems.end());
    throw_if_problems(problems);
    if (cmd.vocabs.empty() && baselines.empty() && cmd.write_train.empty()) {
        throw ConfigError("nothing to evaluate: give --vocab FILE and/or --baseline");
    }
    std::vector<std::string> extra = cmd.vocabs;
    extra.push_back(cmd.motifs);
    io::check_outputs_not_inputs(input_paths(cmd.input, extra), {cmd.common.output});
    for (const auto& v : cmd.vocabs) io::require_readable(v, "vocabulary");
    if (!cmd.motifs.empty()) io::require_readable(cmd.motifs, "motif file");
    const bool quiet = cmd.common.quiet;
    const io::Dataset data = load_inputs(cmd.input, quiet);
    if (!cmd.write_train.empty()) {
        write_training_part(evaluate::training_part(data, o), cmd.write_train, quiet);
        return;
    }
    std::vector<evaluate::Candidate> candidates;
    const auto names = vocab_names(cmd.vocabs);
    for (std::size_t i = 0; i < cmd.vocabs.size(); ++i) {
        candidates.push_back(evaluate::load_candidate(cmd.vocabs[i], names[i]));
    }
    std::unique_ptr<exports::MotifDb> motifs;
    if (!cmd.motifs.empty())
        motifs = std::make_unique<exports::MotifDb>(exports::load_meme(cmd.motifs));
    const auto rows = evaluate::evaluate_vocabularies(
        data, candidates, baselines, motifs.get(), o,
        [quiet](const std::string& m) { info(quiet, with_flags(m)); });
    io::OutputFile out(cmd.common.output);
    out.stream() << (cmd.json ? evaluate::rows_json(rows) : evaluate::rows_tsv(rows));
    out.commit();
    info(quiet, "wrote " + std::to_string(rows.size()) + " rows to " + cmd.common.output);
}

}  // namespace

void setup_evaluate(CLI::App& app) {
    auto cmd = std::make_shared<EvaluateCommand>();
    CLI::App* sub = app.add_subcommand(
        "evaluate",
        "Compare vocabularies on held-out labeled sequences: expressiveness, compression, "
        "alignment with known motifs, interpretability; writes a TSV (or --json)");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, true);
    auto& o = cmd->eval;
    sub->add_option("--vocab", cmd->vocabs,
                    "vocab.json, or a HuggingFace tokenizer.json (Unigram, BPE, WordPiece); "
                    "repeatable. Used as is: it must not have been learned on the test part");
    sub->add_option("--baseline", cmd->baselines,
                    "Built-in vocabularies: unigram (learned per training part with --ig-weight "
                    "0, size of the first --vocab), kmer6, bases")
        ->delimiter(',');
    sub->add_option("--test-frac", o.test_frac, "Share of each class held out (one split)")
        ->capture_default_str();
    sub->add_option("--folds", o.folds,
                    "Stratified K-fold cross-validation instead (0 = one split)")
        ->capture_default_str();
    sub->add_option("--motifs", cmd->motifs,
                    "MEME motif file for the alignment axis (e.g. JASPAR)");
    sub->add_option("--top", o.top, "Alignment: top-ranked tokens (of ≥ 5 bases) annotated")
        ->capture_default_str();
    sub->add_option("--max-p", o.max_p, "Alignment: a token matches a motif at adjusted p ≤ this")
        ->capture_default_str();
    sub->add_option("--mask-top", o.mask_top, "Interpretability: top-ranked tokens masked")
        ->capture_default_str();
    sub->add_option("--mask-draws", o.mask_draws,
                    "Interpretability: random draws of as many tokens, for the control")
        ->capture_default_str();
    sub->add_flag("!--no-attention", o.attention,
                  "Skip the attention classifier (and so the interpretability axis)");
    add_enum_option(*sub, "--strand", o.unigram.strand, kmer::parse_strand,
                    kmer::strand_name(o.unigram.strand),
                    "Strand of the unigram baseline without --vocab (else the first vocab's)");
    sub->add_flag("--json", cmd->json, "Write JSON rows instead of TSV");
    sub->add_option("--write-train", cmd->write_train,
                    "Only write the training part of the split, one FASTA per class "
                    "(PREFIX.<class>.fa), to learn a vocabulary on it alone; then exit")
        ->excludes("--folds");
    add_classifier_options(*sub, o.classifier, cmd->problems);
    sub->callback([cmd] { run_evaluate(*cmd); });
}

}  // namespace motiftok::cli
