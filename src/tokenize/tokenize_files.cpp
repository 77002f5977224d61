#include "motiftok/tokenize/tokenize_files.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "motiftok/error.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace motiftok::tokenize {

namespace {

constexpr std::size_t kFlushBytes = std::size_t{4} << 20;
constexpr std::size_t kMaxBatchRecords = 65536;
constexpr std::size_t kSerialBatchBases = std::size_t{1} << 20;

template <typename T>
void append_number(std::string& out, T value) {
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

void append_json_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", u);
            out += buf;
        } else {
            out += c;
        }
    }
    out += '"';
}

/// The decimal text of an id, padded to 8 bytes so it is copied with one fixed-size memcpy.
struct IdText {
    char text[8];
    std::uint32_t len;
};

/// The texts of ids 0..count-1 (they depend on nothing else), built once per thread and grown.
const IdText* id_texts(std::size_t count) {
    thread_local std::vector<IdText> table;
    if (table.size() < count) {
        for (std::size_t id = table.size(); id < count; ++id) {
            IdText t{};
            const auto res = std::to_chars(t.text, t.text + sizeof t.text, id);
            if (res.ec != std::errc())
                throw ConfigError("tokenize: too many tokens for the ids format");
            t.len = static_cast<std::uint32_t>(res.ptr - t.text);
            table.push_back(t);
        }
    }
    return table.data();
}

/// Formats one record's tokens, block by block, in one of the output formats.
class RecordWriter {
  public:
    RecordWriter(const Tokenizer& tok, OutputFormat format, std::string_view id, std::string& out)
        : tok_(tok), format_(format), id_(id), out_(out) {}

    void begin() {
        if (format_ == OutputFormat::kTokens || format_ == OutputFormat::kIds) {
            out_ += id_;
            out_ += '\t';
        } else if (format_ == OutputFormat::kJsonl) {
            out_ += "{\"id\":";
            append_json_string(out_, id_);
            out_ += ",\"tokens\":[";
        }
    }
    /// Adds tokens; for jsonl the token strings (the first pass).
    void add(const Span* spans, std::size_t n) {
        if (format_ == OutputFormat::kIds) {
            add_id_text(spans, n, ' ');
            tokens_ += n;
            return;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const Span& s = spans[i];
            switch (format_) {
                case OutputFormat::kTokens:
                    if (!first_) out_ += ' ';
                    out_ += tok_.token(s.id);
                    break;
                case OutputFormat::kIds:
                    if (!first_) out_ += ' ';
                    append_number(out_, s.id);
                    break;
                case OutputFormat::kJsonl:
                    if (!first_) out_ += ',';
                    out_ += '"';
                    out_ += tok_.token(s.id);
                    out_ += '"';
                    break;
                case OutputFormat::kBed:
                    out_ += id_;
                    out_ += '\t';
                    append_number(out_, s.start);
                    out_ += '\t';
                    append_number(out_, s.end);
                    out_ += '\t';
                    out_ += tok_.token(s.id);
                    out_ += '\t';
                    append_number(out_, tok_.score(s.id));
                    out_ += '\n';
                    break;
            }
            first_ = false;
        }
        tokens_ += n;
    }
    /// jsonl only: ends the token list and starts the id list.
    void middle() {
        out_ += "],\"ids\":[";
        first_ = true;
    }
    /// jsonl only: adds ids (the second pass).
    void add_ids(const Span* spans, std::size_t n) { add_id_text(spans, n, ','); }
    void end() {
        if (format_ == OutputFormat::kTokens || format_ == OutputFormat::kIds) out_ += '\n';
        if (format_ == OutputFormat::kJsonl) out_ += "]}\n";
    }
    std::uint64_t tokens() const { return tokens_; }

  private:
    /// Appends the ids separated by `sep` (also before the first unless it starts the list):
    /// one fixed 8-byte copy per id into space reserved up front.
    void add_id_text(const Span* spans, std::size_t n, char sep) {
        if (n == 0) return;
        const IdText* texts = id_texts(tok_.size());
        const std::size_t old = out_.size();
        out_.resize(old + 1 + n * (sizeof(IdText::text) + 1));
        char* const base = &out_[0];
        char* p = base + old;
        *p = sep;
        p += first_ ? 0 : 1;
        for (std::size_t i = 0; i < n; ++i) {
            const IdText& t = texts[static_cast<std::size_t>(spans[i].id)];
            std::memcpy(p, t.text, sizeof t.text);
            p += t.len;
            *p++ = sep;
        }
        out_.resize(static_cast<std::size_t>(p - 1 - base));  // drop the last separator
        first_ = false;
    }

    const Tokenizer& tok_;
    OutputFormat format_;
    std::string_view id_;
    std::string& out_;
    bool first_ = true;
    std::uint64_t tokens_ = 0;
};

void write(std::ostream& out, std::string& text) {
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw InputError("cannot write the output (disk full or closed pipe?)");
    text.clear();
}

/// A long record: tokenized alone, its output flushed as it grows (jsonl runs the DP twice,
/// once for the tokens and once for the ids, rather than holding either list).
std::uint64_t stream_record(const Tokenizer& tok, const io::Record& rec, OutputFormat format,
                            std::ostream& out) {
    std::string text;
    RecordWriter writer(tok, format, rec.id, text);
    writer.begin();
    tok.encode_stream(rec.seq, [&](const Span* s, std::size_t n) {
        writer.add(s, n);
        if (text.size() > kFlushBytes) write(out, text);
    });
    if (format == OutputFormat::kJsonl) {
        writer.middle();
        tok.encode_stream(rec.seq, [&](const Span* s, std::size_t n) {
            writer.add_ids(s, n);
            if (text.size() > kFlushBytes) write(out, text);
        });
    }
    writer.end();
    write(out, text);
    return writer.tokens();
}

}  // namespace

OutputFormat parse_format(const std::string& name) {
    if (name == "tokens") return OutputFormat::kTokens;
    if (name == "ids") return OutputFormat::kIds;
    if (name == "jsonl") return OutputFormat::kJsonl;
    if (name == "bed") return OutputFormat::kBed;
    throw ConfigError("--format must be one of tokens, ids, jsonl, bed (got '" + name + "')");
}

std::uint64_t format_record(const Tokenizer& tokenizer, std::string_view id, std::string_view seq,
                            OutputFormat format, std::string& out) {
    RecordWriter writer(tokenizer, format, id, out);
    writer.begin();
    if (format != OutputFormat::kJsonl) {  // one pass: format the blocks as they come
        tokenizer.encode_stream(seq, [&writer](const Span* s, std::size_t n) { writer.add(s, n); });
        writer.end();
        return writer.tokens();
    }
    thread_local std::vector<Span> spans;
    tokenizer.encode_spans(seq, spans);
    writer.add(spans.data(), spans.size());
    if (format == OutputFormat::kJsonl) {
        writer.middle();
        writer.add_ids(spans.data(), spans.size());
    }
    writer.end();
    if (spans.capacity() > kMaxBatchRecords * 16) std::vector<Span>().swap(spans);
    return writer.tokens();
}

TokenizeReport tokenize_files(const Tokenizer& tokenizer, const std::vector<std::string>& inputs,
                              std::ostream& out, const TokenizeOptions& options) {
    const OutputFormat format = parse_format(options.format);
    if (options.threads < 1) throw ConfigError("--threads must be at least 1");
    TokenizeReport report;
    // Record slots are reused from batch to batch (the reader keeps their capacity), so short
    // reads cost no allocation; `used` of them hold the current batch.
    std::vector<io::Record> batch;
    std::size_t used = 0;
    std::vector<std::string> texts;
    std::vector<std::uint64_t> counts;
    std::size_t batch_bases = 0;
    // One thread gains nothing from big batches, and small ones keep the text buffers in cache
    // (reads: 49 -> 16 MB peak RSS, fewer page faults); several threads need big ones to keep
    // them busy between the serial reads.
    const std::size_t batch_limit = options.threads == 1
                                        ? std::min(options.batch_bases, kSerialBatchBases)
                                        : options.batch_bases;

    auto flush_batch = [&] {
        if (texts.size() < used) texts.resize(used);
        counts.assign(used, 0);
        const auto n = static_cast<std::int64_t>(used);
#pragma omp parallel for schedule(dynamic, 8) num_threads(options.threads)
        for (std::int64_t i = 0; i < n; ++i) {
            const auto& rec = batch[static_cast<std::size_t>(i)];
            texts[static_cast<std::size_t>(i)].clear();
            counts[static_cast<std::size_t>(i)] = format_record(tokenizer, rec.id, rec.seq, format,
                                                                texts[static_cast<std::size_t>(i)]);
        }
        for (auto c : counts) report.tokens += c;
        for (std::size_t i = 0; i < used; ++i) write(out, texts[i]);  // input order
        used = 0;
        batch_bases = 0;
    };

    io::ReaderOptions reader_options;
    reader_options.strict = options.strict;
    reader_options.check_duplicate_ids = false;  // ids are only echoed, never joined
    for (const auto& path : inputs) {
        io::SequenceReader reader(path, reader_options);
        for (;;) {
            if (used == batch.size()) batch.emplace_back();
            io::Record& rec = batch[used];
            if (!reader.next(rec)) break;
            ++report.records;
            report.bases += rec.seq.size();
            if (rec.seq.size() > options.stream_bases) {
                io::Record big = std::move(rec);
                rec = io::Record{};
                flush_batch();
                report.tokens += stream_record(tokenizer, big, format, out);
                continue;
            }
            ++used;
            batch_bases += rec.seq.size();
            if (batch_bases >= batch_limit || used >= kMaxBatchRecords) flush_batch();
        }
        report.read_stats.add(reader.stats());
    }
    flush_batch();
    out.flush();
    if (!out) throw InputError("cannot write the output (disk full or closed pipe?)");
    return report;
}

}  // namespace motiftok::tokenize
