// bench/samples.cpp: reads the candidates to score from a JSONL file (raw LLM replies
// allowed: the Verilog is extracted), an `eval` output directory, or a VerilogEval-style
// directory of `<problem>_sample<NN>.sv` files.
#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench/detail/work_files.h"
#include "bench/score.h"
#include "llm/extract.h"
#include "util/files.h"

namespace rtlduet::bench {
namespace fs = std::filesystem;
namespace {

util::Error input_error(const fs::path& file, int line, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = file.string(), .line = line};
    return error;
}

SampleInput from_reply(std::string problem, int sample, std::string_view completion,
                       std::string origin) {
    SampleInput input{.problem = std::move(problem), .sample = sample, .origin = std::move(origin)};
    if (auto code = llm::extract_code(completion, llm::CodeKind::Verilog)) {
        input.code = std::move(*code);
    } else {
        input.unusable_reason = "no Verilog code in the completion";
    }
    return input;
}

util::Result<SampleInput> parse_jsonl_line(const fs::path& file, int line_number,
                                           const std::string& line,
                                           std::map<std::string, int>& counts) {
    const nlohmann::json json = nlohmann::json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return input_error(file, line_number, "malformed JSON line (expected an object)");
    }
    if (!json.contains("problem") || !json["problem"].is_string()) {
        return input_error(file, line_number, "missing string field \"problem\"");
    }
    if (!json.contains("completion") || !json["completion"].is_string()) {
        return input_error(file, line_number, "missing string field \"completion\"");
    }
    const std::string problem = json["problem"].get<std::string>();
    int sample = ++counts[problem];
    if (json.contains("sample")) {
        if (!json["sample"].is_number_integer() || json["sample"].get<int>() < 0) {
            return input_error(file, line_number, "\"sample\" must be a non-negative integer");
        }
        sample = json["sample"].get<int>();
    }
    SampleInput input = from_reply(problem, sample, json["completion"].get<std::string>(),
                                   fmt::format("{}:{}", file.string(), line_number));
    // An id may be a number or a string; both come back as the text they were written as.
    if (json.contains("id") && (json["id"].is_string() || json["id"].is_number())) {
        input.id = json["id"].is_string() ? json["id"].get<std::string>() : json["id"].dump();
    }
    if (json.contains("model") && json["model"].is_string()) {
        input.model = json["model"].get<std::string>();
    }
    return input;
}

util::Result<std::vector<SampleInput>> load_jsonl(const fs::path& file) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    std::vector<SampleInput> samples;
    std::map<std::string, int> counts;
    std::size_t start = 0;
    for (int line_number = 1; start < text->size(); ++line_number) {
        const std::size_t end = std::min(text->find('\n', start), text->size());
        const std::string line = text->substr(start, end - start);
        start = end + 1;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        auto sample = parse_jsonl_line(file, line_number, line, counts);
        if (!sample) {
            return sample.error();
        }
        samples.push_back(std::move(*sample));
    }
    return samples;
}

// DIR/<problem>/sample<NN>/TopModule.sv, as `rtlduet eval` writes it.
util::Result<std::vector<SampleInput>> load_eval_output(const fs::path& dir) {
    static const std::regex kSampleDir(R"(sample(\d+))");
    std::vector<SampleInput> samples;
    std::error_code ec;
    for (const auto& problem_dir : fs::directory_iterator(dir, ec)) {
        if (!problem_dir.is_directory(ec)) {
            continue;
        }
        for (const auto& sample_dir : fs::directory_iterator(problem_dir.path(), ec)) {
            std::smatch match;
            const std::string name = sample_dir.path().filename().string();
            if (!sample_dir.is_directory(ec) || !std::regex_match(name, match, kSampleDir)) {
                continue;
            }
            SampleInput input{.problem = problem_dir.path().filename().string(),
                              .sample = std::stoi(match[1].str()),
                              .origin = (sample_dir.path() / "TopModule.sv").string()};
            if (auto code = util::read_file(input.origin, util::ErrorKind::Io)) {
                input.code = std::move(*code);
            } else {
                input.unusable_reason = "the flow produced no TopModule.sv";
            }
            samples.push_back(std::move(input));
        }
    }
    return samples;
}

// VerilogEval's own layout: <problem>_sample<NN>.sv anywhere below `dir`.
util::Result<std::vector<SampleInput>> load_sample_files(const fs::path& dir) {
    static const std::regex kSampleFile(R"((.+)_sample(\d+)\.sv)");
    std::vector<SampleInput> samples;
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
        std::smatch match;
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file(ec) || !std::regex_match(name, match, kSampleFile)) {
            continue;
        }
        auto code = util::read_file(entry.path());
        if (!code) {
            return code.error();
        }
        samples.push_back({.problem = match[1].str(),
                           .sample = std::stoi(match[2].str()),
                           .code = std::move(*code),
                           .origin = entry.path().string()});
    }
    return samples;
}

}  // namespace

util::Result<std::vector<SampleInput>> load_samples(const fs::path& path, const Suite& suite) {
    std::error_code ec;
    util::Result<std::vector<SampleInput>> loaded = std::vector<SampleInput>{};
    if (fs::is_regular_file(path, ec)) {
        loaded = load_jsonl(path);
    } else if (fs::is_directory(path, ec)) {
        loaded = fs::exists(path / "results.jsonl", ec) ? load_eval_output(path)
                                                        : load_sample_files(path);
    } else {
        return input_error(path, 0, "no such samples file or directory");
    }
    if (!loaded) {
        return loaded;
    }
    std::set<std::pair<std::string, int>> seen;
    for (const SampleInput& sample : *loaded) {
        if (suite.find(sample.problem) == nullptr) {
            return util::make_error(util::ErrorKind::Input,
                                    fmt::format("{}: problem {} is not in suite {}", sample.origin,
                                                sample.problem, suite.name));
        }
        if (!seen.emplace(sample.problem, sample.sample).second) {
            return util::make_error(util::ErrorKind::Input,
                                    fmt::format("{}: sample {} of {} given twice", sample.origin,
                                                sample.sample, sample.problem));
        }
    }
    std::sort(loaded->begin(), loaded->end(), [](const SampleInput& a, const SampleInput& b) {
        return std::tie(a.problem, a.sample) < std::tie(b.problem, b.sample);
    });
    return loaded;
}

util::Result<std::vector<SampleInput>> golden_samples(const std::vector<const Problem*>& problems) {
    std::vector<SampleInput> samples;
    for (const Problem* problem : problems) {
        auto texts = detail::read_problem_texts(*problem);
        if (!texts && texts.error().kind != util::ErrorKind::Input) {
            return texts.error();
        }
        SampleInput input{.problem = problem->name, .sample = 1, .origin = problem->ref.string()};
        if (texts) {
            input.code = std::move(texts->golden);
        } else {
            input.unusable_reason = texts.error().what();
        }
        samples.push_back(std::move(input));
    }
    return samples;
}

}  // namespace rtlduet::bench
