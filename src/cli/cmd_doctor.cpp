// cli/cmd_doctor.cpp: `rtlduet doctor`: which tools are there (path and version), whether the
// sandbox really isolates (it runs probes through it), and whether the endpoint answers.
#include <algorithm>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <optional>
#include <string>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/doctor_probe.h"
#include "cli/endpoint_options.h"
#include "cli/exit_code.h"
#include "llm/server_info.h"
#include "util/temp_dir.h"

namespace rtlduet::cli {
namespace {

struct ToolSpec {
    std::string name;
    std::vector<std::string> version_argv;
    bool is_essential;
    std::string purpose;
};

struct CheckRow {
    std::string name;
    std::string status;  // "ok", "missing", "degraded", "failed"; "warning" when not essential
    std::string path;
    std::string detail;
    bool is_essential = false;
};

std::string first_line(std::string_view text) {
    const auto start = text.find_first_not_of(" \r\n");
    if (start == std::string_view::npos) {
        return "";
    }
    text.remove_prefix(start);
    return std::string(text.substr(0, text.find_first_of("\r\n")));
}

CheckRow check_tool(AppContext& ctx, const ToolSpec& tool, const std::filesystem::path& work) {
    const util::Sandbox& sandbox = ctx.sandbox();
    CheckRow row{.name = tool.name, .is_essential = tool.is_essential};
    const auto path = util::find_program(tool.version_argv.front(), sandbox.config().path_env);
    if (path.empty()) {
        row.status = "missing";
        row.detail = tool.purpose;
        return row;
    }
    row.path = path.string();
    std::vector<std::string> argv = tool.version_argv;
    argv.front() = path.string();
    util::SandboxRequest request{.argv = argv, .cwd = work};
    request.limits.deadline = std::chrono::milliseconds(10'000);
    auto run = sandbox.run(request);
    if (!run) {
        row.status = "failed";
        row.detail = run.error().message;
        return row;
    }
    std::string version = first_line(run->out);
    if (version.empty()) {
        version = first_line(run->err);
    }
    row.status = "ok";
    row.detail = version;
    return row;
}

// Listens on a loopback port outside the sandbox and tries to reach it from inside.
CheckRow check_network_isolation(AppContext& ctx, const std::filesystem::path& work) {
    CheckRow row{.name = "sandbox network", .is_essential = false};
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        if (listener >= 0) {
            ::close(listener);
        }
        return {.name = row.name, .status = "failed", .detail = "cannot open a probe socket"};
    }
    const std::string script = fmt::format(
        "import socket\ns = socket.socket()\ns.settimeout(2)\ntry:\n    s.connect(('127.0.0.1', "
        "{}))\n    print('connected')\nexcept OSError:\n    print('blocked')\n",
        ntohs(address.sin_port));
    util::SandboxRequest request{.argv = {ctx.options.python, "-I", "-c", script}, .cwd = work};
    request.limits.deadline = std::chrono::milliseconds(10'000);
    auto run = ctx.sandbox().run(request);
    ::close(listener);
    if (!run || !run->succeeded()) {
        row.status = "failed";
        row.detail = run ? "probe " + run->describe_end() : run.error().message;
    } else if (first_line(run->out) == "blocked") {
        row.status = "ok";
        row.detail = "loopback connect from inside fails";
    } else {
        row.status = "degraded";
        row.detail = "generated code can reach the network (no bubblewrap)";
    }
    return row;
}

CheckRow check_write_isolation(AppContext& ctx, const std::filesystem::path& work) {
    CheckRow row{.name = "sandbox files", .is_essential = false};
    util::SandboxRequest request{
        .argv = {"/bin/sh", "-c",
                 "touch in-work && (touch /var/tmp/.rtlduet-probe 2>/dev/null && rm -f "
                 "/var/tmp/.rtlduet-probe && echo outside || echo contained)"},
        .cwd = work};
    request.limits.deadline = std::chrono::milliseconds(10'000);
    auto run = ctx.sandbox().run(request);
    if (!run || !run->succeeded()) {
        row.status = "failed";
        row.detail = run ? "probe " + run->describe_end() + ": " + first_line(run->err)
                         : run.error().message;
    } else if (first_line(run->out) == "contained") {
        row.status = "ok";
        row.detail = "writes only in the work directory";
    } else {
        row.status = "degraded";
        row.detail = "generated code can write outside its work directory";
    }
    return row;
}

std::vector<ToolSpec> tool_specs(const GlobalOptions& options) {
    return {
        {"verilator", {"verilator", "--version"}, true, "interface extraction, lint, simulation"},
        {"iverilog", {"iverilog", "-V"}, true, "benchmark scoring, second simulator"},
        {"vvp", {"vvp", "-V"}, true, "runs iverilog output"},
        {"python3", {options.python, "--version"}, true, "runs reference models"},
        {"g++", {"g++", "--version"}, true, "builds Verilator simulations"},
        {"make", {"make", "--version"}, true, "builds Verilator simulations"},
        {"bwrap", {"bwrap", "--version"}, false, "sandbox isolation (package bubblewrap)"},
    };
}

void print_table(const std::vector<CheckRow>& rows) {
    fmt::print("{:<17} {:<9} {:<28} {}\n", "check", "status", "path", "detail");
    for (const CheckRow& row : rows) {
        fmt::print("{:<17} {:<9} {:<28} {}\n", row.name, row.status,
                   row.path.empty() ? "-" : row.path, row.detail);
    }
}

// GET {endpoint}/models and the server's capacity routes with a short timeout, for each
// server of the pool. Unreachable is a warning row, and an essential failure (exit 3) only
// when --endpoint named the endpoint on this command line.
CheckRow check_endpoint(const EndpointOptions& options, const llm::EndpointAddress& address,
                        llm::Transport& transport) {
    llm::Endpoint endpoint = resolve_endpoint(options);
    endpoint.base_url = address.base_url;
    CheckRow row{
        .name = "endpoint", .path = endpoint.base_url, .is_essential = !options.endpoints.empty()};
    auto info = llm::discover_server(transport, endpoint, {.timeout = std::chrono::seconds(3)});
    if (!info) {
        row.status = "failed";
        row.detail = "unreachable: " + info.error().message;
        if (!is_endpoint_configured(options)) {
            row.detail += " (the default; set --endpoint or RTLDUET_ENDPOINT)";
        }
        return row;
    }
    const std::vector<std::string>& models = info->models;
    row.status = "ok";
    row.detail = models.empty() ? "answers, lists no model"
                                : fmt::format("serves {}", fmt::join(models, ", "));
    const bool is_listed = std::find(models.begin(), models.end(), endpoint.llm) != models.end();
    if (!endpoint.llm.empty() && !is_listed) {
        row.detail += fmt::format("; --llm '{}' is not listed", endpoint.llm);
    }
    row.detail += "; " + llm::describe(*info);
    if (address.slots) {
        row.detail += fmt::format("; {} slots (#slots)", *address.slots);
    } else if (!info->slots) {
        row.detail += fmt::format("; {} slots (default)", llm::kDefaultSlots);
    }
    return row;
}

struct DoctorFlags {
    bool as_json = false;
    bool probes = false;
};

int run_doctor(AppContext& ctx, const DoctorFlags& flags, const EndpointOptions& endpoint) {
    const bool as_json = flags.as_json;
    auto work = util::TempDir::create("rtlduet-doctor-");
    if (!work) {
        return report_error(ctx.log, work.error());
    }
    std::vector<CheckRow> rows;
    for (const ToolSpec& tool : tool_specs(ctx.options)) {
        rows.push_back(check_tool(ctx, tool, work->path()));
    }
    const util::Sandbox& sandbox = ctx.sandbox();
    rows.push_back(
        {.name = "sandbox",
         .status = sandbox.isolation() == util::Isolation::Bubblewrap ? "ok" : "degraded",
         .detail = sandbox.describe()});
    rows.push_back(check_write_isolation(ctx, work->path()));
    rows.push_back(check_network_isolation(ctx, work->path()));
    if (auto resources = ctx.resources(); resources) {
        rows.push_back({.name = "resources", .status = "ok", .path = resources->root().string()});
    } else {
        rows.push_back({.name = "resources",
                        .status = "missing",
                        .detail = resources.error().message,
                        .is_essential = true});
    }
    auto pool = resolve_pool(endpoint);
    if (!pool) {
        return report_error(ctx.log, pool.error());
    }
    const auto transport = llm::make_curl_transport();
    for (const llm::EndpointAddress& address : *pool) {
        rows.push_back(check_endpoint(endpoint, address, *transport));
    }
    if (flags.probes) {
        // Asked for, so essential: a wrong key or model name is what it is there to find.
        for (const ProbeResult& probe : probe_agents(ctx, endpoint, *pool)) {
            rows.push_back({.name = "probe " + probe.agent,
                            .status = probe.is_ok ? "ok" : "failed",
                            .path = probe.base_url,
                            .detail = probe.detail,
                            .is_essential = true});
        }
    }
    bool is_missing_essential = false;
    int warnings = 0;
    for (CheckRow& row : rows) {
        is_missing_essential |= row.is_essential && row.status != "ok";
        if (!row.is_essential && row.status == "failed") {
            row.status = "warning";  // exit 0 never sits next to "failed"
        }
        warnings += row.status == "ok" ? 0 : 1;
    }
    if (as_json) {
        nlohmann::json out = {{"ok", !is_missing_essential}, {"checks", nlohmann::json::array()}};
        for (const CheckRow& row : rows) {
            out["checks"].push_back({{"name", row.name},
                                     {"status", row.status},
                                     {"path", row.path},
                                     {"detail", row.detail},
                                     {"essential", row.is_essential}});
        }
        fmt::print("{}\n", out.dump(2));
    } else {
        print_table(rows);
    }
    if (is_missing_essential) {
        ctx.log.error(
            "an essential check failed: install the missing tool (see README, set-up) "
            "or start the endpoint given by --endpoint");
        return kExitEnvironment;
    }
    if (warnings > 0) {
        ctx.log.warn(
            "doctor: every essential check passed; {} optional check{} did not (see "
            "the status column); an endpoint named with --endpoint is essential",
            warnings, warnings == 1 ? "" : "s");
    }
    return kExitOk;
}

}  // namespace

void add_doctor_command(CLI::App& app, CommandRegistry& registry) {
    CLI::App* command = app.add_subcommand(
        "doctor",
        "Check tools, sandbox isolation and every endpoint of the pool; exit 3 if something "
        "essential is missing");
    auto flags = std::make_shared<DoctorFlags>();
    command->add_flag("--json", flags->as_json, "Print the checks as one JSON object");
    command->add_flag("--probe", flags->probes,
                      "Also send a 1-token chat completion to every endpoint for each agent, "
                      "with its LLM name and the API key (finds a wrong key or model name)");
    auto endpoint = std::make_shared<EndpointOptions>();
    add_endpoint_address_options(*command, *endpoint);
    command->add_option("--rtl-llm", endpoint->rtl_llm,
                        "LLM of the Verilog writer for --probe (default: --llm)");
    command->add_option("--model-llm", endpoint->model_llm,
                        "LLM of the reference-model writer for --probe (default: --llm)");
    registry.add(command,
                 [flags, endpoint](AppContext& ctx) { return run_doctor(ctx, *flags, *endpoint); });
}

}  // namespace rtlduet::cli
