#include "motiftok/io/output_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>

#include "motiftok/error.hpp"

namespace motiftok::io {

namespace {

std::string directory_of(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

mode_t current_umask() {
    const mode_t mask = umask(0);
    umask(mask);
    return mask;
}

// When this process started (static initialization): a temporary file older than this is not
// this run's.
const std::time_t kRunStart = std::time(nullptr);

// Temporaries of `path` are named `.NAME.tmpXXXXXX` beside it (XXXXXX: 6 characters, as mkstemp).
std::string temp_prefix(const std::string& path) {
    return directory_of(path) + "/." + base_of(path) + ".tmp";
}
constexpr std::size_t kTempSuffix = 6;

std::string fd_path(int fd) {
    return "/proc/self/fd/" + std::to_string(fd);
}

// Removes the temporaries of `path` that killed runs left behind: older than this run and not
// locked, since every writer holds flock(LOCK_EX) on its temporary from creation to rename.
void remove_stale_temps(const std::string& path) {
    const std::string dir = directory_of(path), prefix = temp_prefix(path);
    const std::string name_prefix = prefix.substr(dir.size() + 1);
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) return;
    while (const dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() != name_prefix.size() + kTempSuffix ||
            name.compare(0, name_prefix.size(), name_prefix) != 0) {
            continue;
        }
        const std::string full = dir + "/" + name;
        const int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) continue;
        struct stat st {};
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime < kRunStart &&
            flock(fd, LOCK_EX | LOCK_NB) == 0) {
            ::unlink(full.c_str());
        }
        ::close(fd);
    }
    closedir(d);
}

// Gives the anonymous (O_TMPFILE) file `fd` a temporary name beside `path` and returns it.
std::string link_temp(int fd, const std::string& path) {
    static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::uint64_t x = static_cast<std::uint64_t>(getpid()) * 0x9E3779B97F4A7C15ULL ^
                      static_cast<std::uint64_t>(fd) << 32;
    for (int attempt = 0; attempt < 100; ++attempt) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        std::string name = temp_prefix(path);
        for (std::size_t i = 0; i < kTempSuffix; ++i) name += kChars[(x >> (8 * i + 10)) % 62];
        if (linkat(AT_FDCWD, fd_path(fd).c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) == 0)
            return name;
        if (errno != EEXIST) break;
    }
    const int err = errno;
    throw OutputError("cannot write '" + path + "': " + std::strerror(err));
}

}  // namespace

struct OutputFile::Impl {
    std::string path;
    std::string temp;  // the temporary's name; empty while it is anonymous (O_TMPFILE)
    int fd = -1;       // the temporary, open and flock()ed until it is renamed or removed
    std::ofstream file;
    bool to_stdout = false;
    bool direct = false;  // a device or FIFO (e.g. /dev/null): written in place, never renamed over
    bool committed = false;

    // Closes and removes the temporary; nothing is left to clean up.
    void discard() {
        file.close();
        if (!temp.empty()) std::remove(temp.c_str());
        if (fd >= 0) ::close(fd);
        fd = -1;
        committed = true;
    }
};

OutputFile::OutputFile(std::string path, bool binary) : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(path);
    if (impl_->path == "-") {
        impl_->to_stdout = true;
        return;
    }
    if (impl_->path.empty()) throw ConfigError("empty output file name; give a path or '-'");
    struct stat st {};
    if (stat(impl_->path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            throw OutputError("cannot write '" + impl_->path + "': it is a directory");
        impl_->direct = true;
        impl_->file.open(impl_->path, binary ? std::ios::binary : std::ios::out);
        if (!impl_->file) throw OutputError("cannot write '" + impl_->path + "'");
        return;
    }
    // The temporary: anonymous where the filesystem has O_TMPFILE (it vanishes with the process,
    // even a killed one), else a named `.NAME.tmpXXXXXX` that the next run removes.
    remove_stale_temps(impl_->path);
    const auto mode = binary ? std::ios::binary | std::ios::trunc : std::ios::trunc;
#ifdef O_TMPFILE
    impl_->fd = ::open(directory_of(impl_->path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (impl_->fd >= 0) {
        flock(impl_->fd, LOCK_EX);
        impl_->file.open(fd_path(impl_->fd), mode);
        if (impl_->file) return;
        impl_->file.clear();
        ::close(impl_->fd);
        impl_->fd = -1;
    }
#endif
    std::string tmpl = temp_prefix(impl_->path) + "XXXXXX";
    impl_->fd = mkstemp(tmpl.data());
    if (impl_->fd < 0) {
        const int err = errno;
        throw OutputError("cannot write '" + impl_->path + "': " + std::strerror(err) +
                          " (check that the directory exists and is writable)");
    }
    flock(impl_->fd, LOCK_EX);
    fchmod(impl_->fd, static_cast<mode_t>(0666) & ~current_umask());
    impl_->temp = tmpl;
    impl_->file.open(tmpl, mode);
    if (!impl_->file) {
        impl_->discard();
        throw OutputError("cannot write '" + impl_->path + "'");
    }
}

OutputFile::~OutputFile() {
    if (impl_ && !impl_->to_stdout && !impl_->direct && !impl_->committed) impl_->discard();
}

std::ostream& OutputFile::stream() {
    if (impl_->to_stdout) return std::cout;
    return impl_->file;
}

void OutputFile::commit() {
    if (impl_->committed) return;
    if (impl_->to_stdout) {
        std::cout.flush();
        if (!std::cout) throw OutputError("error writing to standard output");
        impl_->committed = true;
        return;
    }
    impl_->file.flush();
    const bool ok = static_cast<bool>(impl_->file);
    impl_->file.close();
    if (impl_->direct) {
        impl_->committed = true;
        if (!ok) throw OutputError("error writing '" + impl_->path + "'");
        return;
    }
    if (!ok || impl_->file.fail()) {
        impl_->discard();
        throw OutputError("error writing '" + impl_->path + "' (disk full?)");
    }
    try {
        if (impl_->temp.empty()) impl_->temp = link_temp(impl_->fd, impl_->path);
    } catch (const OutputError&) {
        impl_->discard();
        throw;
    }
    if (std::rename(impl_->temp.c_str(), impl_->path.c_str()) != 0) {
        const int err = errno;
        impl_->discard();
        throw OutputError("cannot rename the output into '" + impl_->path +
                          "': " + std::strerror(err));
    }
    ::close(impl_->fd);
    impl_->fd = -1;
    impl_->committed = true;
}

const std::string& OutputFile::path() const {
    return impl_->path;
}

void require_readable(const std::string& path, const std::string& what) {
    if (path == "-") return;
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    int err = fd < 0 ? errno : 0;
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) err = EISDIR;
    if (fd >= 0) ::close(fd);
    if (err != 0) {
        throw InputError(path + ": cannot open the " + what + " (" + std::strerror(err) +
                         "); check the path");
    }
}

std::string read_file(const std::string& path, const std::string& what) {
    require_readable(path, what);
    std::ifstream in(path, std::ios::binary);
    if (!in) require_readable(path, what);  // gone in between: the same message
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) throw InputError(path + ": cannot read the " + what);
    return bytes;
}

void check_outputs_not_inputs(const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs) {
    for (const auto& output : outputs) {
        struct stat out {};
        if (output.empty() || output == "-" || stat(output.c_str(), &out) != 0) continue;
        if (!S_ISREG(out.st_mode)) continue;
        for (const auto& input : inputs) {
            struct stat in {};
            if (input.empty() || input == "-" || stat(input.c_str(), &in) != 0) continue;
            if (in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
                throw OutputIsInputError(output, input);
            }
        }
    }
}

void write_file_atomic(const std::string& path, const std::string& content, bool binary) {
    OutputFile out(path, binary);
    out.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
    out.commit();
}

}  // namespace motiftok::io
