#pragma once
// Shared by the libFuzzer targets (docs/fuzzing.md): the input as a file for the parsers that read
// paths (in memory, or on disk for fixed files that need a neighbour such as a .fai index), and a
// checksum fix-up so mutations reach the binary parsers' bodies instead of stopping at their CRC.

#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace motiftok::fuzz {

/// A private directory, created once per process and removed at exit.
inline const std::string& work_dir() {
    static const std::string dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/motiftok-fuzz.XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) std::abort();
        static std::string keep = pattern;
        std::atexit([] { std::system(("rm -rf '" + keep + "'").c_str()); });
        return pattern;
    }();
    return dir;
}

/// Writes `size` bytes to `work_dir()/name` (replacing it) and returns the path.
inline std::string write_input(const std::string& name, const std::uint8_t* data,
                               std::size_t size) {
    const std::string path = work_dir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) std::abort();
    if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

/// Replaces the contents of the in-memory file (memfd) `name` with `size` bytes and returns a
/// path that opens it, "/proc/self/fd/N": a parser that takes a path reads the fuzz input from
/// memory, through the same open/read calls as a file on disk.
inline std::string memory_input(const std::string& name, const std::uint8_t* data,
                                std::size_t size) {
    static std::map<std::string, int> fds;
    auto it = fds.find(name);
    if (it == fds.end()) {
        const int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC);
        if (fd < 0) std::abort();
        it = fds.emplace(name, fd).first;
    }
    const int fd = it->second;
    if (::ftruncate(fd, 0) != 0) std::abort();
    for (std::size_t done = 0; done < size;) {
        const ssize_t n = ::pwrite(fd, data + done, size - done, static_cast<off_t>(done));
        if (n <= 0) std::abort();
        done += static_cast<std::size_t>(n);
    }
    return "/proc/self/fd/" + std::to_string(fd);
}

/// The input with its last four bytes replaced by the little-endian CRC-32 of the bytes before
/// them (the trailer of model.bin and of count files).
inline std::string with_crc_trailer(const std::uint8_t* data, std::size_t size) {
    std::string bytes(reinterpret_cast<const char*>(data), size);
    if (size < 4) return bytes;
    std::uint32_t crc = static_cast<std::uint32_t>(::crc32(0L, Z_NULL, 0));
    crc = static_cast<std::uint32_t>(::crc32(crc, data, static_cast<uInt>(size - 4)));
    for (int i = 0; i < 4; ++i) bytes[size - 4 + i] = static_cast<char>((crc >> (8 * i)) & 0xff);
    return bytes;
}

}  // namespace motiftok::fuzz
