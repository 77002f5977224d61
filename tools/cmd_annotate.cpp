// motiftok annotate: name a vocabulary's tokens after known motifs (a MEME file such as JASPAR).

#include <memory>
#include <sstream>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/export/annotate.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::cli {

namespace {

struct AnnotateCommand {
    CommonOptions common;
    std::string vocab;
    std::string motifs;
    exports::AnnotateOptions options;
    exports::MotifUnit unit = exports::MotifUnit::Auto;
};

void run_annotate(AnnotateCommand& cmd) {
    io::check_outputs_not_inputs({cmd.vocab, cmd.motifs}, {cmd.common.output});
    cmd.options.threads = cmd.common.threads;
    const vocab::Vocabulary vocabulary = vocab::Vocabulary::load(cmd.vocab);
    const exports::MotifDb db = exports::load_meme(cmd.motifs);
    const bool families = cmd.unit == exports::MotifUnit::Family ||
                          (cmd.unit == exports::MotifUnit::Auto && !vocabulary.families.empty());
    if (families && vocabulary.families.empty()) {
        throw ConfigError(cmd.vocab + " has no motif families; use --by token");
    }
    const auto annotations = families ? exports::annotate_families(vocabulary, db, cmd.options)
                                      : exports::annotate(vocabulary, db, cmd.options);
    io::OutputFile out(cmd.common.output);
    out.stream() << (families
                         ? exports::family_annotation_tsv(vocabulary, db, annotations, cmd.options)
                         : exports::annotation_tsv(vocabulary, db, annotations, cmd.options));
    out.commit();
    std::ostringstream max_p;
    max_p << cmd.options.max_p;
    std::size_t matched = 0;
    for (const auto& a : annotations) matched += a.matches.empty() ? 0 : 1;
    info(cmd.common.quiet,
         "annotated " + std::to_string(annotations.size()) + (families ? " families" : " tokens") +
             " against " + std::to_string(db.motifs.size()) + " motifs; " +
             std::to_string(matched) + " with a match of adjusted p <= " + max_p.str());
}

}  // namespace

void setup_annotate(CLI::App& app) {
    auto cmd = std::make_shared<AnnotateCommand>();
    CLI::App* sub = app.add_subcommand(
        "annotate",
        "Name tokens after known motifs: for each token (by decreasing info_gain) the "
        "best-matching motifs of a MEME file (e.g. JASPAR) over all offsets and both strands, "
        "with log-odds score, normalized score, exact p-value and Bonferroni-adjusted p-value. "
        "TSV, one row per match, tokens by decreasing info_gain.");
    sub->add_option("--vocab", cmd->vocab, "vocab.json written by motiftok learn")->required();
    sub->add_option("--motifs", cmd->motifs, "Motif database in MEME minimal format")->required();
    sub->add_option("--by", cmd->unit,
                    "auto (families if the vocabulary has them, else tokens), family (a row per "
                    "motif family, by its PWM's core consensus) or token")
        ->transform(CLI::CheckedTransformer(motif_units(), CLI::ignore_case));
    sub->add_option("--top", cmd->options.top,
                    "Annotate the top N tokens by info_gain, or the first N families (0 = all)")
        ->capture_default_str();
    sub->add_option("--min-length", cmd->options.min_length, "Shortest token annotated")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--max-p", cmd->options.max_p,
                    "Report matches with Bonferroni-adjusted p-value <= P (1 = always the best)")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    sub->add_option("--matches", cmd->options.matches, "Best motifs reported per token")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--max-overhang", cmd->options.max_overhang,
                    "Alignments cover >= min(token length, motif width) - this many positions")
        ->capture_default_str();
    sub->add_option("--pseudocount", cmd->options.pseudocount,
                    "Added to each motif probability before renormalizing (> 0)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    add_common_options(*sub, cmd->common, false);
    sub->callback([cmd] { run_annotate(*cmd); });
}

}  // namespace motiftok::cli
