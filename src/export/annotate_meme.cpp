// The MEME minimal motif format reader (https://meme-suite.org/meme/doc/meme-format.html).

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <unordered_set>

#include "motiftok/error.hpp"
#include "motiftok/export/annotate.hpp"
#include "motiftok/io/output_file.hpp"

namespace motiftok::exports {

namespace {

constexpr double kRowSumTolerance = 0.01;
/// Widest motif matrix accepted (MEME motifs are tens of columns wide).
constexpr long kMaxMotifWidth = 1000000;

std::string trim(std::string_view s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

/// Parses a whole word as a finite number; false if it is not one.
bool parse_number(const std::string& word, double& value) {
    errno = 0;
    char* end = nullptr;
    value = std::strtod(word.c_str(), &end);
    return end != word.c_str() && *end == '\0' && errno == 0 && std::isfinite(value);
}

class MemeParser {
  public:
    MemeParser(std::string_view text, std::string source) : text_(text) {
        db_.source = std::move(source);
    }

    MotifDb run() {
        std::string line;
        bool header = false;
        while (next_line(line)) {
            if (line.empty()) continue;
            if (!header) {
                if (!starts_with(line, "MEME version")) {
                    fail("expected the header 'MEME version 4' (is this a MEME motif file?)");
                }
                header = true;
                continue;
            }
            if (starts_with(line, "ALPHABET")) {
                alphabet(line);
            } else if (starts_with(line, "MOTIF")) {
                motif(line);
            } else if (starts_with(line, "letter-probability matrix")) {
                matrix(line);
            }  // strands:, Background letter frequencies (+ its values), URL, ...: not needed
        }
        if (!header) {
            throw InputError(db_.source +
                             ": empty file; expected a MEME motif file ('MEME "
                             "version 4' header)");
        }
        finish_motif();
        if (db_.motifs.empty()) fail("no MOTIF in the file");
        return std::move(db_);
    }

  private:
    bool next_line(std::string& line) {
        if (pos_ >= text_.size()) return false;
        std::size_t end = text_.find('\n', pos_);
        if (end == std::string_view::npos) end = text_.size();
        line = trim(text_.substr(pos_, end - pos_));
        pos_ = end + 1;
        ++line_no_;
        return true;
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw InputError(db_.source + ": line " + std::to_string(line_no_) + ": " + what);
    }

    void alphabet(std::string line) {
        for (char& c : line) c = c == '=' ? ' ' : c;
        const auto w = words(line);
        if (w.size() != 2 || w[1] != "ACGT") {
            fail("alphabet '" + trim(line.substr(8)) +
                 "' is not supported; only ALPHABET= ACGT (DNA)");
        }
    }

    void motif(const std::string& line) {
        finish_motif();
        const auto w = words(line);
        if (w.size() < 2) fail("MOTIF without an id");
        if (!ids_.insert(w[1]).second) fail("duplicate motif id '" + w[1] + "'");
        Motif m;
        m.id = w[1];
        if (w.size() > 2) m.name = w[2];
        m.line = line_no_;
        db_.motifs.push_back(std::move(m));
        open_ = true;
    }

    void finish_motif() {
        if (open_ && db_.motifs.back().probs.empty()) {
            throw InputError(db_.source + ": line " + std::to_string(db_.motifs.back().line) +
                             ": motif '" + db_.motifs.back().id +
                             "' has no letter-probability matrix");
        }
        open_ = false;
    }

    /// "letter-probability matrix: alength= 4 w= 6 nsites= 20 E= 0", keys in any order.
    void matrix(const std::string& line) {
        if (!open_) fail("letter-probability matrix before any MOTIF line");
        Motif& m = db_.motifs.back();
        if (!m.probs.empty()) fail("second letter-probability matrix for motif '" + m.id + "'");
        std::string rest =
            line.substr(line.find(':') == std::string::npos ? line.size() : line.find(':') + 1);
        for (char& c : rest) c = c == '=' ? ' ' : c;
        const auto w = words(rest);
        long width = -1;
        for (std::size_t i = 0; i + 1 < w.size(); i += 2) {
            double v = 0.0;
            const bool ok = parse_number(w[i + 1], v);
            if (w[i] == "w") {
                // The upper limit keeps the cast defined (found by tools/fuzz: w= 1.5e90).
                if (!ok || v < 1 || v != std::floor(v) || v > kMaxMotifWidth) {
                    fail("w= must be a positive integer up to " + std::to_string(kMaxMotifWidth));
                }
                width = static_cast<long>(v);
            } else if (w[i] == "alength" && (!ok || v != 4)) {
                fail("alength= must be 4 for the ACGT alphabet (got '" + w[i + 1] + "')");
            }
        }
        if (width < 1) fail("letter-probability matrix of motif '" + m.id + "' without w=");
        for (long r = 0; r < width; ++r) m.probs.push_back(row(m, r, width));
    }

    std::array<double, 4> row(const Motif& m, long r, long width) {
        std::string line;
        do {
            if (!next_line(line)) {
                fail("motif '" + m.id + "': end of file after " + std::to_string(r) + " of " +
                     std::to_string(width) + " matrix rows");
            }
        } while (line.empty());
        const auto w = words(line);
        std::array<double, 4> p{};
        if (w.size() != 4) {
            fail("motif '" + m.id + "', matrix row " + std::to_string(r + 1) + " of " +
                 std::to_string(width) + ": expected 4 probabilities, found " +
                 std::to_string(w.size()) + " fields ('" + line + "')");
        }
        double sum = 0.0;
        for (int b = 0; b < 4; ++b) {
            if (!parse_number(w[b], p[b]) || p[b] < 0.0 || p[b] > 1.0) {
                fail("motif '" + m.id + "', matrix row " + std::to_string(r + 1) + ": '" + w[b] +
                     "' is not a probability in [0, 1]");
            }
            sum += p[b];
        }
        if (std::fabs(sum - 1.0) > kRowSumTolerance) {
            std::ostringstream s;
            s << "motif '" << m.id << "', matrix row " << r + 1 << ": probabilities sum to " << sum
              << ", not 1 (tolerance " << kRowSumTolerance << ")";
            fail(s.str());
        }
        for (double& x : p) x /= sum;
        return p;
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_no_ = 0;
    bool open_ = false;  ///< a MOTIF line was read and its matrix is still due
    std::unordered_set<std::string> ids_;
    MotifDb db_;
};

}  // namespace

MotifDb parse_meme(std::string_view text, const std::string& source) {
    return MemeParser(text, source).run();
}

MotifDb load_meme(const std::string& path) {
    return parse_meme(io::read_file(path, "motif file"), path);
}

}  // namespace motiftok::exports
