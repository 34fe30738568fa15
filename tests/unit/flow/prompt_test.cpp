#include <doctest/doctest.h>

#include "flow/agents.h"
#include "flow/detail/contract.h"
#include "flow/detail/prompt_template.h"
#include "support/run_binary.h"

using namespace rtlduet::flow;

TEST_SUITE("flow.prompt_template") {
    TEST_CASE("placeholders are filled and other braces pass through") {
        auto text =
            render_template("spec: {spec}\nd = {'a': 1}; x = {a, b};", {{"spec", "AND"}}, "t.md");
        REQUIRE(text);
        CHECK(*text == "spec: AND\nd = {'a': 1}; x = {a, b};");
    }

    TEST_CASE("doubled braces are literal braces") {
        auto text = render_template("{{spec}} {spec}", {{"spec", "x"}}, "t.md");
        REQUIRE(text);
        CHECK(*text == "{spec} x");
    }

    TEST_CASE("an unknown placeholder is an input error naming the template and line") {
        auto text = render_template("a\nb {sepc}", {{"spec", "x"}}, "rtl_initial.md");
        REQUIRE_FALSE(text);
        CHECK(text.error().what() ==
              "rtl_initial.md:2: unknown placeholder {sepc} in prompt template");
    }
}

TEST_SUITE("flow.agents") {
    TEST_CASE("the bundled agents load with both bundled prompt sets") {
        const auto agents = rtlduet::testing::source_path("agents");
        auto own = load_agents(agents, rtlduet::testing::source_path("prompts/rtlduet"));
        REQUIRE(own);
        CHECK(own->rtl.role == AgentRole::Rtl);
        CHECK(own->model.role == AgentRole::Model);
        CHECK(own->prompts.asks_for_outputs_method);
        CHECK(own->prompts.feedback_style == FeedbackStyle::Table);
        auto compatible = load_agents(agents, rtlduet::testing::source_path("prompts/chipmate"));
        REQUIRE(compatible);
        CHECK_FALSE(compatible->prompts.asks_for_outputs_method);
        CHECK(compatible->prompts.feedback_style == FeedbackStyle::Chipmate);
    }

    TEST_CASE("a prompt set missing a named template is refused") {
        auto loaded = load_agents(rtlduet::testing::source_path("agents"),
                                  rtlduet::testing::source_path("agents"));
        REQUIRE_FALSE(loaded);
        CHECK(loaded.error().message.find("prompt set") != std::string::npos);
    }
}

TEST_SUITE("flow.contract") {
    TEST_CASE("a sequential contract names the clock, the driven inputs, outputs and reset") {
        auto agents = load_agents(rtlduet::testing::source_path("agents"),
                                  rtlduet::testing::source_path("prompts/rtlduet"));
        REQUIRE(agents);
        rtlduet::hdl::Interface ifc;
        ifc.ports = {
            {.name = "clk"},
            {.name = "aresetn"},
            {.name = "d", .width = 8, .msb = 7},
            {.name = "q", .direction = rtlduet::hdl::PortDirection::Output, .width = 8, .msb = 7}};
        ifc.clock = "clk";
        ifc.reset = rtlduet::hdl::ResetSignal{
            .name = "aresetn", .is_active_low = true, .timing = rtlduet::hdl::ResetTiming::Async};
        auto text = render_contract(agents->prompts, ifc);
        REQUIRE(text);
        CHECK(text->find("clock `clk`") != std::string::npos);
        CHECK(text->find("`aresetn` (1 bit), `d` (8 bits)") != std::string::npos);
        CHECK(text->find("`q` (8 bits)") != std::string::npos);
        CHECK(text->find("active low") != std::string::npos);
        CHECK(text->find("asynchronous") != std::string::npos);
        CHECK(describe_interface(ifc).find("output [7:0] q") != std::string::npos);
    }

    TEST_CASE("without an interface the generic contract is used") {
        auto agents = load_agents(rtlduet::testing::source_path("agents"),
                                  rtlduet::testing::source_path("prompts/rtlduet"));
        REQUIRE(agents);
        auto text = render_contract(agents->prompts, std::nullopt);
        REQUIRE(text);
        CHECK(text->find("A combinational model needs only `eval`") != std::string::npos);
    }
}
