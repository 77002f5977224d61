// motiftok report: one self-contained HTML page from the outputs of learn, annotate, train,
// predict and evaluate (module report).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/report/report.hpp"

namespace motiftok::cli {

namespace {

struct ReportCommand {
    CommonOptions common;
    InputOptions input;  // the labeled records predict read, for ROC and PR curves
    std::string vocab, model, metrics, predictions, explain, annotate, motifs, evaluate;
    report::ReportOptions options;
};

std::string read(const std::string& path, const std::string& what) {
    return io::read_file(path, what);
}

report::ReportData load_report_data(const ReportCommand& cmd) {
    report::ReportData data;
    auto source = [&data](const std::string& what, const std::string& path) {
        if (!path.empty()) data.sources.emplace_back(what, path);
        return !path.empty();
    };
    if (source("vocabulary", cmd.vocab)) {
        data.vocab = report::parse_vocab_summary(read(cmd.vocab, "vocabulary"), cmd.vocab);
    }
    if (source("model", cmd.model)) {
        const auto model = model::Classifier::load(cmd.model);
        data.history = model.history();
        if (!data.vocab) data.vocab = report::summarize(model.vocabulary());
    }
    if (source("motif database", cmd.motifs)) data.motifs = exports::load_meme(cmd.motifs);
    if (source("annotation", cmd.annotate)) {
        data.matches = report::parse_annotation(read(cmd.annotate, "annotation"), cmd.annotate);
    } else if (data.motifs && data.vocab) {
        data.matches = report::best_matches(*data.vocab, *data.motifs, cmd.options);
    }
    if (source("metrics", cmd.metrics)) {
        data.metrics = report::parse_metrics(read(cmd.metrics, "metrics file"), cmd.metrics);
    }
    if (source("predictions", cmd.predictions)) {
        data.predictions =
            report::parse_predictions(read(cmd.predictions, "predictions"), cmd.predictions);
        const io::Dataset labeled = load_inputs(cmd.input, cmd.common.quiet);
        if (!labeled.labeled()) {
            throw ConfigError(
                "--predictions needs the labeled records predict read: give "
                "--class NAME=FILE or --labels, in predict's order");
        }
        data.labels = report::match_labels(data.predictions, labeled, cmd.predictions);
    }
    if (source("explanations", cmd.explain)) {
        data.explained = report::parse_explain(read(cmd.explain, "explanations"), cmd.explain);
    }
    if (source("evaluation", cmd.evaluate)) {
        data.evaluate = report::parse_evaluate(read(cmd.evaluate, "evaluation"), cmd.evaluate);
    }
    return data;
}

void run_report(ReportCommand& cmd) {
    cmd.options.threads = cmd.common.threads;
    if (cmd.vocab.empty() && cmd.model.empty() && cmd.metrics.empty() && cmd.predictions.empty() &&
        cmd.explain.empty() && cmd.evaluate.empty()) {
        throw ConfigError(
            "nothing to report: give at least one of --vocab, --model, --metrics, "
            "--predictions, --explain, --evaluate");
    }
    if (!cmd.annotate.empty() && cmd.vocab.empty() && cmd.model.empty()) {
        throw ConfigError("--annotate names tokens of a vocabulary: give --vocab or --model too");
    }
    io::check_outputs_not_inputs(
        input_paths(cmd.input, {cmd.vocab, cmd.model, cmd.metrics, cmd.predictions, cmd.explain,
                                cmd.annotate, cmd.motifs, cmd.evaluate}),
        {cmd.common.output});
    const report::ReportData data = load_report_data(cmd);
    io::OutputFile out(cmd.common.output);
    out.stream() << report::render_report(data, cmd.options);
    out.commit();
    info(cmd.common.quiet, "wrote the report to " + cmd.common.output);
}

}  // namespace

void setup_report(CLI::App& app) {
    auto cmd = std::make_shared<ReportCommand>();
    CLI::App* sub = app.add_subcommand(
        "report",
        "One self-contained HTML page (inline SVG and CSS, nothing loaded at view time): logos "
        "of the top tokens with their best known motif, ROC and PR curves, training curves, "
        "the evaluate table, attention and ablation tracks");
    sub->add_option("--vocab", cmd->vocab, "vocab.json (logos of its top tokens or families)");
    sub->add_option("--model", cmd->model,
                    "model.bin (training curves; its vocabulary when --vocab is not given)");
    sub->add_option("--predictions", cmd->predictions,
                    "predict's TSV; with the labeled inputs predict read (--class/--labels, same "
                    "order) for ROC and PR curves");
    sub->add_option("--metrics", cmd->metrics, "predict's --metrics JSON");
    sub->add_option("--explain", cmd->explain, "predict's --explain JSONL (tracks)");
    sub->add_option("--annotate", cmd->annotate, "annotate's TSV (best known motif per token)");
    sub->add_option("--motifs", cmd->motifs,
                    "MEME motif file (e.g. JASPAR): logos of the matched motifs; annotates the "
                    "top tokens itself when --annotate is not given");
    sub->add_option("--evaluate", cmd->evaluate, "evaluate's TSV or --json output");
    sub->add_option("--top", cmd->options.top, "Logos of this many tokens or families")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--min-length", cmd->options.min_length, "Shortest token with a logo")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    sub->add_option("--tracks", cmd->options.tracks, "Explained sequences drawn as tracks")
        ->capture_default_str();
    sub->add_option("--title", cmd->options.title, "Page title")->capture_default_str();
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    sub->callback([cmd] { run_report(*cmd); });
}

}  // namespace motiftok::cli
