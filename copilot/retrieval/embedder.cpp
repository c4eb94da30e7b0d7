#include "copilot/retrieval/embedder.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string>

namespace copilot::retrieval {
namespace {

constexpr float kWordWeight = 1.0F;
constexpr float kBigramWeight = 0.6F;
constexpr float kTrigramWeight = 0.25F;

// Words too common to say what a question is about.
bool is_stopword(std::string_view w) {
  static constexpr std::array<std::string_view, 40> kStop = {
      "a",    "an",   "the",  "of",    "in", "on",   "for",  "to",   "and",   "or",
      "is",   "are",  "was",  "were",  "be", "by",   "with", "what", "which", "how",
      "me",   "my",   "our",  "we",    "us", "do",   "does", "did",  "show",  "give",
      "list", "many", "much", "there", "at", "from", "it",   "this", "that",  "please"};
  for (auto s : kStop) {
    if (s == w) return true;
  }
  return false;
}

uint64_t fnv1a(std::string_view prefix, std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : prefix) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

void add(std::vector<float>& v, std::string_view prefix, std::string_view feature, float weight) {
  const uint64_t h = fnv1a(prefix, feature);
  const size_t index = static_cast<size_t>(h % v.size());
  v[index] += (h >> 63) != 0 ? -weight : weight;
}

// Crude stemming so that "rentals" and "rental", "categories" and "category" meet.
std::string stem(std::string w) {
  if (w.size() > 4 && w.ends_with("ies")) return w.substr(0, w.size() - 3) + "y";
  if (w.size() > 3 && w.ends_with('s') && !w.ends_with("ss")) w.pop_back();
  return w;
}

}  // namespace

std::string HashingEmbedder::name() const {
  return "hashing-ngram-v1-" + std::to_string(dimensions_);
}

std::vector<float> HashingEmbedder::embed(std::string_view text) const {
  std::vector<float> v(dimensions_, 0.0F);
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty() && !is_stopword(word)) words.push_back(stem(word));
    word.clear();
  };
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0) {
      word.push_back(static_cast<char>(std::tolower(c)));
    } else {
      flush();  // any other character ends a word: v_payment_scoped → v, payment, scoped
    }
  }
  flush();
  for (size_t i = 0; i < words.size(); ++i) {
    add(v, "w:", words[i], kWordWeight);
    if (i + 1 < words.size()) add(v, "b:", words[i] + " " + words[i + 1], kBigramWeight);
    if (words[i].size() >= 3) {
      const std::string padded = "#" + words[i] + "#";
      for (size_t j = 0; j + 3 <= padded.size(); ++j) {
        add(v, "c:", std::string_view(padded).substr(j, 3), kTrigramWeight);
      }
    }
  }
  double norm = 0;
  for (float x : v) norm += static_cast<double>(x) * x;
  if (norm > 0) {
    const auto inv = static_cast<float>(1.0 / std::sqrt(norm));
    for (float& x : v) x *= inv;
  }
  return v;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0;
  double na = 0;
  double nb = 0;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  if (na == 0 || nb == 0) return 0;
  return dot / (std::sqrt(na) * std::sqrt(nb));
}

std::string vector_literal(const std::vector<float>& v) {
  std::string out = "[";
  out.reserve(v.size() * 11 + 2);
  std::array<char, 32> buffer{};
  for (size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out.push_back(',');
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v[i]);
    out.append(buffer.data(), ec == std::errc() ? end : buffer.data());
  }
  out.push_back(']');
  return out;
}

}  // namespace copilot::retrieval
