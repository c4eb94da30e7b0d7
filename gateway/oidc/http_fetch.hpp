// gateway/oidc/http_fetch.hpp — the gateway's outbound HTTP to an OpenID provider (discovery,
// JWKS, token endpoint). In: a URL (http or https only), for POST a form and the client's
// credentials. Out: the status and body, or an empty status on a transport failure (refused,
// timed out, body over the size limit). Never follows redirects: a provider's endpoints are the
// ones its discovery document names.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace gateway::oidc {

struct HttpResponse {
  long status = 0;  // 0: no answer (transport failure, timeout, too large)
  std::string body;
  std::string error;  // why there was no answer
};

using FormFields = std::vector<std::pair<std::string, std::string>>;

// The boundary: libcurl in production; tests of the flow use a real provider instead of a fake.
class HttpFetcher {
 public:
  virtual ~HttpFetcher() = default;
  virtual HttpResponse get(const std::string& url) = 0;
  // An application/x-www-form-urlencoded POST with HTTP Basic client authentication
  // (client_secret_basic: id and secret form-urlencoded first, RFC 6749 §2.3.1).
  virtual HttpResponse post_form(const std::string& url, const FormFields& fields,
                                 const std::string& client_id,
                                 const std::string& client_secret) = 0;
};

class CurlFetcher final : public HttpFetcher {
 public:
  explicit CurlFetcher(std::chrono::milliseconds timeout, size_t max_body = 512 * 1024);
  HttpResponse get(const std::string& url) override;
  HttpResponse post_form(const std::string& url, const FormFields& fields,
                         const std::string& client_id, const std::string& client_secret) override;

 private:
  std::chrono::milliseconds timeout_;
  size_t max_body_;
};

// application/x-www-form-urlencoded escaping of one value.
std::string form_escape(std::string_view value);

}  // namespace gateway::oidc
