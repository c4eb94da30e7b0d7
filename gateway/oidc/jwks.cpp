#include "gateway/oidc/jwks.hpp"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sodium.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>

namespace gateway::oidc {
namespace {

using nlohmann::json;

// Owners for the OpenSSL handles a key is built with: freed on every path.
struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamDeleter>;

BnPtr bignum(std::string_view bytes) {
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                         static_cast<int>(bytes.size()), nullptr));
}

PkeyPtr from_params(const char* type, OSSL_PARAM_BLD* bld) {
  const ParamPtr params(OSSL_PARAM_BLD_to_param(bld));
  if (!params) return nullptr;
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0) return nullptr;
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) return nullptr;
  return PkeyPtr(raw);
}

PkeyPtr rsa_key(std::string_view n, std::string_view e) {
  // 2048 bits at least; 8192 at most (a verification must stay cheap).
  if (n.size() < 256 || n.size() > 1024 || e.empty() || e.size() > 8) return nullptr;
  const BnPtr bn_n = bignum(n);
  const BnPtr bn_e = bignum(e);
  const ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld) return nullptr;
  if (OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    return nullptr;
  }
  return from_params("RSA", bld.get());
}

PkeyPtr p256_key(std::string_view x, std::string_view y) {
  if (x.size() != 32 || y.size() != 32) return nullptr;
  std::string point = "\x04";
  point.append(x).append(y);
  const ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld) return nullptr;
  static char group[] = "prime256v1";
  if (OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return nullptr;
  }
  PkeyPtr key = from_params("EC", bld.get());
  if (!key) return nullptr;
  // fromdata does not prove the point is on the curve: check it.
  const PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return nullptr;
  return key;
}

std::optional<std::string> pem_of(EVP_PKEY* key) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return std::nullopt;
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length <= 0 || data == nullptr) return std::nullopt;
  return std::string(data, static_cast<size_t>(length));
}

std::optional<std::string> string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<Jwk> read_key(const json& jwk) {
  if (!jwk.is_object()) return std::nullopt;
  const auto kty = string_member(jwk, "kty");
  if (!kty) return std::nullopt;
  if (jwk.contains("use") && string_member(jwk, "use") != std::optional<std::string>("sig")) {
    return std::nullopt;
  }
  Jwk out;
  if (jwk.contains("kid")) {
    const auto kid = string_member(jwk, "kid");
    if (!kid || kid->empty() || kid->size() > 256) return std::nullopt;
    out.kid = *kid;
  }
  PkeyPtr key;
  if (*kty == "RSA") {
    out.alg = "RS256";
    const auto n = string_member(jwk, "n");
    const auto e = string_member(jwk, "e");
    if (!n || !e) return std::nullopt;
    const auto n_bytes = base64url_decode(*n);
    const auto e_bytes = base64url_decode(*e);
    if (!n_bytes || !e_bytes) return std::nullopt;
    key = rsa_key(*n_bytes, *e_bytes);
  } else if (*kty == "EC") {
    out.alg = "ES256";
    if (string_member(jwk, "crv") != std::optional<std::string>("P-256")) return std::nullopt;
    const auto x = string_member(jwk, "x");
    const auto y = string_member(jwk, "y");
    if (!x || !y) return std::nullopt;
    const auto x_bytes = base64url_decode(*x);
    const auto y_bytes = base64url_decode(*y);
    if (!x_bytes || !y_bytes) return std::nullopt;
    key = p256_key(*x_bytes, *y_bytes);
  } else {
    return std::nullopt;
  }
  // A key that names its algorithm must name the one its type is pinned to.
  if (jwk.contains("alg") && string_member(jwk, "alg") != std::optional<std::string>(out.alg)) {
    return std::nullopt;
  }
  if (!key) return std::nullopt;
  auto pem = pem_of(key.get());
  if (!pem) return std::nullopt;
  out.pem = std::move(*pem);
  return out;
}

}  // namespace

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out(text.size() * 3 / 4 + 1, '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), /*ignore=*/nullptr, &length, /*b64_end=*/nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.find('\0'));
  return out;
}

std::vector<Jwk> parse_jwks(std::string_view document) {
  std::vector<Jwk> keys;
  const json parsed = json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return keys;
  const auto it = parsed.find("keys");
  if (it == parsed.end() || !it->is_array()) return keys;
  std::set<std::string> kids;
  for (const auto& jwk : *it) {
    if (keys.size() >= 32) break;
    auto key = read_key(jwk);
    if (!key) continue;
    if (!key->kid.empty() && !kids.insert(key->kid).second) {
      // Two keys under one kid: neither can be trusted to be "the" key.
      std::erase_if(keys, [&](const Jwk& k) { return k.kid == key->kid; });
      continue;
    }
    keys.push_back(std::move(*key));
  }
  return keys;
}

const Jwk* find_key(const std::vector<Jwk>& keys, std::string_view kid) {
  if (kid.empty()) return keys.size() == 1 ? keys.data() : nullptr;
  for (const auto& key : keys) {
    if (key.kid == kid) return &key;
  }
  return nullptr;
}

}  // namespace gateway::oidc
