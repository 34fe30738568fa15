// hostile/runner/case_file.cpp: parsing of .case files; a malformed case is an error naming
// the file and line, so a typo can never turn into a case that silently checks nothing.
#include "hostile/runner/case_file.h"

#include <algorithm>
#include <functional>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "util/files.h"

namespace rtlduet::hostile {
namespace {

namespace fs = std::filesystem;

std::string trim(const std::string& text) {
    const auto first = text.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return "";
    }
    return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream stream(text);
    std::vector<std::string> words;
    for (std::string word; stream >> word;) {
        words.push_back(word);
    }
    return words;
}

std::optional<MadeFile> parse_made(const std::string& value) {
    const auto words = split_words(value);
    if (words.size() < 2 || words.size() > 3) {
        return std::nullopt;
    }
    MadeFile made{.name = words[0], .kind = words[1]};
    static const std::vector<std::string> kKinds = {"empty", "random", "non_utf8_adder", "big_rtl"};
    if (std::find(kKinds.begin(), kKinds.end(), made.kind) == kKinds.end()) {
        return std::nullopt;
    }
    if (words.size() == 3) {
        made.bytes = std::stoul(words[2]);
    }
    return made;
}

using Setter = std::function<bool(HostileCase&, const std::string&)>;

const std::map<std::string, Setter>& setters() {
    static const std::map<std::string, Setter> table = {
        {"about", [](HostileCase& c, const std::string& v) { return !(c.about = v).empty(); }},
        {"run",
         [](HostileCase& c, const std::string& v) { return !(c.args = split_words(v)).empty(); }},
        {"needs", [](HostileCase& c, const std::string& v) { return !(c.needs = v)->empty(); }},
        {"server", [](HostileCase& c, const std::string& v) { return !(c.server = v).empty(); }},
        {"raw-server",
         [](HostileCase& c, const std::string& v) { return !(c.raw_server = v).empty(); }},
        {"make",
         [](HostileCase& c, const std::string& v) {
             auto made = parse_made(v);
             if (made) {
                 c.made.push_back(*made);
             }
             return made.has_value();
         }},
        {"exit",
         [](HostileCase& c, const std::string& v) {
             c.exit_code = std::stoi(v);
             return true;
         }},
        {"expect",
         [](HostileCase& c, const std::string& v) { return c.expect.push_back(v), true; }},
        {"reject",
         [](HostileCase& c, const std::string& v) { return c.reject.push_back(v), true; }},
        {"canary",
         [](HostileCase& c, const std::string& v) {
             c.canaries.push_back(v);
             return fs::path(v).is_absolute();
         }},
        {"no-process",
         [](HostileCase& c, const std::string& v) { return c.no_process.push_back(v), true; }},
        {"within", [](HostileCase& c,
                      const std::string& v) { return (c.within_seconds = std::stod(v)) > 0; }},
        {"max-output",
         [](HostileCase& c, const std::string& v) { return (c.max_output = std::stoul(v)) > 0; }},
        {"xfail", [](HostileCase& c, const std::string& v) { return !(c.xfail = v)->empty(); }},
    };
    return table;
}

util::Error case_error(const fs::path& file, int line, const std::string& message) {
    util::Error error = util::make_error(util::ErrorKind::Input, message);
    error.where = util::SourceLocation{.file = file.string(), .line = line};
    return error;
}

}  // namespace

util::Result<HostileCase> parse_case(const fs::path& file, const std::string& group) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    HostileCase parsed{.group = group, .name = file.stem().string(), .file = file};
    std::istringstream stream(*text);
    int line_number = 0;
    bool has_exit = false;
    for (std::string line; std::getline(stream, line);) {
        ++line_number;
        line = trim(line);
        if (line.empty() || line.front() == '#') {
            continue;
        }
        const auto colon = line.find(':');
        const std::string key = colon == std::string::npos ? line : trim(line.substr(0, colon));
        const auto setter = setters().find(key);
        if (colon == std::string::npos || setter == setters().end()) {
            return case_error(file, line_number, fmt::format("unknown key \"{}\"", key));
        }
        bool is_valid = false;
        try {
            is_valid = setter->second(parsed, trim(line.substr(colon + 1)));
        } catch (const std::logic_error&) {
            is_valid = false;  // std::stoi and friends on a non-number
        }
        if (!is_valid) {
            return case_error(file, line_number, fmt::format("bad value for \"{}\"", key));
        }
        has_exit = has_exit || key == "exit";
    }
    if (parsed.about.empty() || parsed.args.empty() || !has_exit) {
        return case_error(file, 1, "a case needs about, run and exit");
    }
    return parsed;
}

util::Result<std::vector<HostileCase>> load_group(const fs::path& group_dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(group_dir, ec)) {
        if (entry.path().extension() == ".case") {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        return util::make_error(util::ErrorKind::Io, fmt::format("cannot list {}: {}",
                                                                 group_dir.string(), ec.message()));
    }
    std::sort(files.begin(), files.end());
    std::vector<HostileCase> cases;
    for (const fs::path& file : files) {
        auto parsed = parse_case(file, group_dir.filename().string());
        if (!parsed) {
            return parsed.error();
        }
        cases.push_back(std::move(*parsed));
    }
    return cases;
}

}  // namespace rtlduet::hostile
