#include "motiftok/tokenize/tokenize_files.hpp"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "motiftok/error.hpp"

namespace motiftok::tokenize {

namespace {

constexpr std::size_t kFlushBytes = std::size_t{4} << 20;
constexpr std::size_t kMaxBatchRecords = 65536;

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
    if (!out) throw OutputError("cannot write the output (disk full or closed pipe?)");
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
    throw ConfigError("`format` must be one of tokens, ids, jsonl, bed (got '" + name + "')");
}

const char* format_name(OutputFormat format) {
    switch (format) {
        case OutputFormat::kTokens:
            return "tokens";
        case OutputFormat::kIds:
            return "ids";
        case OutputFormat::kJsonl:
            return "jsonl";
        case OutputFormat::kBed:
            return "bed";
    }
    return "tokens";
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

namespace {

/// A batch of records and, once tokenized, their output text. Record slots are reused from
/// batch to batch (the reader keeps their capacity), so short reads cost no allocation.
struct Batch {
    std::vector<io::Record> records;
    std::size_t used = 0;  ///< records of this batch (the first `used` slots)
    std::size_t bases = 0;
    std::string text;
    std::uint64_t tokens = 0;
    bool done = false;  ///< text and tokens are ready (set by a worker)

    void format(const Tokenizer& tokenizer, OutputFormat format) {
        text.clear();
        tokens = 0;
        for (std::size_t i = 0; i < used; ++i) {
            tokens += format_record(tokenizer, records[i].id, records[i].seq, format, text);
        }
    }
};

/// Several threads: the caller reads batches, `workers` threads tokenize them, and a writer
/// thread writes them in input order. Threads wait on condition variables (no spinning), so the
/// CPU time stays close to one thread's; a fixed set of batches bounds the memory.
class Pipeline {
  public:
    Pipeline(const Tokenizer& tokenizer, OutputFormat format, std::ostream& out, int workers)
        : tokenizer_(tokenizer), format_(format), out_(out) {
        const std::size_t count = 2 * static_cast<std::size_t>(workers) + 2;
        for (std::size_t i = 0; i < count; ++i) {
            batches_.push_back(std::make_unique<Batch>());
            free_.push_back(batches_.back().get());
        }
        try {
            for (int i = 0; i < workers; ++i)
                threads_.emplace_back([this] { run(&Pipeline::work); });
            threads_.emplace_back([this] { run(&Pipeline::write_in_order); });
        } catch (...) {
            stop_threads();
            throw;
        }
    }
    ~Pipeline() { stop_threads(); }
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    /// An empty batch to fill (waits for one); rethrows a worker's or the writer's error.
    Batch& take_free() {
        std::unique_lock<std::mutex> lock(mutex_);
        free_cv_.wait(lock, [this] { return !free_.empty() || error_; });
        if (error_) std::rethrow_exception(error_);
        Batch* b = free_.back();
        free_.pop_back();
        b->used = 0;
        b->bases = 0;
        return *b;
    }
    /// Queues a filled batch (one without records goes back to the free list).
    void submit(Batch& b) {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            if (b.used == 0) {
                free_.push_back(&b);
                return;
            }
            b.done = false;
            todo_.push_back(&b);
            order_.push_back(&b);
        }
        work_cv_.notify_one();
    }
    /// Waits until every submitted batch is written; returns the tokens written so far.
    std::uint64_t drain() {
        std::unique_lock<std::mutex> lock(mutex_);
        free_cv_.wait(lock, [this] { return order_.empty() || error_; });
        if (error_) std::rethrow_exception(error_);
        return tokens_;
    }

  private:
    /// Runs a thread's loop; an error stops the pipeline and is rethrown to the reader.
    void run(void (Pipeline::*loop)()) {
        try {
            (this->*loop)();
        } catch (...) {
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                if (!error_) error_ = std::current_exception();
                stop_ = true;
            }
            work_cv_.notify_all();
            done_cv_.notify_all();
            free_cv_.notify_all();
        }
    }
    void work() {
        for (;;) {
            Batch* b;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                work_cv_.wait(lock, [this] { return !todo_.empty() || stop_; });
                if (stop_) return;
                b = todo_.front();
                todo_.pop_front();
            }
            b->format(tokenizer_, format_);
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                b->done = true;
            }
            done_cv_.notify_one();
        }
    }
    void write_in_order() {
        for (;;) {
            Batch* b;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                done_cv_.wait(
                    lock, [this] { return (!order_.empty() && order_.front()->done) || stop_; });
                if (stop_) return;
                b = order_.front();
            }
            write(out_, b->text);
            {
                const std::lock_guard<std::mutex> lock(mutex_);
                tokens_ += b->tokens;
                order_.pop_front();
                free_.push_back(b);
            }
            free_cv_.notify_all();  // the reader waits for a free batch or for the drain
        }
    }
    void stop_threads() noexcept {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        work_cv_.notify_all();
        done_cv_.notify_all();
        for (auto& t : threads_) t.join();
        threads_.clear();
    }

    const Tokenizer& tokenizer_;
    OutputFormat format_;
    std::ostream& out_;
    std::vector<std::unique_ptr<Batch>> batches_;
    std::mutex mutex_;
    std::condition_variable work_cv_;  ///< workers: a batch to tokenize, or stop
    std::condition_variable done_cv_;  ///< writer: the oldest batch is done, or stop
    std::condition_variable free_cv_;  ///< reader: a free batch, all written, or an error
    std::vector<Batch*> free_;
    std::deque<Batch*> todo_;   ///< submitted, not yet taken by a worker
    std::deque<Batch*> order_;  ///< submitted, not yet written, in input order
    std::uint64_t tokens_ = 0;
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;
};

}  // namespace

TokenizeReport tokenize_files(const Tokenizer& tokenizer, const std::vector<std::string>& inputs,
                              std::ostream& out, const TokenizeOptions& options) {
    const OutputFormat format = options.format;
    if (options.threads < 1) throw ConfigError("`threads` must be at least 1");
    TokenizeReport report;
    // Small batches (256 kbp by default) keep the text buffers in cache and give the pipeline's
    // threads work in small steps (measured: docs/benchmarks.md, tokenize).
    const std::size_t batch_limit = options.batch_bases;
    std::unique_ptr<Pipeline> pipeline;
    Batch serial;
    if (options.threads > 1) {
        pipeline = std::make_unique<Pipeline>(tokenizer, format, out, options.threads);
    }
    Batch* batch = pipeline ? &pipeline->take_free() : &serial;
    // Hands the current batch over (several threads) or tokenizes and writes it (one).
    auto flush = [&] {
        if (pipeline) {
            pipeline->submit(*batch);
            batch = &pipeline->take_free();
            return;
        }
        batch->format(tokenizer, format);
        report.tokens += batch->tokens;
        write(out, batch->text);
        batch->used = 0;
        batch->bases = 0;
    };

    io::ReaderOptions reader_options;
    reader_options.strict = options.strict;
    reader_options.check_duplicate_ids = false;  // ids are only echoed, never joined
    for (const auto& path : inputs) {
        io::SequenceReader reader(path, reader_options);
        for (;;) {
            if (batch->used == batch->records.size()) batch->records.emplace_back();
            io::Record& rec = batch->records[batch->used];
            if (!reader.next(rec)) break;
            ++report.records;
            report.bases += rec.seq.size();
            if (rec.seq.size() > options.stream_bases) {
                // Everything before it is written first, then it is streamed by this thread.
                io::Record big = std::move(rec);
                rec = io::Record{};
                flush();
                if (pipeline) pipeline->drain();
                report.tokens += stream_record(tokenizer, big, format, out);
                continue;
            }
            ++batch->used;
            batch->bases += rec.seq.size();
            if (batch->bases >= batch_limit || batch->used >= kMaxBatchRecords) flush();
        }
        report.read_stats.add(reader.stats());
    }
    flush();
    if (pipeline) report.tokens += pipeline->drain();
    out.flush();
    if (!out) throw OutputError("cannot write the output (disk full or closed pipe?)");
    return report;
}

}  // namespace motiftok::tokenize
