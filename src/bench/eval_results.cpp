// bench/eval_results.cpp: results.jsonl lines and eval.json, written and read back. Reading
// tolerates exactly one kind of damage, the one a kill can cause: a last line cut short.
#include "bench/eval_results.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/files.h"
#include "util/hash.h"

namespace rtlduet::bench {
namespace {

using Json = nlohmann::json;

util::Error line_error(const std::filesystem::path& file, int line, std::string message) {
    util::Error error = util::make_error(util::ErrorKind::Input, std::move(message));
    error.where = util::SourceLocation{.file = file.string(), .line = line};
    return error;
}

template <typename T>
T value_or(const Json& json, const char* key, T fallback) {
    const auto it = json.find(key);
    return it == json.end() || it->is_null() ? fallback : it->get<T>();
}

// Throws nlohmann's exceptions on wrong types; the caller turns them into a line error.
EvalRecord record_from_json(const Json& json) {
    EvalRecord record;
    SampleResult& score = record.score;
    score.problem = json.at("problem").get<std::string>();
    score.sample = json.at("sample").get<int>();
    const auto verdict = parse_verdict(json.at("verdict").get<std::string>());
    const auto official = parse_verdict(value_or<std::string>(json, "official_verdict", "fail"));
    if (!verdict || !official) {
        throw std::invalid_argument("unknown verdict");
    }
    score.verdict = *verdict;
    score.official_verdict = *official;
    score.simulator = value_or<std::string>(json, "simulator", "");
    score.reason = value_or<std::string>(json, "reason", "");
    score.seconds = value_or(json, "score_seconds", 0.0);
    score.log_tail = value_or<std::string>(json, "log_tail", "");
    record.suite = json.at("suite").get<std::string>();
    record.config_hash = json.at("config_hash").get<std::string>();
    record.seed = value_or<std::uint64_t>(json, "seed", 0);
    record.flow_verdict = value_or<std::string>(json, "flow_verdict", "");
    record.turns = value_or(json, "turns", 0);
    record.match_rate = value_or(json, "match_rate", 0.0);
    record.prompt_tokens = value_or(json, "prompt_tokens", 0LL);
    record.completion_tokens = value_or(json, "completion_tokens", 0LL);
    record.llm_seconds = value_or(json, "llm_seconds", 0.0);
    record.sim_seconds = value_or(json, "sim_seconds", 0.0);
    record.sim_builds = value_or(json, "sim_builds", 0);
    record.wall_seconds = value_or(json, "wall_seconds", 0.0);
    record.note = value_or<std::string>(json, "note", "");
    return record;
}

util::Result<EvalRecord> parse_record(const std::filesystem::path& file, int line_number,
                                      std::string_view line) {
    const Json json = Json::parse(line, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return line_error(file, line_number, "malformed results line (expected a JSON object)");
    }
    try {
        return record_from_json(json);
    } catch (const std::exception& e) {
        return line_error(file, line_number, fmt::format("bad results line: {}", e.what()));
    }
}

}  // namespace

util::Result<Shard> parse_shard(std::string_view text) {
    const auto slash = text.find('/');
    Shard shard;
    const auto parse = [](std::string_view digits, int& out) {
        const auto [end, error] =
            std::from_chars(digits.data(), digits.data() + digits.size(), out);
        return error == std::errc() && end == digits.data() + digits.size();
    };
    if (slash == std::string_view::npos || !parse(text.substr(0, slash), shard.index) ||
        !parse(text.substr(slash + 1), shard.count) || shard.count < 1 || shard.index < 1 ||
        shard.index > shard.count) {
        return util::make_error(
            util::ErrorKind::Usage,
            fmt::format("--shard {}: expected I/N with 1 <= I <= N, e.g. 2/4", text));
    }
    return shard;
}

std::vector<PairKey> shard_pairs(const std::vector<std::string>& problems, int samples,
                                 Shard shard) {
    std::vector<PairKey> all;
    for (const std::string& problem : problems) {
        for (int sample = 1; sample <= samples; ++sample) {
            all.push_back({problem, sample});
        }
    }
    std::sort(all.begin(), all.end());
    std::vector<PairKey> slice;
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (static_cast<int>(i % static_cast<std::size_t>(shard.count)) == shard.index - 1) {
            slice.push_back(all[i]);
        }
    }
    return slice;
}

std::string to_json_line(const EvalRecord& record) {
    const SampleResult& score = record.score;
    Json json = {{"problem", score.problem},
                 {"sample", score.sample},
                 {"verdict", to_string(score.verdict)},
                 {"official_verdict", to_string(score.official_verdict)},
                 {"flow_verdict", record.flow_verdict},
                 {"turns", record.turns},
                 {"match_rate", record.match_rate},
                 {"prompt_tokens", record.prompt_tokens},
                 {"completion_tokens", record.completion_tokens},
                 {"llm_seconds", record.llm_seconds},
                 {"sim_seconds", record.sim_seconds},
                 {"sim_builds", record.sim_builds},
                 {"score_seconds", score.seconds},
                 {"wall_seconds", record.wall_seconds},
                 {"seed", record.seed},
                 {"simulator", score.simulator},
                 {"reason", score.reason},
                 {"suite", record.suite},
                 {"config_hash", record.config_hash}};
    if (!record.note.empty()) {
        json["note"] = record.note;
    }
    if (!score.log_tail.empty()) {
        json["log_tail"] = score.log_tail;
    }
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

util::Result<ResultsLog> read_results(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        return ResultsLog{};
    }
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    ResultsLog log;
    std::size_t start = 0;
    for (int line_number = 1; start < text->size(); ++line_number) {
        const std::size_t newline = text->find('\n', start);
        const bool is_last = newline == std::string::npos || newline + 1 == text->size();
        const std::size_t end = newline == std::string::npos ? text->size() : newline;
        const std::string_view line = std::string_view(*text).substr(start, end - start);
        auto record = parse_record(file, line_number, line);
        if (newline == std::string::npos || (!record && is_last)) {
            log.torn_line = line_number;
            break;
        }
        if (!record) {
            return record.error();
        }
        log.records.push_back(std::move(*record));
        start = newline + 1;
        log.valid_bytes = start;
    }
    return log;
}

util::Status drop_torn_tail(const std::filesystem::path& file, const ResultsLog& log) {
    if (!log.torn_line) {
        return {};
    }
    std::error_code ec;
    std::filesystem::resize_file(file, log.valid_bytes, ec);
    if (ec) {
        return util::make_error(
            util::ErrorKind::Io,
            fmt::format("{}: cannot cut the torn last line: {}", file.string(), ec.message()));
    }
    return {};
}

std::string manifest_json(const EvalManifest& manifest) {
    const Json json = {
        {"suite", manifest.suite},
        {"config_hash", manifest.config_hash},
        {"config", manifest.config},
        {"problems", manifest.problems},
        {"samples", manifest.samples},
        {"shard", fmt::format("{}/{}", manifest.shard.index, manifest.shard.count)},
        {"tools", {{"iverilog", manifest.tools.iverilog}, {"verilator", manifest.tools.verilator}}},
        {"errata", manifest.errata}};
    return json.dump(2) + "\n";
}

util::Result<EvalManifest> read_manifest(const std::filesystem::path& file) {
    auto text = util::read_file(file);
    if (!text) {
        return text.error();
    }
    const Json json = Json::parse(*text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return line_error(file, 1, "malformed eval.json (expected a JSON object)");
    }
    try {
        EvalManifest manifest{
            .suite = json.at("suite").get<std::string>(),
            .config_hash = json.at("config_hash").get<std::string>(),
            .config = value_or<std::map<std::string, std::string>>(json, "config", {}),
            .problems = value_or<std::vector<std::string>>(json, "problems", {}),
            .samples = value_or(json, "samples", 1),
            .tools = {.iverilog = json.at("tools").value("iverilog", ""),
                      .verilator = json.at("tools").value("verilator", "")},
            .errata = value_or<std::vector<std::string>>(json, "errata", {})};
        if (auto shard = parse_shard(value_or<std::string>(json, "shard", "1/1"))) {
            manifest.shard = *shard;
        }
        return manifest;
    } catch (const std::exception& e) {
        return line_error(file, 1, fmt::format("bad eval.json: {}", e.what()));
    }
}

std::vector<std::string> config_differences(const std::map<std::string, std::string>& here,
                                            const std::map<std::string, std::string>& there) {
    std::map<std::string, std::pair<std::string, std::string>> keys;
    for (const auto& [key, value] : here) {
        keys[key].first = value;
    }
    for (const auto& [key, value] : there) {
        keys[key].second = value;
    }
    std::vector<std::string> out;
    for (const auto& [key, values] : keys) {
        if (values.first != values.second) {
            out.push_back(
                fmt::format("{}: '{}' now, '{}' before", key, values.first, values.second));
        }
    }
    return out;
}

std::string config_hash_of(const std::map<std::string, std::string>& config) {
    util::Sha256 hash;
    hash.field("eval-v1");
    for (const auto& [key, value] : config) {
        hash.field(key).field(value);
    }
    return hash.hex_digest().substr(0, 16);
}

}  // namespace rtlduet::bench
