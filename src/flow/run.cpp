// flow/run.cpp: the turn loop of the agent flow (docs/flow.md).
#include "flow/run.h"

#include <chrono>
#include <future>

#include <fmt/format.h>

#include "flow/contract.h"
#include "flow/feedback.h"
#include "flow/pairs.h"
#include "flow/prompt_template.h"
#include "flow/report.h"
#include "flow/spec_interface.h"
#include "hdl/extract.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::flow {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint64_t kModelSeedOffset = 500'000'009;

struct BestPair {
    PairCheck check;
    int turn = 0;
    std::string rtl_code;
    std::string model_code;
    std::vector<llm::Message> rtl_messages;
    std::vector<llm::Message> model_messages;
};

// What each slot says next: the first request of a conversation, or feedback.
struct NextMessage {
    std::string text;
    std::string kind;  // "initial" or "feedback"
};

struct TurnResult {
    std::vector<RtlCandidate> rtl;
    std::vector<ModelCandidate> models;
    std::vector<PairCheck> pairs;
    TurnRecord record;
};

struct RunState {
    const FlowServices& services;
    const std::string& spec;
    const AgentPair& agents;
    const FlowOptions& options;
    Transcript transcript;
    SharedStimulus stimulus;
    std::vector<AgentSession> rtl_sessions;
    std::vector<AgentSession> model_sessions;
    std::optional<BestPair> best;
    RunReport report;
};

double seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

// The spec's port list, if it has one that parses; a --clock/--reset naming none of its
// inputs is the user's error (Usage) and ends the run before any request.
util::Result<std::optional<hdl::Interface>> interface_from_spec(const FlowServices& services,
                                                                const std::string& spec,
                                                                const hdl::SignalHints& hints) {
    const auto text = interface_text_from_spec(spec);
    if (!text) {
        return std::optional<hdl::Interface>();
    }
    auto dir = util::TempDir::create("rtlduet-spec-");
    if (!dir || !util::write_file(dir->path() / "interface.sv", *text)) {
        return std::optional<hdl::Interface>();
    }
    auto ifc = hdl::extract_interface(services.sandbox, dir->path() / "interface.sv", hints);
    if (!ifc) {
        if (ifc.error().kind == util::ErrorKind::Usage) {
            return ifc.error();
        }
        services.log.debug("the spec's port list did not parse: {}", ifc.error().what());
        return std::optional<hdl::Interface>();
    }
    return std::optional(*ifc);
}

util::Result<std::string> render_prompt(const RunState& state, const std::string& file,
                                        const TemplateValues& values) {
    return render_template(*state.agents.prompts.find(file), values,
                           (state.agents.prompts.dir / file).string());
}

TemplateValues prompt_values(RunState& state, std::string feedback) {
    const auto ready = state.stimulus.peek();
    const std::optional<hdl::Interface> ifc =
        ready ? std::optional(ready->ifc) : std::optional<hdl::Interface>();
    auto contract = render_contract(state.agents.prompts, ifc);
    return {{"spec", state.spec},
            {"interface", describe_interface(ifc)},
            {"contract", contract ? *contract : std::string()},
            {"feedback", std::move(feedback)}};
}

CandidateRecord record_of(int slot, bool is_usable, int repairs, const std::string& problem,
                          const std::string& code) {
    return {.slot = slot,
            .is_usable = is_usable,
            .repairs = repairs,
            .problem = problem,
            .sha256 = code.empty() ? "" : util::sha256_hex(code)};
}

PairRecord record_of(const PairCheck& pair, int turn) {
    return {.rtl = pair.rtl,
            .model = pair.model,
            .verdict = std::string(sim::to_string(pair.verdict)),
            .match_rate = pair.match_rate,
            .is_vacuous = pair.is_vacuous,
            .mismatches = pair.comparison.mismatched_samples,
            .turn = turn};
}

template <typename T>
util::Result<std::vector<T>> collect(std::vector<std::future<util::Result<T>>>& futures) {
    std::vector<T> items;
    std::optional<util::Error> failure;
    for (auto& future : futures) {
        auto item = future.get();
        if (!item) {
            failure = failure.value_or(item.error());
        } else {
            items.push_back(std::move(*item));
        }
    }
    if (failure) {
        return *failure;
    }
    return items;
}

util::Result<TurnResult> run_turn(RunState& state, int turn, const std::filesystem::path& dir,
                                  const std::vector<NextMessage>& rtl_next,
                                  const std::vector<NextMessage>& model_next) {
    const auto started = Clock::now();
    const auto values = prompt_values(state, "");
    const TurnContext ctx{.sandbox = state.services.sandbox,
                          .log = state.services.log,
                          .agents = state.agents,
                          .settings = state.options.sim,
                          .turn = turn,
                          .turn_dir = dir,
                          .spec = state.spec,
                          .contract = values.at("contract"),
                          .interface_text = values.at("interface")};
    const int n = state.options.candidates;
    state.stimulus.expect_producers(n);
    std::vector<std::future<util::Result<RtlCandidate>>> rtl_jobs;
    std::vector<std::future<util::Result<ModelCandidate>>> model_jobs;
    for (int i = 0; i < n; ++i) {
        rtl_jobs.push_back(std::async(std::launch::async, [&, i] {
            return prepare_rtl(ctx, state.rtl_sessions[i], rtl_next[i].text, rtl_next[i].kind,
                               state.stimulus);
        }));
        model_jobs.push_back(std::async(std::launch::async, [&, i] {
            return prepare_model(ctx, state.model_sessions[i], model_next[i].text,
                                 model_next[i].kind, state.stimulus);
        }));
    }
    auto rtl = collect(rtl_jobs);
    auto models = collect(model_jobs);
    if (!rtl) {
        return rtl.error();
    }
    if (!models) {
        return models.error();
    }
    TurnResult result{.rtl = std::move(*rtl), .models = std::move(*models)};
    if (const auto ready = state.stimulus.peek()) {
        const sim::CompareOptions compare{
            .max_mismatches = static_cast<std::size_t>(state.options.feedback_mismatches) * 2,
            .context_rows = static_cast<std::size_t>(state.options.feedback_context)};
        result.pairs = check_pairs(*ready, result.rtl, result.models,
                                   state.options.pairing == Pairing::All, compare);
    }
    TurnRecord& record = result.record;
    record.turn = turn;
    for (const RtlCandidate& c : result.rtl) {
        record.rtl.push_back(record_of(c.slot, c.is_usable, c.repairs, c.problem, c.code));
        record.sim_builds += c.sim_builds;
        if (c.simulation) {
            record.sim_seconds += seconds(c.simulation->build_time + c.simulation->run_time);
        }
    }
    for (const ModelCandidate& m : result.models) {
        record.models.push_back(record_of(m.slot, m.is_usable, m.repairs, m.problem, m.code));
    }
    for (const PairCheck& pair : result.pairs) {
        record.pairs.push_back(record_of(pair, turn));
    }
    for (AgentSession& session : state.rtl_sessions) {
        record.rtl_usage.add(session.usage());
        session.clear_usage();
    }
    for (AgentSession& session : state.model_sessions) {
        record.model_usage.add(session.usage());
        session.clear_usage();
    }
    record.wall_seconds = seconds(Clock::now() - started);
    return result;
}

// Keeps the best pair; only a strictly better match rate (or the first agreement at an
// equal rate) replaces it.
bool update_best(RunState& state, const TurnResult& turn_result, int turn) {
    const auto candidate = best_pair(turn_result.pairs);
    if (!candidate || (candidate->verdict != sim::Verdict::Agree &&
                       candidate->verdict != sim::Verdict::Disagree)) {
        return false;
    }
    if (state.best) {
        const PairCheck& kept = state.best->check;
        const bool is_better = candidate->match_rate > kept.match_rate ||
                               (candidate->match_rate == kept.match_rate &&
                                candidate->is_agreement() && !kept.is_agreement());
        if (!is_better) {
            return false;
        }
    }
    const RtlCandidate& rtl = turn_result.rtl[static_cast<std::size_t>(candidate->rtl)];
    const ModelCandidate& model = turn_result.models[static_cast<std::size_t>(candidate->model)];
    state.best = BestPair{.check = *candidate,
                          .turn = turn,
                          .rtl_code = rtl.code,
                          .model_code = model.code,
                          .rtl_messages = state.rtl_sessions[rtl.slot].messages(),
                          .model_messages = state.model_sessions[model.slot].messages()};
    return true;
}

util::Result<NextMessage> next_for(RunState& state, AgentSession& session,
                                   const AgentDefinition& agent, const PairCheck* partner) {
    if (partner == nullptr) {
        // Nothing to compare against: start this slot over with a fresh sample.
        session.start(*state.agents.prompts.find(agent.system_prompt));
        auto text = render_prompt(state, agent.initial_prompt, prompt_values(state, ""));
        if (!text) {
            return text.error();
        }
        return NextMessage{.text = *text, .kind = "initial"};
    }
    const FeedbackLimits limits{
        .mismatches = static_cast<std::size_t>(state.options.feedback_mismatches),
        .context_rows = static_cast<std::size_t>(state.options.feedback_context)};
    const std::string feedback =
        render_feedback(*partner, agent.role, state.agents.prompts.feedback_style, limits);
    auto text = render_prompt(state, agent.feedback_prompt, prompt_values(state, feedback));
    if (!text) {
        return text.error();
    }
    return NextMessage{.text = *text, .kind = "feedback"};
}

util::Status plan_next_turn(RunState& state, const TurnResult& turn_result,
                            std::vector<NextMessage>& rtl_next,
                            std::vector<NextMessage>& model_next) {
    const bool revert = state.options.revert && state.best.has_value();
    for (int i = 0; i < state.options.candidates; ++i) {
        const PairCheck* rtl_partner =
            revert ? &state.best->check : partner_for_rtl(turn_result.pairs, i);
        const PairCheck* model_partner =
            revert ? &state.best->check : partner_for_model(turn_result.pairs, i);
        if (revert) {
            state.rtl_sessions[i].reset_to(state.best->rtl_messages);
            state.model_sessions[i].reset_to(state.best->model_messages);
        }
        auto rtl = next_for(state, state.rtl_sessions[i], state.agents.rtl, rtl_partner);
        if (!rtl) {
            return rtl.error();
        }
        auto model = next_for(state, state.model_sessions[i], state.agents.model, model_partner);
        if (!model) {
            return model.error();
        }
        rtl_next[static_cast<std::size_t>(i)] = std::move(*rtl);
        model_next[static_cast<std::size_t>(i)] = std::move(*model);
    }
    return {};
}

util::Status run_turns(RunState& state, const std::filesystem::path& work) {
    const int n = state.options.candidates;
    std::vector<NextMessage> rtl_next(static_cast<std::size_t>(n));
    std::vector<NextMessage> model_next(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        if (auto planned = next_for(state, state.rtl_sessions[i], state.agents.rtl, nullptr);
            planned) {
            rtl_next[static_cast<std::size_t>(i)] = std::move(*planned);
        } else {
            return planned.error();
        }
        if (auto planned = next_for(state, state.model_sessions[i], state.agents.model, nullptr);
            planned) {
            model_next[static_cast<std::size_t>(i)] = std::move(*planned);
        } else {
            return planned.error();
        }
    }
    for (int turn = 0; turn < state.options.turns; ++turn) {
        if (state.services.cancel != nullptr && state.services.cancel->load()) {
            return util::make_error(util::ErrorKind::Interrupted, "interrupted");
        }
        auto result =
            run_turn(state, turn, work / fmt::format("turn{}", turn), rtl_next, model_next);
        if (!result) {
            return result.error();
        }
        result->record.improved_best = update_best(state, *result, turn);
        if (auto best = best_pair(result->pairs)) {
            result->record.best_of_turn = record_of(*best, turn);
        }
        state.report.turns.push_back(result->record);
        const double rate = state.best ? state.best->check.match_rate : 0.0;
        state.services.log.info("turn {}/{}: {} pairs checked, best match rate {:.3f}{}", turn + 1,
                                state.options.turns, result->pairs.size(), rate,
                                state.best && state.best->check.is_agreement() ? " (agreed)" : "");
        if (state.best && state.best->check.is_agreement()) {
            return {};
        }
        if (turn + 1 < state.options.turns) {
            if (auto planned = plan_next_turn(state, *result, rtl_next, model_next); !planned) {
                return planned;
            }
        }
    }
    return {};
}

util::Status write_outputs(RunState& state, const std::filesystem::path& out_dir) {
    RunReport& report = state.report;
    if (state.best) {
        report.best = record_of(state.best->check, state.best->turn);
        report.verdict = state.best->check.is_agreement() ? "agreed" : "best-effort";
        for (const auto& [file, code] : {std::pair{"TopModule.sv", &state.best->rtl_code},
                                         std::pair{"model.py", &state.best->model_code}}) {
            if (auto written = util::write_file_atomic(out_dir / file, *code); !written) {
                return written;
            }
        }
    } else {
        report.verdict = "failed";
    }
    if (const auto ready = state.stimulus.peek()) {
        report.interface = ready->ifc;
        if (report.interface_source == "none") {
            report.interface_source = "candidate";
        }
    }
    return util::write_file_atomic(out_dir / "report.json", render_report(report));
}

}  // namespace

std::string_view to_string(FinalVerdict verdict) {
    switch (verdict) {
        case FinalVerdict::Agreed:
            return "agreed";
        case FinalVerdict::BestEffort:
            return "best-effort";
        case FinalVerdict::Failed:
            return "failed";
    }
    return "failed";
}

util::Result<FlowResult> run_flow(const FlowServices& services, const std::string& spec,
                                  const AgentPair& agents, const FlowOptions& options,
                                  const std::filesystem::path& out_dir) {
    const auto started = Clock::now();
    if (auto made = util::make_directories(out_dir); !made) {
        return made.error();
    }
    std::error_code ec;
    std::filesystem::remove(out_dir / "transcript.jsonl", ec);
    auto work = util::TempDir::create("rtlduet-run-");
    if (!work) {
        return work.error();
    }
    if (options.keep_work) {
        work->keep();
        services.log.info("work directory kept: {}", work->path().string());
    }
    std::optional<hdl::Interface> known = options.interface;
    std::string source = known ? "option" : "none";
    if (!known) {
        auto from_spec = interface_from_spec(services, spec, options.hints);
        if (!from_spec) {
            return from_spec.error();
        }
        known = *from_spec;
        source = known ? "spec" : "none";
    }
    RunState state{.services = services,
                   .spec = spec,
                   .agents = agents,
                   .options = options,
                   .transcript = Transcript(out_dir / "transcript.jsonl"),
                   .stimulus = SharedStimulus(options.sim, known)};
    for (int i = 0; i < options.candidates; ++i) {
        state.rtl_sessions.emplace_back(agents.rtl, services.rtl_client, state.transcript, i,
                                        options.seed);
        state.model_sessions.emplace_back(agents.model, services.model_client, state.transcript, i,
                                          options.seed + kModelSeedOffset);
    }
    state.report = RunReport{.interface_source = source,
                             .candidates = options.candidates,
                             .max_turns = options.turns,
                             .pairing = options.pairing == Pairing::All ? "all" : "matched",
                             .prompt_set = agents.prompts.name,
                             .seed = options.seed,
                             .vectors = options.sim.stimulus.count,
                             .simulator = std::string(sim::to_string(options.sim.backend))};
    const util::Status ran = run_turns(state, work->path());
    state.report.wall_seconds = seconds(Clock::now() - started);
    if (auto written = write_outputs(state, out_dir); !written) {
        return written.error();
    }
    if (!ran) {
        return ran.error();
    }
    FlowResult result{.turns_used = static_cast<int>(state.report.turns.size()),
                      .has_pair = state.best.has_value(),
                      .wall_seconds = state.report.wall_seconds};
    if (state.best) {
        result.match_rate = state.best->check.match_rate;
        result.verdict =
            state.best->check.is_agreement() ? FinalVerdict::Agreed : FinalVerdict::BestEffort;
    }
    for (const TurnRecord& turn : state.report.turns) {
        result.rtl_usage.add(turn.rtl_usage);
        result.model_usage.add(turn.model_usage);
        result.sim_seconds += turn.sim_seconds;
        result.sim_builds += turn.sim_builds;
    }
    return result;
}

}  // namespace rtlduet::flow
