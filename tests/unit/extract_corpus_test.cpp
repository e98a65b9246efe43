// Scores the extractor on the project's own annotated texts (tests/extract): agreement-level
// F1 and per-field accuracy must stay above a floor. Matching follows score-extract: a pair
// shares a party (names compared without suffixes) and agrees on type or value.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "mtrack/extract/extract.hpp"
#include "mtrack/util/text.hpp"

using namespace mtrack;

namespace {

std::string norm(std::string s) {
  s = text::lower(s);
  std::string out;
  for (char c : s) out.push_back((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : ' ');
  static const std::set<std::string> k_suffix = {"inc",         "ltd", "limited", "llc", "corp",
                                                 "corporation", "co",  "plc",     "pty", "the"};
  std::string r;
  for (const auto& w : text::split(out, ' ')) {
    if (w.empty() || k_suffix.count(w)) continue;
    if (!r.empty()) r += ' ';
    r += w;
  }
  return r;
}

std::set<std::string> parties_of(const Agreement& a) {
  std::set<std::string> s;
  for (const auto& p : a.parties) s.insert(norm(p.name));
  return s;
}

}  // namespace

TEST(ExtractCorpus, OwnTextsScoreAboveFloor) {
  const std::string dir = std::string(MTRACK_SOURCE_DIR) + "/tests/extract/";
  const YAML::Node gold = YAML::LoadFile(dir + "gold.yaml");
  int n_gold = 0, n_pred = 0, matched = 0, type_ok = 0, parties_ok = 0, value_ok = 0;
  for (const auto& entry : gold) {
    std::ifstream in(dir + "texts/" + entry["article"].as<std::string>(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto pred = extract::extract(ss.str()).agreements;
    n_pred += static_cast<int>(pred.size());
    std::vector<bool> used(pred.size(), false);
    for (const auto& g : entry["agreements"]) {
      ++n_gold;
      std::set<std::string> gp;
      for (const auto& p : g["parties"]) gp.insert(norm(p.as<std::string>()));
      const std::string gt = g["type"].as<std::string>();
      long long gv = -1;
      if (g["value"] && g["value"].IsMap()) gv = g["value"]["amount"].as<long long>();
      for (std::size_t j = 0; j < pred.size(); ++j) {
        if (used[j]) continue;
        const auto pp = parties_of(pred[j]);
        bool overlap = false;
        for (const auto& p : pp) overlap = overlap || gp.count(p);
        const long long pv = pred[j].value ? pred[j].value->minor / 100 : -1;
        const bool same_type = std::string(to_string(pred[j].type)) == gt;
        if (!overlap || !(same_type || (gv >= 0 && gv == pv))) continue;
        used[j] = true;
        ++matched;
        type_ok += same_type;
        parties_ok += pp == gp;
        value_ok += gv == pv;
        break;
      }
    }
  }
  ASSERT_GT(n_gold, 0);
  const double precision = n_pred ? double(matched) / n_pred : 0;
  const double recall = double(matched) / n_gold;
  const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  EXPECT_GE(f1, 0.85) << "precision " << precision << " recall " << recall;
  ASSERT_GT(matched, 0);
  EXPECT_GE(double(type_ok) / matched, 0.85);
  EXPECT_GE(double(parties_ok) / matched, 0.80);
  EXPECT_GE(double(value_ok) / matched, 0.80);
}
