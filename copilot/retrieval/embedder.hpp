// copilot/retrieval/embedder.hpp — text → unit vector, behind an interface so an
// OpenAI-compatible /v1/embeddings client can replace the offline one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace copilot::retrieval {

inline constexpr size_t kDimensions = 384;  // rag_documents.embedding is vector(384)

class Embedder {
 public:
  virtual ~Embedder() = default;
  // An L2-normalised vector of dimensions() floats (all zeros for text without words).
  [[nodiscard]] virtual std::vector<float> embed(std::string_view text) const = 0;
  [[nodiscard]] virtual std::string name() const = 0;
  [[nodiscard]] virtual size_t dimensions() const = 0;
};

// Deterministic and offline: hashed word unigrams, word bigrams and character trigrams (signed
// feature hashing, FNV-1a), L2-normalised. Same text → same vector on every machine.
class HashingEmbedder final : public Embedder {
 public:
  explicit HashingEmbedder(size_t dimensions = kDimensions) : dimensions_(dimensions) {}
  [[nodiscard]] std::vector<float> embed(std::string_view text) const override;
  [[nodiscard]] std::string name() const override;
  [[nodiscard]] size_t dimensions() const override { return dimensions_; }

 private:
  size_t dimensions_;
};

// Cosine similarity of two vectors of equal size (0 when either is all zeros).
double cosine(const std::vector<float>& a, const std::vector<float>& b);
// pgvector's text form: [0.1,0.2,...]
std::string vector_literal(const std::vector<float>& v);

}  // namespace copilot::retrieval
