// List cursors: opaque to clients, checked here.

#include "pagination.hpp"

#include <catch2/catch.hpp>

using lf::mcp::fill_page;
using lf::mcp::page_start;

TEST_CASE("a list is split into pages joined by nextCursor", "[mcp][pagination]") {
  boost::json::array all;
  for (int i = 0; i < 5; ++i) {
    all.emplace_back(i);
  }
  boost::json::object first;
  fill_page(first, "tools", all, *page_start({}), 2);
  CHECK(first.at("tools") == boost::json::array{0, 1});
  REQUIRE(first.contains("nextCursor"));
  std::vector<boost::json::value> seen(first.at("tools").as_array().begin(),
                                       first.at("tools").as_array().end());
  boost::json::object params{{"cursor", first.at("nextCursor")}};
  while (true) {
    const auto start = page_start(params);
    REQUIRE(start);
    boost::json::object page;
    fill_page(page, "tools", all, *start, 2);
    for (const auto& item : page.at("tools").as_array()) {
      seen.push_back(item);
    }
    if (!page.contains("nextCursor")) {
      break;
    }
    params["cursor"] = page.at("nextCursor");
  }
  CHECK(seen.size() == 5);
  CHECK(seen.back() == 4);
}

TEST_CASE("a cursor the server did not make is refused", "[mcp][pagination]") {
  for (const boost::json::value& cursor : {boost::json::value("bogus"),
                                           boost::json::value("lf-page-"),
                                           boost::json::value("lf-page-1x"),
                                           boost::json::value(3)}) {
    CHECK_FALSE(page_start(boost::json::object{{"cursor", cursor}}));
  }
  CHECK(page_start(boost::json::object{{"cursor", nullptr}}) == 0);
}
