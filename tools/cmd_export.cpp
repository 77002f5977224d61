// motiftok export: a vocabulary as a HuggingFace tokenizer folder, TSV, JSON or MEME motifs.

#include <map>
#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::cli {

namespace {

enum class Format { kHf, kTsv, kJson, kMeme };

const std::map<std::string, Format>& format_names() {
    static const std::map<std::string, Format> names = {{"hf", Format::kHf},
                                                        {"tsv", Format::kTsv},
                                                        {"json", Format::kJson},
                                                        {"meme", Format::kMeme}};
    return names;
}

Format parse_format(const std::string& name) {
    const auto it = format_names().find(name);
    if (it == format_names().end()) {
        throw ConfigError("--format must be one of hf, tsv, json, meme (got '" + name + "')");
    }
    return it->second;
}

struct ExportCommand {
    std::string vocab;
    Format format = Format::kHf;
    std::string output;
    bool quiet = false;
    exports::ExportOptions options;
};

void run_export(const ExportCommand& cmd) {
    io::check_outputs_not_inputs({cmd.vocab}, cmd.format == Format::kHf
                                                  ? exports::hf_output_paths(cmd.output)
                                                  : std::vector<std::string>{cmd.output});
    const vocab::Vocabulary vocabulary = vocab::Vocabulary::load(cmd.vocab);
    if (cmd.format == Format::kHf) {
        if (cmd.output == "-") {
            throw motiftok::ConfigError(
                "--format hf writes three files: give -o FOLDER or -o tokenizer.json");
        }
        exports::write_hf(vocabulary, cmd.output, cmd.options);
        info(cmd.quiet, "wrote the HuggingFace tokenizer (" + std::to_string(vocabulary.size()) +
                            " tokens + 5 special tokens) to " + cmd.output);
        return;
    }
    std::string text;
    if (cmd.format == Format::kTsv) text = exports::tsv(vocabulary);
    if (cmd.format == Format::kJson) text = exports::json_list(vocabulary);
    if (cmd.format == Format::kMeme) text = exports::meme(vocabulary, cmd.options);
    io::OutputFile out(cmd.output);
    out.stream() << text;
    out.commit();
}

}  // namespace

void setup_export(CLI::App& app) {
    auto cmd = std::make_shared<ExportCommand>();
    CLI::App* sub = app.add_subcommand(
        "export",
        "Export a vocabulary: hf = HuggingFace tokenizer folder (tokenizer.json, "
        "tokenizer_config.json, special_tokens_map.json; -o names the folder, or a path ending "
        "in .json for tokenizer.json with the other two beside it), tsv, json, or meme (MEME "
        "minimal motif format, one-hot matrices of the top tokens by information gain).");
    sub->add_option("--vocab", cmd->vocab, "vocab.json written by motiftok learn")->required();
    add_enum_option(*sub, "-f,--format", cmd->format, parse_format, "hf", "hf, tsv, json or meme")
        ->check(CLI::IsMember({"hf", "tsv", "json", "meme"}));
    sub->add_option(
           "-o,--output", cmd->output,
           "Output: a folder or .../tokenizer.json for hf; a file or '-' (stdout) otherwise")
        ->required();
    sub->add_option("--by", cmd->options.meme_unit,
                    "meme: auto (families if the vocabulary has them, else tokens), family (one "
                    "motif per family: its PWM) or token (one-hot matrix per token)")
        ->transform(CLI::CheckedTransformer(motif_units(), CLI::ignore_case));
    sub->add_option("--min-length", cmd->options.meme_min_length, "meme: shortest token exported")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--top", cmd->options.meme_top, "meme: most motifs, by information gain")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--pseudocount", cmd->options.meme_pseudocount,
                    "meme: added to each letter of a token's one-hot matrix before normalizing")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--model-max-length", cmd->options.model_max_length,
                    "hf: model_max_length in tokenizer_config.json (tokens)")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_flag("-q,--quiet", cmd->quiet, "No messages on stderr");
    sub->callback([cmd] { run_export(*cmd); });
}

}  // namespace motiftok::cli
