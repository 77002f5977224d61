// Readers of the TSV inputs of `motiftok report`: predict's predictions, annotate's matches,
// evaluate's rows; and matching predictions to the labels of the records predict read.
#include <cstdlib>
#include <sstream>

#include "motiftok/error.hpp"
#include "motiftok/report/inputs.hpp"

namespace motiftok::report {
namespace {

[[noreturn]] void fail(const std::string& source, std::size_t line, const std::string& what) {
    throw InputError(source + ": line " + std::to_string(line) + ": " + what);
}

// The lines of `text` without '\r', each cut at tabs; skips empty lines and '#' lines. Keeps
// each row's 1-based line number. The first row is the header; fails if there is none
// (`what`: the file expected).
struct Row {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

std::vector<Row> tsv_rows(std::string_view text, const std::string& source,
                          const std::string& what) {
    std::vector<Row> rows;
    std::size_t line_no = 0, at = 0;
    while (at < text.size()) {
        auto end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string line(text.substr(at, end - at));
        at = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        Row row{line_no, {}};
        std::size_t from = 0;
        while (true) {
            const auto tab = line.find('\t', from);
            row.fields.push_back(line.substr(from, tab - from));
            if (tab == std::string::npos) break;
            from = tab + 1;
        }
        rows.push_back(std::move(row));
    }
    if (rows.empty()) throw InputError(source + ": empty; expected " + what);
    return rows;
}

// Fails unless `row` has as many columns as `header`.
void check_width(const Row& row, const Row& header, const std::string& source) {
    if (row.fields.size() != header.fields.size()) {
        fail(source, row.line,
             std::to_string(row.fields.size()) + " columns, the header has " +
                 std::to_string(header.fields.size()));
    }
}

double parse_double(const std::string& s, const std::string& source, std::size_t line) {
    char* end = nullptr;
    const double x = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) fail(source, line, "'" + s + "' is not a number");
    return x;
}

// Column index of `name` in `header`, or fails naming the file and the missing column.
std::size_t column(const Row& header, const std::string& name, const std::string& source,
                   const std::string& what) {
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        if (header.fields[c] == name) return c;
    }
    fail(source, header.line, "no column '" + name + "'; expected " + what);
}

}  // namespace

Predictions parse_predictions(std::string_view text, const std::string& source) {
    const std::string what = "the TSV of 'motiftok predict' (id, predicted, p_<class>...)";
    const auto rows = tsv_rows(text, source, what);
    const Row& header = rows[0];
    if (header.fields.size() < 4 || header.fields[0] != "id" || header.fields[1] != "predicted") {
        fail(source, header.line, "header is not 'id predicted p_<class>...'; expected " + what);
    }
    Predictions p;
    for (std::size_t c = 2; c < header.fields.size(); ++c) {
        if (header.fields[c].rfind("p_", 0) != 0) {
            fail(source, header.line, "column '" + header.fields[c] + "' is not p_<class>");
        }
        p.classes.push_back(header.fields[c].substr(2));
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Row& row = rows[r];
        check_width(row, header, source);
        p.ids.push_back(row.fields[0]);
        std::vector<double> probs;
        for (std::size_t c = 2; c < row.fields.size(); ++c) {
            probs.push_back(parse_double(row.fields[c], source, row.line));
        }
        p.probs.push_back(std::move(probs));
    }
    if (p.ids.empty()) throw InputError(source + ": no predictions; expected " + what);
    return p;
}

std::vector<std::int32_t> match_labels(const Predictions& predictions, const io::Dataset& data,
                                       const std::string& source) {
    if (data.records.size() != predictions.ids.size()) {
        throw DataError(source + ": " + std::to_string(predictions.ids.size()) +
                        " predictions but " + std::to_string(data.records.size()) +
                        " labeled records; give the inputs that predict read, in the same order");
    }
    std::vector<std::int32_t> class_of(data.classes.size(), -1);
    for (std::size_t c = 0; c < data.classes.size(); ++c) {
        for (std::size_t k = 0; k < predictions.classes.size(); ++k) {
            if (predictions.classes[k] == data.classes[c])
                class_of[c] = static_cast<std::int32_t>(k);
        }
    }
    std::vector<std::int32_t> labels(data.records.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (data.records[i].id != predictions.ids[i]) {
            throw DataError(source + ": prediction " + std::to_string(i + 1) + " is for '" +
                            predictions.ids[i] + "' but record " + std::to_string(i + 1) +
                            " of the labeled inputs is '" + data.records[i].id +
                            "'; give the inputs that predict read, in the same order");
        }
        const auto y = static_cast<std::size_t>(data.labels[i]);
        if (class_of[y] < 0) {
            throw DataError(source + ": class '" + data.classes[y] +
                            "' has no p_<class> column in the predictions");
        }
        labels[i] = class_of[y];
    }
    return labels;
}

std::map<std::int64_t, MotifMatch> parse_annotation(std::string_view text,
                                                    const std::string& source) {
    const std::string what = "the TSV of 'motiftok annotate'";
    const auto rows = tsv_rows(text, source, what);
    const Row& h = rows[0];
    const auto c_id = column(h, "token_id", source, what);
    const auto c_rank = column(h, "match_rank", source, what);
    const auto c_motif = column(h, "motif_id", source, what);
    const auto c_name = column(h, "motif_name", source, what);
    const auto c_strand = column(h, "strand", source, what);
    const auto c_offset = column(h, "offset", source, what);
    const auto c_p = column(h, "p_adjusted", source, what);
    std::map<std::int64_t, MotifMatch> best;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Row& row = rows[r];
        check_width(row, h, source);
        if (row.fields[c_rank] != "1") continue;  // no match, or not the best one
        MotifMatch m;
        m.motif_id = row.fields[c_motif];
        m.motif_name = row.fields[c_name];
        m.strand = row.fields[c_strand] == "-" ? '-' : '+';
        m.offset = static_cast<int>(parse_double(row.fields[c_offset], source, row.line));
        m.p_adjusted = parse_double(row.fields[c_p], source, row.line);
        const auto id = static_cast<std::int64_t>(parse_double(row.fields[c_id], source, row.line));
        best.emplace(id, m);
    }
    return best;
}

std::vector<EvaluateRow> parse_evaluate(std::string_view text, const std::string& source) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
        return detail::parse_evaluate_json(text, source);
    }
    const std::string what = "the output of 'motiftok evaluate' (vocabulary axis metric value)";
    const auto rows = tsv_rows(text, source, what);
    const Row& h = rows[0];
    const std::size_t c[4] = {column(h, "vocabulary", source, what),
                              column(h, "axis", source, what), column(h, "metric", source, what),
                              column(h, "value", source, what)};
    std::vector<EvaluateRow> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const Row& row = rows[r];
        check_width(row, h, source);
        out.push_back({row.fields[c[0]], row.fields[c[1]], row.fields[c[2]], row.fields[c[3]]});
    }
    return out;
}

}  // namespace motiftok::report
