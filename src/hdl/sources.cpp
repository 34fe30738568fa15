// hdl/sources.cpp: file lists and the joined compilation unit.
#include "hdl/sources.h"

#include <fmt/format.h>

#include "hdl/detail/verilator_run.h"
#include "util/files.h"

namespace rtlduet::hdl {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxListDepth = 8;

std::string_view trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r");
    return text.substr(first, last - first + 1);
}

// The line without its comments.
std::string_view without_comments(std::string_view line) {
    if (const auto block = line.find("/*"); block != std::string_view::npos) {
        const auto end = line.find("*/", block + 2);
        if (end != std::string_view::npos && trimmed(line.substr(end + 2)).empty()) {
            line = line.substr(0, block);
        }
    }
    for (const std::string_view marker : {"//", "#"}) {
        line = line.substr(0, line.find(marker));
    }
    return trimmed(line);
}

util::Error list_error(const fs::path& list, int line, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = list.string(), .line = line};
    return error;
}

util::Status read_list(const fs::path& list, int depth, std::vector<fs::path>& files) {
    auto text = util::read_file(list);
    if (!text) {
        return text.error();
    }
    int number = 0;
    for (const std::string_view raw : detail::split_lines(*text)) {
        ++number;
        const std::string_view line = without_comments(raw);
        if (line.empty()) {
            continue;
        }
        const bool is_nested = line.starts_with("-f ") || line.starts_with("-F ");
        if (!is_nested && (line.front() == '-' || line.front() == '+')) {
            return list_error(list, number,
                              fmt::format("{}: only file paths and -f FILE are read here; pass "
                                          "tool options on the command line",
                                          line));
        }
        const fs::path path =
            list.parent_path() / fs::path(std::string(is_nested ? trimmed(line.substr(3)) : line));
        if (!fs::is_regular_file(path)) {
            return list_error(list, number, fmt::format("{}: no such file", path.string()));
        }
        if (!is_nested) {
            files.push_back(path);
            continue;
        }
        if (depth >= kMaxListDepth) {
            return list_error(list, number, "file lists nest too deep (a loop?)");
        }
        if (auto nested = read_list(path, depth + 1, files); !nested) {
            return nested;
        }
    }
    return {};
}

}  // namespace

util::Result<std::vector<fs::path>> read_file_list(const fs::path& list) {
    std::vector<fs::path> files;
    if (auto read = read_list(list, 0, files); !read) {
        return read.error();
    }
    if (files.empty()) {
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("{}: the file list names no file", list.string()));
    }
    return files;
}

util::Result<std::string> join_sources(const std::vector<fs::path>& files) {
    std::string joined;
    for (const fs::path& file : files) {
        auto text = util::read_file(file);
        if (!text) {
            return text.error();
        }
        std::string name = file.string();
        for (const char special : {'\\', '"'}) {
            for (auto at = name.find(special); at != std::string::npos;
                 at = name.find(special, at + 2)) {
                name.insert(at, 1, '\\');
            }
        }
        joined += fmt::format("`line 1 \"{}\" 0\n", name);
        joined += *text;
        if (!joined.ends_with('\n')) {
            joined += '\n';
        }
    }
    return joined;
}

}  // namespace rtlduet::hdl
