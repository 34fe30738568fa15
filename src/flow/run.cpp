// flow/run.cpp: the turn loop of the agent flow (docs/flow.md).
#include "flow/run.h"

#include <chrono>
#include <map>

#include <fmt/format.h>

#include "flow/detail/feedback.h"
#include "flow/detail/run_outputs.h"
#include "flow/detail/run_state.h"
#include "flow/detail/spec_interface.h"
#include "hdl/extract.h"
#include "util/exit_code.h"
#include "util/files.h"
#include "util/temp_dir.h"

namespace rtlduet::flow {
namespace {

using detail::BestPair;
using detail::Clock;
using detail::NextMessage;
using detail::RunState;
using detail::TopChoice;
using detail::TurnResult;
using detail::prompt_values;
using detail::render_prompt;
using detail::seconds;
using detail::tell_status;

constexpr std::uint64_t kModelSeedOffset = 500'000'009;

TopChoice choose_top(const FlowServices& services, const std::string& spec,
                     const FlowOptions& options) {
    TopChoice top{.source = "design"};
    if (options.top) {
        top = {.name = *options.top, .source = "option"};
    } else if (options.interface && !options.interface->module_name.empty()) {
        top = {.name = options.interface->module_name, .source = "option"};
    } else if (const auto named = top_from_spec(spec)) {
        top = {.name = named->name, .source = "spec:" + named->rule};
    }
    static const std::map<std::string, std::string> kRules = {
        {"option", "--top or --interface"},
        {"spec:named", "the spec: \"a module named\""},
        {"spec:module_name", "the spec: \"Module name:\""},
        {"spec:header", "the spec: a quoted module header"}};
    if (top.name.empty()) {
        services.log.info(
            "top module: the spec names none; each design's module that no other module "
            "instantiates");
    } else {
        services.log.info("top module: {} (from {})", top.name, kRules.at(top.source));
    }
    return top;
}

// The interface the spec states; a port line that cannot be read is the user's to fix.
util::Result<std::optional<hdl::Interface>> spec_interface(const FlowServices& services,
                                                           const std::string& spec,
                                                           const FlowOptions& options,
                                                           const TopChoice& top) {
    auto stated = stated_interface(services.sandbox, spec, options.spec_name, top.name,
                                   options.hints, options.parameters);
    if (!stated) {
        return stated.error();
    }
    if (!stated->note.empty()) {
        services.log.info("{}", stated->note);
    }
    return std::move(stated->interface);
}

// Keeps the best pair; only a strictly better match rate (or the first agreement at an
// equal rate) replaces it.
bool update_best(RunState& state, const TurnResult& turn_result, int turn) {
    const auto candidate = best_pair(turn_result.pairs);
    // A pair that confirmation or synthesis turned down still compared its rows.
    if (!candidate || (candidate->verdict != sim::Verdict::Agree &&
                       candidate->verdict != sim::Verdict::Disagree &&
                       candidate->comparison.compared_rows == 0)) {
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
    // Slots are numbered from 1; the vectors of a turn hold slot i at index i - 1.
    const auto rtl_index = static_cast<std::size_t>(candidate->rtl - 1);
    const auto model_index = static_cast<std::size_t>(candidate->model - 1);
    state.best = BestPair{.check = *candidate,
                          .turn = turn,
                          .rtl_top = turn_result.rtl[rtl_index].top,
                          .design = {.file = turn_result.rtl[rtl_index].file,
                                     .ifc = turn_result.rtl[rtl_index].ifc,
                                     .backend = turn_result.rtl[rtl_index].simulation->backend,
                                     .lint_top = state.top.name},
                          .rtl_code = turn_result.rtl[rtl_index].code,
                          .model_code = turn_result.models[model_index].code,
                          .rtl_messages = state.rtl_sessions[rtl_index].messages(),
                          .model_messages = state.model_sessions[model_index].messages(),
                          .rtl_trace = turn_result.rtl[rtl_index].simulation->trace,
                          .model_trace = turn_result.models[model_index].run->trace};
    return true;
}

util::Result<NextMessage> next_for(RunState& state, AgentSession& session,
                                   const AgentDefinition& agent, const PairCheck* partner) {
    if (partner == nullptr) {
        // Nothing to compare against: start this slot over with a fresh sample.
        auto system = render_prompt(state, agent.system_prompt, prompt_values(state, ""));
        if (!system) {
            return system.error();
        }
        session.start(*system);
        auto text = render_prompt(state, agent.initial_prompt, prompt_values(state, ""));
        if (!text) {
            return text.error();
        }
        session.set_fresh_start(
            {{.role = "system", .content = *system}, {.role = "user", .content = *text}});
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

// Feedback that no longer fits the slot's conversation, even shortened, restarts it from
// the best pair's conversation (with the feedback on that pair); ask() starts it over from
// scratch if even that does not fit.
util::Result<NextMessage> next_fitting(RunState& state, AgentSession& session,
                                       const AgentDefinition& agent, const PairCheck* partner,
                                       const std::vector<llm::Message>* best_messages) {
    auto next = next_for(state, session, agent, partner);
    if (!next || next->kind != "feedback" || best_messages == nullptr || session.fits(next->text)) {
        return next;
    }
    state.services.log.info(
        "{} slot {}: the conversation outgrew the server's context; "
        "restarting it from the best pair's",
        agent.name, session.slot());
    session.reset_to(*best_messages);
    next = next_for(state, session, agent, &state.best->check);
    if (next) {
        next->kind = "restart";
    }
    return next;
}

util::Status plan_next_turn(RunState& state, const TurnResult& turn_result,
                            std::vector<NextMessage>& rtl_next,
                            std::vector<NextMessage>& model_next) {
    const bool revert = state.options.revert && state.best.has_value();
    for (int i = 0; i < state.options.candidates; ++i) {
        const PairCheck* rtl_partner =
            revert ? &state.best->check : partner_for_rtl(turn_result.pairs, i + 1);
        const PairCheck* model_partner =
            revert ? &state.best->check : partner_for_model(turn_result.pairs, i + 1);
        if (revert) {
            state.rtl_sessions[i].reset_to(state.best->rtl_messages);
            state.model_sessions[i].reset_to(state.best->model_messages);
        }
        auto rtl = next_fitting(state, state.rtl_sessions[i], state.agents.rtl, rtl_partner,
                                state.best ? &state.best->rtl_messages : nullptr);
        if (!rtl) {
            return rtl.error();
        }
        auto model = next_fitting(state, state.model_sessions[i], state.agents.model, model_partner,
                                  state.best ? &state.best->model_messages : nullptr);
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
    for (int turn = 1; turn <= state.options.turns; ++turn) {
        if (state.services.cancel != nullptr && state.services.cancel->load()) {
            return util::make_error(util::ErrorKind::Interrupted, "interrupted");
        }
        tell_status(state, fmt::format("turn {}/{}{}", turn, state.options.turns,
                                       state.best ? fmt::format(", best match rate {:.3f}",
                                                                state.best->check.match_rate)
                                                  : ""));
        auto result =
            detail::run_turn(state, turn, work / fmt::format("turn{}", turn), rtl_next, model_next);
        if (result.failure) {
            state.report.turns.push_back(std::move(result.record));
            return *result.failure;
        }
        result.record.improved_best = update_best(state, result, turn);
        if (auto best = best_pair(result.pairs)) {
            result.record.best_of_turn = detail::record_of(*best, turn);
            state.no_pair = best->reason;
        } else {
            state.no_pair = result.pairs.empty() ? "" : result.pairs.front().reason;
        }
        state.report.turns.push_back(result.record);
        const double rate = state.best ? state.best->check.match_rate : 0.0;
        state.services.log.info("turn {}/{}: {} pairs checked, best match rate {:.3f}{}", turn,
                                state.options.turns, result.pairs.size(), rate,
                                state.best && state.best->check.is_agreement() ? " (agreed)" : "");
        if (state.best && state.best->check.is_agreement()) {
            return {};
        }
        if (turn < state.options.turns) {
            if (auto planned = plan_next_turn(state, result, rtl_next, model_next); !planned) {
                return planned;
            }
        }
    }
    return {};
}

LlmSettings llm_settings(const llm::ChatClient& client, const AgentDefinition& agent) {
    const llm::ClientConfig& config = client.config();
    return {.endpoint = config.endpoint.base_url,
            .llm = config.endpoint.llm,
            .temperature = config.overrides.temperature.value_or(agent.sampling.temperature),
            .top_p = config.overrides.top_p.value_or(agent.sampling.top_p),
            .max_tokens = config.overrides.max_tokens.value_or(agent.sampling.max_tokens)};
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

util::Status write_unstarted_report(const std::filesystem::path& out_dir, const AgentPair& agents,
                                    const FlowOptions& options, const util::Error& failure) {
    if (auto made = util::make_directories(out_dir); !made) {
        return made;
    }
    detail::clear_previous_run(out_dir);
    RunReport report{
        .verdict = "failed",
        .is_complete = false,
        .exit_code = util::exit_code_for(failure.kind),
        .reason = std::string(failure.what()).substr(0, std::string(failure.what()).find('\n')),
        .top_name = options.top.value_or(""),
        .top_source = options.top ? "option" : "design",
        .interface_source = options.interface ? "option" : "none",
        .config = detail::run_config(options, agents)};
    report.interface = options.interface;
    return detail::write_run_outputs(out_dir, report, nullptr, nullptr);
}

util::Result<FlowResult> run_flow(const FlowServices& services, const std::string& spec,
                                  const AgentPair& agents, const FlowOptions& options,
                                  const std::filesystem::path& out_dir) {
    const auto started = Clock::now();
    if (auto made = util::make_directories(out_dir); !made) {
        return made.error();
    }
    detail::clear_previous_run(out_dir);
    auto work = util::TempDir::create("rtlduet-run-");
    if (!work) {
        return work.error();
    }
    if (options.keep_work) {
        work->keep();
        services.log.info("work directory kept: {}", work->path().string());
    }
    const TopChoice top = choose_top(services, spec, options);
    if (options.interface && options.interface->outputs().empty()) {
        // Nothing any pair could be compared on: no request is worth sending.
        return util::make_error(util::ErrorKind::Input,
                                fmt::format("the interface of module {} has no outputs to compare",
                                            options.interface->module_name));
    }
    std::optional<hdl::Interface> known = options.interface;
    std::string source = known ? "option" : "none";
    if (!known) {
        auto stated = spec_interface(services, spec, options, top);
        if (!stated) {
            return stated.error();
        }
        known = std::move(*stated);
        source = known ? "spec" : "none";
    }
    RunState state{.services = services,
                   .spec = spec,
                   .top = top,
                   .agents = agents,
                   .options = options,
                   .transcript = Transcript(out_dir / "transcript.jsonl"),
                   .stimulus = SharedStimulus(options.sim, known),
                   .out_dir = out_dir};
    for (int slot = 1; slot <= options.candidates; ++slot) {
        state.rtl_sessions.emplace_back(agents.rtl, services.rtl_client, state.transcript,
                                        services.log, slot, options.seed);
        state.model_sessions.emplace_back(agents.model, services.model_client, state.transcript,
                                          services.log, slot, options.seed + kModelSeedOffset);
    }
    state.report = RunReport{.top_name = top.name,
                             .top_source = top.source,
                             .interface_source = source,
                             .config = detail::run_config(options, agents)};
    state.report.config.rtl_llm = llm_settings(services.rtl_client, agents.rtl);
    state.report.config.model_llm = llm_settings(services.model_client, agents.model);
    util::Status ran = run_turns(state, work->path());
    if (ran) {
        ran = detail::check_best_design(state);
    }
    state.report.wall_seconds = seconds(Clock::now() - started);
    const std::optional<util::Error> failure =
        ran ? std::nullopt : std::optional<util::Error>(ran.error());
    if (auto written = detail::write_outputs(state, failure); !written) {
        return failure ? *failure : written.error();
    }
    if (failure) {
        return *failure;
    }
    FlowResult result{.top = state.report.top_name,
                      .design_file = state.best ? state.best->rtl_top + ".sv" : "",
                      .turns_used = static_cast<int>(state.report.turns.size()),
                      .has_pair = state.best.has_value(),
                      .wall_seconds = state.report.wall_seconds,
                      .reason = state.report.reason,
                      .reproduce = state.report.reproduce,
                      .first_mismatch = state.first_mismatch};
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
