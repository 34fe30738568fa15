// The html library: escaping, the page's policy, line diffs, the chart's and the waveform's
// marks.
#include "html/html.h"

#include <doctest/doctest.h>

#include "html/svg.h"

namespace html = rtlduet::html;

TEST_SUITE("html") {
    TEST_CASE("escape leaves no markup and no way out of an attribute") {
        CHECK(html::escape("</script><img src=x onerror=\"a('b')\"> & co") ==
              "&lt;/script&gt;&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co");
    }

    TEST_CASE("the page allows no fetch and only its own style and script, by hash") {
        const std::string page = html::document("t <b>", "<p>body</p>");
        CHECK(page.find("default-src 'none'") != std::string::npos);
        CHECK(page.find("<title>t &lt;b&gt;</title>") != std::string::npos);
        CHECK(page.find("unsafe-inline") == std::string::npos);
        const std::size_t open = page.find("<script>") + 8;
        const std::string script = page.substr(open, page.find("</script>", open) - open);
        // The hash in the policy is base64 of the script's SHA-256: 44 characters.
        const std::size_t at = page.find("script-src 'sha256-") + 19;
        CHECK(page.substr(at + 43, 2) == "='");
        CHECK(script.find("data-") != std::string::npos);  // the filter script
    }

    TEST_CASE("a diff lists removed lines before added ones and folds long unchanged runs") {
        std::string before;
        std::string after;
        for (int i = 0; i < 20; ++i) {
            before += "line " + std::to_string(i) + "\n";
            after += (i == 10 ? std::string("changed <10>") : "line " + std::to_string(i)) + "\n";
        }
        const html::Diff diff = html::diff_lines(before, after);
        CHECK(diff.added == 1);
        CHECK(diff.removed == 1);
        CHECK(diff.html.find("<span class=\"del\">- line 10</span><span class=\"add\">+ "
                             "changed &lt;10&gt;</span>") != std::string::npos);
        CHECK(diff.html.find("7 unchanged lines") != std::string::npos);
        CHECK(diff.html.find("6 unchanged lines") != std::string::npos);
        CHECK(html::diff_lines(before, before).added == 0);
    }

    TEST_CASE("the chart writes each point's value and escapes labels") {
        const std::string svg = html::line_chart(
            {.x_max = 2, .points = {{.x = 2, .y = 0.93704, .label = "<x>", .css_class = "pair"}}});
        CHECK(svg.find("data-x=\"2\" data-y=\"0.9370\"") != std::string::npos);
        CHECK(svg.find("<title>&lt;x&gt;</title>") != std::string::npos);
    }

    TEST_CASE("the waveform marks the values it is told to and truncates long buses") {
        const std::string wide(64, 'f');
        const std::string svg =
            html::waveform({.columns = {"row 0", "row 1"},
                            .lanes = {{.name = "q<",
                                       .kind = "design",
                                       .width = 256,
                                       .values = {"0x0", "0x" + wide},
                                       .marked = {false, true}},
                                      {.name = "b", .kind = "input", .values = {"0x0", "0x1"}}}});
        CHECK(svg.find("data-lane=\"q&lt;\"") != std::string::npos);
        CHECK(svg.find("class=\"mismatch\"") != std::string::npos);
        CHECK(svg.find("data-value=\"0x" + wide + "\"") != std::string::npos);
        CHECK(svg.find("…</text>") != std::string::npos);
        CHECK(svg.find("class=\"level\"") != std::string::npos);
    }
}
