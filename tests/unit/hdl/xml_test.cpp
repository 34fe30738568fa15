// unit/hdl/xml_test.cpp: the small XML reader that reads Verilator's netlist.
#include "hdl/detail/xml.h"

#include <doctest/doctest.h>

using rtlduet::hdl::detail::parse_xml;

TEST_SUITE("hdl.xml") {
    TEST_CASE("reads nested elements and attributes, decoding entities and skipping comments") {
        auto root = parse_xml(
            "<?xml version=\"1.0\" ?>\n<!-- note -->\n<top a=\"1\">\n"
            "  <file name=\"&lt;built-in&gt;\"/>\n"
            "  <const name='8&apos;h0'>text</const>\n</top>\n");
        REQUIRE(root);
        CHECK(root->name == "top");
        CHECK(root->attribute("a") == "1");
        CHECK_FALSE(root->has_attribute("b"));
        REQUIRE(root->children.size() == 2);
        CHECK(root->child("file")->attribute("name") == "<built-in>");
        CHECK(root->child("const")->attribute("name") == "8'h0");
        CHECK(root->child("missing") == nullptr);
    }

    TEST_CASE("rejects unbalanced and truncated documents") {
        CHECK_FALSE(parse_xml("<a><b></a>"));
        CHECK_FALSE(parse_xml("<a><b/>"));
        CHECK_FALSE(parse_xml("<a x=1/>"));
        CHECK_FALSE(parse_xml(""));
    }
}
