// motiftok tokenize: best-path segmentation of FASTA/FASTQ records with a learned vocabulary.

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/tokenize/tokenize_files.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::cli {

namespace {

struct TokenizeCommand {
    CommonOptions common;
    InputOptions input;
    std::string vocab;
    tokenize::TokenizeOptions options;
};

void run_tokenize(TokenizeCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input, {cmd.vocab}), {cmd.common.output});
    const vocab::Vocabulary vocabulary = vocab::Vocabulary::load(cmd.vocab);
    const tokenize::Tokenizer tokenizer(vocabulary);
    cmd.options.threads = cmd.common.threads;
    cmd.options.strict = cmd.input.strict;
    io::OutputFile out(cmd.common.output);
    const tokenize::TokenizeReport report =
        tokenize::tokenize_files(tokenizer, cmd.input.spec.inputs, out.stream(), cmd.options);
    out.commit();
    report_read_stats(report.read_stats, cmd.common.quiet);
    info(cmd.common.quiet, "tokenized " + std::to_string(report.records) + " records, " +
                               std::to_string(report.bases) + " bp into " +
                               std::to_string(report.tokens) + " tokens (" +
                               std::to_string(vocabulary.size()) + "-token vocabulary)");
}

}  // namespace

void setup_tokenize(CLI::App& app) {
    auto cmd = std::make_shared<TokenizeCommand>();
    CLI::App* sub = app.add_subcommand(
        "tokenize",
        "Segment every record into vocabulary tokens (the best path: the highest sum of token "
        "scores). The tokens of a record always concatenate to the record (upper-cased; N and "
        "other codes as the token N). Output keeps input order for any thread count.");
    sub->add_option("--vocab", cmd->vocab, "vocab.json written by motiftok learn")->required();
    add_input_options(*sub, cmd->input, false);
    sub->get_option("inputs")->required();
    add_enum_option(*sub, "-f,--format", cmd->options.format, tokenize::parse_format,
                    tokenize::format_name(cmd->options.format),
                    "tokens: id<TAB>tokens; ids: id<TAB>token ids; jsonl: "
                    "{\"id\",\"tokens\",\"ids\"} per line; bed: seqid start end token score")
        ->check(CLI::IsMember({"tokens", "ids", "jsonl", "bed"}));
    add_common_options(*sub, cmd->common, false);
    sub->callback([cmd] { run_tokenize(*cmd); });
}

}  // namespace motiftok::cli
